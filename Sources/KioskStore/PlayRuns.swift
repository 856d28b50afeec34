import GRDB

/// Runs of consecutive play ids counted together (the `playBatchRange` table): how the outbox
/// marks plays counted without rewriting their rows.
struct PlayRuns {
    private(set) var runs: [ClosedRange<Int64>] = []
    private var open: ClosedRange<Int64>?

    /// The runs that reach `from` or beyond, in order.
    static func load(_ db: Database, from: Int64) throws -> PlayRuns {
        var loaded = PlayRuns()
        loaded.runs = try Row.fetchAll(
            db, sql: "SELECT firstID, lastID FROM playBatchRange WHERE lastID >= ? ORDER BY firstID", arguments: [from]
        ).map { ($0[0] as Int64)...($0[1] as Int64) }
        return loaded
    }

    /// Adds the next id of the scan to the open run (ids come in ascending order).
    mutating func add(_ id: Int64) {
        open = open.map { $0.lowerBound...id } ?? id...id
    }

    /// A play that is not counted now comes between: the open run ends.
    mutating func interrupt() {
        if let open { runs.append(open) }
        open = nil
    }

    /// Stores the runs, all counted by `batch`.
    mutating func store(_ db: Database, batch: Int) throws {
        interrupt()
        let statement = try db.makeStatement(
            sql: "INSERT INTO playBatchRange (firstID, lastID, batch) VALUES (?, ?, ?)")
        for run in runs { try statement.execute(arguments: [run.lowerBound, run.upperBound, batch]) }
    }

    /// Answers "is this id in a run?" for ascending ids, walking the runs once.
    struct Cursor {
        let runs: [ClosedRange<Int64>]
        var index = 0

        mutating func contains(_ id: Int64) -> Bool {
            while index < runs.count, runs[index].upperBound < id { index += 1 }
            return index < runs.count && runs[index].contains(id)
        }
    }

    func cursor() -> Cursor { Cursor(runs: runs) }
}
