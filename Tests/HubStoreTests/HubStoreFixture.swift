import Foundation
import GRDB
import HubCore
import HubStore
import KioskTesting
import PoolFormat

/// A hub database in a temporary directory with two sites in two regions.
struct HubStoreFixture {
    let directory = TemporaryDirectory("hubstore")
    let database: HubDatabase
    let usage: SQLiteUsageStore
    let sites: SQLiteSiteRegistry
    static let xuhui = Site(id: "sh-xuhui-0012", region: "徐汇区", addedAt: Date(timeIntervalSince1970: 1_700_000_000))
    static let haidian = Site(id: "bj-haidian-0001", region: "海淀区", addedAt: Date(timeIntervalSince1970: 1_700_000_000))
    static let arrival = ISO8601DateFormatter().date(from: "2026-11-21T02:00:06Z")!

    init(maximumGroup: Int = 64) async throws {
        database = try HubDatabase(directory: directory.appending("data"))
        usage = SQLiteUsageStore(database: database, maximumGroup: maximumGroup)
        sites = SQLiteSiteRegistry(database: database)
        _ = try await sites.add(Self.xuhui, tokenSHA256: SiteToken.sha256("xuhui-token"))
        _ = try await sites.add(Self.haidian, tokenSHA256: SiteToken.sha256("haidian-token"))
    }

    /// `batch` as the hub receives it: its canonical bytes, arriving at `at`.
    func received(_ batch: UsageBatch, at: Date = Self.arrival) -> ReceivedBatch {
        ReceivedBatch(batch: batch, body: batch.encoded(), receivedAt: at)
    }

    /// Rows of a table, read straight from the file with a connection of its own.
    func rows(in table: String) throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? -1 }
    }

    /// The stored bodies, in the order they were stored.
    func bodies() throws -> [Data] {
        try read { db in try Data.fetchAll(db, sql: "SELECT body FROM batchBody ORDER BY batch") }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: directory.appending("data/hub.sqlite"))
        defer { try? queue.close() }
        return try queue.read(body)
    }
}
