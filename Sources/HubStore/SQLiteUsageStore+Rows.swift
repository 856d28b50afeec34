import GRDB
import HubCore
import PoolFormat

extension SQLiteUsageStore {
    /// What a new batch adds: its body as received, and its counts' sums added to `total`.
    ///
    /// The sums are made per (year, resource) first, then written many rows per statement: a batch
    /// of 200 counts is 4 statements instead of 200 (bench/README.md, "Hub ingest").
    static func insertCounts(of received: ReceivedBatch, batchID: Int64, in db: Database) throws {
        let body = try db.cachedStatement(sql: "INSERT INTO batchBody (batch, body) VALUES (?, ?)")
        try body.execute(arguments: [batchID, received.body])
        let batch = received.batch
        var sums: [String: Int] = [:]
        var totals: [(year: Int, resource: String, sums: [Int])] = []
        for (row, year) in zip(batch.counts, received.years) {
            let numbers = [row.plays, row.views, row.completions, row.watchSeconds]
            let key = "\(year)\u{0}\(row.resource)"
            if let index = sums[key] {
                for column in 0..<numbers.count { totals[index].sums[column] += numbers[column] }
            } else {
                sums[key] = totals.count
                totals.append((year, row.resource, numbers))
            }
        }
        var values: [(any DatabaseValueConvertible)?] = []
        values.reserveCapacity(totals.count * totalUpsert.columns)
        for total in totals {
            values += [
                batch.site, total.year, total.resource, total.sums[0], total.sums[1], total.sums[2], total.sums[3],
            ]
        }
        try totalUpsert.execute(values, in: db)
    }

    static let totalUpsert = MultiRowInsert(
        head: "INSERT INTO total (site, year, resource, plays, views, completions, watchSeconds) VALUES ",
        columns: 7,
        tail: """
             ON CONFLICT (site, year, resource) DO UPDATE SET plays = plays + excluded.plays, \
            views = views + excluded.views, completions = completions + excluded.completions, \
            watchSeconds = watchSeconds + excluded.watchSeconds
            """)
}

/// An `INSERT` of many rows per statement (`VALUES (…), (…), …`), with the statements cached.
struct MultiRowInsert: Sendable {
    static let rowsPerStatement = 50
    let columns: Int
    /// The SQL for 1, 2, … ``rowsPerStatement`` rows.
    private let statements: [String]

    init(head: String, columns: Int, tail: String) {
        self.columns = columns
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        statements = (1...Self.rowsPerStatement).map { count in
            head + Array(repeating: row, count: count).joined(separator: ", ") + tail
        }
    }

    /// Inserts `values`, ``columns`` per row.
    func execute(_ values: [(any DatabaseValueConvertible)?], in db: Database) throws {
        precondition(values.count % columns == 0, "whole rows")
        let perStatement = Self.rowsPerStatement * columns
        var start = 0
        while start < values.count {
            let end = min(start + perStatement, values.count)
            let statement = try db.cachedStatement(sql: statements[(end - start) / columns - 1])
            try statement.execute(arguments: StatementArguments(values[start..<end]))
            start = end
        }
    }
}
