import Foundation
import GRDB
import HubCore
import PoolFormat

extension SQLiteUsageStore {
    public func totals(year: Int?, region: String?) async throws -> [ResourceTotals] {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let year {
            conditions.append("total.year = ?")
            values.append(year)
        }
        if let region {
            conditions.append("site.region = ?")
            values.append(region)
        }
        let arguments = StatementArguments(values)
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let join = region == nil ? "" : "JOIN site ON site.id = total.site"
        let sql = """
            SELECT total.resource, SUM(total.plays), SUM(total.views), SUM(total.completions), SUM(total.watchSeconds)
            FROM total \(join) \(filter) GROUP BY total.resource
            """
        return try await read("usage totals") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                ResourceTotals(
                    resource: row[0], plays: row[1], views: row[2], completions: row[3], watchSeconds: row[4])
            }
        }
    }

    public func activity() async throws -> [SiteActivity] {
        try await read("the sites' activity") { db in
            let sites = try SQLiteSiteRegistry.fetchSites(db)
            var installations: [String: [SiteActivity.Installation]] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT site, installation, MAX(number), MAX(receivedAt) FROM batch
                    GROUP BY site, installation ORDER BY site, installation
                    """)
            for row in rows {
                installations[row[0], default: []].append(
                    SiteActivity.Installation(
                        id: row[1], lastBatch: row[2], lastArrival: HubDatabase.date(milliseconds: row[3])))
            }
            return sites.map { SiteActivity(site: $0, installations: installations[$0.id] ?? []) }
        }
    }

    func read<T: Sendable>(_ what: String, _ body: @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await database.writer.read(body)
        } catch {
            throw StoreError(.read, "cannot read \(what): \(HubDatabase.describe(error))", underlying: error)
        }
    }
}

extension SQLiteUsageStore {
    public func dailyCounts(site: String?) async throws -> [DailyCount] {
        try await read("the stored batches") { db in
            var summer = DailyCount.Summer()
            let sql = """
                SELECT batchBody.body FROM batch JOIN batchBody ON batchBody.batch = batch.id
                \(site == nil ? "" : "WHERE batch.site = ?") ORDER BY batch.id
                """
            let bodies = try Data.fetchCursor(db, sql: sql, arguments: StatementArguments([site].compactMap { $0 }))
            while let body = try bodies.next() {
                // Every stored body passed this decoder when it arrived.
                summer.add(try UsageBatchDecoder.decode(body))
            }
            return summer.counts
        }
    }
}
