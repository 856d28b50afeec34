import Foundation
import GRDB
import KioskCore
import PoolFormat

extension SQLiteUsageOutbox {
    /// Turns every settled play not counted yet whose day is established (or can never be) into
    /// numbered batches, in one transaction with marking those plays counted; returns the numbers
    /// made (none when nothing is new). The counts follow ``UsageAggregation`` exactly, computed by one SQL
    /// `GROUP BY` over the plays not counted yet, streamed into batches of at most `maximumBytes`.
    public func makeBatches(_ request: UsageBatchRequest) async throws -> [Int] {
        try await database.writer.write { db in try Self.makeBatches(db, request) }
    }

    static func makeBatches(_ db: Database, _ request: UsageBatchRequest) throws -> [Int] {
        let installation =
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Setting.installationID])
            ?? ""
        let evidence = try Self.evidence(db)
        let resolver = DayResolver(calendar: request.calendar, currentBoot: request.now.bootID, evidence: evidence)
        let createdAt = request.calendar.timestamp(atMilliseconds: resolver.bestMilliseconds(of: request.now))
        var writer = BatchWriter(
            db: db, site: request.site, installation: installation, createdAt: createdAt,
            version: request.kioskVersion, maximumBytes: request.maximumBytes,
            next: (try Int.fetchOne(db, sql: "SELECT MAX(number) FROM usageBatch") ?? 0) + 1)
        let arguments: StatementArguments = [
            "boot": request.now.bootID,
            "settledBefore": request.now.monotonicNanoseconds - PlayCounting.settleSeconds * 1_000_000_000,
        ]
        let day = UsageSQL.dayNumber(
            trueTime: "(p.startedMonotonic / 1000000 + t.offsetMilliseconds)",
            segments: UsageSQL.segments(evidence, now: request.now, calendar: request.calendar))
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT p.resourceID, p.source, CASE WHEN t.bootID IS NULL THEN NULL ELSE \(day) END AS day,
                  COUNT(*) AS plays, SUM(\(UsageSQL.isView("p"))) AS views,
                  SUM(\(UsageSQL.isCompletion("p"))) AS completions,
                  SUM(MAX(0, CAST(p.playedSeconds AS INTEGER))) AS watchSeconds
                FROM play p LEFT JOIN clockTrust t ON t.bootID = p.startedBoot
                WHERE \(UsageSQL.isCandidate("p", trusted: "t.bootID IS NOT NULL"))
                GROUP BY day, p.resourceID, p.source
                ORDER BY day, p.resourceID, p.source
                """,
            arguments: arguments)
        while let row = try cursor.next() {
            let dayNumber: Int64? = row[2]
            try writer.add(
                UsageCount(
                    resource: row[0], day: dayNumber.map(SiteCalendar.dayText),
                    source: UsageSource(rawValue: row[1]) ?? .phone, plays: row[3], views: row[4],
                    completions: row[5], watchSeconds: row[6]))
        }
        try writer.finish()
        guard let last = writer.numbers.last else { return [] }
        try db.execute(
            sql: """
                UPDATE play SET batch = :batch
                WHERE \(UsageSQL.isCandidate(
                    "play", trusted: "EXISTS (SELECT 1 FROM clockTrust WHERE bootID = play.startedBoot)"))
                """,
            arguments: arguments + ["batch": last])
        return writer.numbers
    }
}
