import Foundation
import GRDB
import KioskCore
import PoolFormat

extension SQLiteUsageOutbox {
    /// Turns every settled play not counted yet whose day is established (or can never be) into
    /// numbered batches, in one transaction with marking those plays counted; returns the numbers
    /// made (none when nothing is new). One pass over the plays from the watermark on, with the
    /// rules of ``UsageAggregation``; the counts stream into batches of at most `maximumBytes`.
    public func makeBatches(_ request: UsageBatchRequest) async throws -> [Int] {
        try await database.writer.write { db in try Self.makeBatches(db, request) }
    }

    static func makeBatches(_ db: Database, _ request: UsageBatchRequest) throws -> [Int] {
        let now = request.now
        let evidence = try Self.evidence(db)
        let from = try countedBelow(db)
        let counted = try PlayRuns.load(db, from: from)
        let offsets = evidence.map(\.offsetMilliseconds) + [now.wallMilliseconds]
        // Every time a play of a trusted boot can have: from the earliest boot's start to two
        // years past the latest (boots run for less than that).
        let days = DayNumbers(
            calendar: request.calendar, from: offsets.min() ?? 0, to: (offsets.max() ?? 0) + 2 * 366 * 86_400_000)
        var totals = UsageTotals()
        var runs = PlayRuns()
        var firstWaiting: Int64?
        var lastSeen: Int64?
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.id, p.resourceID, p.source = 'tv', p.durationSeconds, p.startedMonotonic, t.offsetMilliseconds,
                  p.startedBoot = :boot, p.ended, p.updatedBoot = :boot, p.updatedMonotonic, p.playedSeconds,
                  p.furthestPosition
                FROM play p LEFT JOIN clockTrust t ON t.bootID = p.startedBoot
                WHERE p.id >= :from ORDER BY p.id
                """,
            arguments: ["boot": now.bootID, "from": from])
        var earlier = counted.cursor()
        while let row = try cursor.next() {
            let id: Int64 = row[0]
            lastSeen = id
            if earlier.contains(id) {
                runs.interrupt()
                continue
            }
            let settled = PlayCounting.isSettled(
                ended: row[7], updatedInCurrentBoot: row[8], updatedMonotonic: row[9],
                nowMonotonic: now.monotonicNanoseconds)
            let batching = UsageAggregation.batching(
                settled: settled, startedMonotonic: row[4], bootOffset: row[5], startedInCurrentBoot: row[6],
                dayNumber: days.dayNumber(atMilliseconds:))
            guard case .batch(let day) = batching else {
                if firstWaiting == nil { firstWaiting = id }
                runs.interrupt()
                continue
            }
            runs.add(id)
            let tv: Bool = row[2]
            totals.add(
                PlayCounting.tally(durationSeconds: row[3], playedSeconds: row[10], furthestPosition: row[11]),
                day: day, resource: row[1], source: tv ? .tv : .phone)
        }
        let numbers = try Self.store(totals, db, request, evidence: evidence)
        if let last = numbers.last { try runs.store(db, batch: last) }
        // Everything before the first play still waiting is counted now.
        let below = firstWaiting ?? lastSeen.map { $0 + 1 } ?? from
        if below != from {
            try db.execute(
                sql:
                    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [Setting.usageCountedBelow, String(below)])
        }
        return numbers
    }

    /// Writes the totals as numbered batches.
    static func store(_ totals: UsageTotals, _ db: Database, _ request: UsageBatchRequest, evidence: [ClockEvidence])
        throws -> [Int]
    {
        guard totals.count > 0 else { return [] }
        let resolver = DayResolver(calendar: request.calendar, currentBoot: request.now.bootID, evidence: evidence)
        var writer = BatchWriter(
            db: db, site: request.site,
            installation: try String.fetchOne(
                db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Setting.installationID]) ?? "",
            createdAt: request.calendar.timestamp(atMilliseconds: resolver.bestMilliseconds(of: request.now)),
            version: request.kioskVersion, maximumBytes: request.maximumBytes,
            next: (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM usageBatch") ?? 0) + 1)
        try totals.forEachSorted { try writer.add($0) }
        try writer.finish()
        return writer.numbers
    }

    /// The watermark: every play with a smaller id is counted.
    static func countedBelow(_ db: Database) throws -> Int64 {
        try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Setting.usageCountedBelow])
            .flatMap { Int64($0) } ?? 0
    }
}
