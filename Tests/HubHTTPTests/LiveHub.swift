import Foundation
import HTTPTypes
import HubCore
import HubHTTP
import HubStore
import Hummingbird
import HummingbirdTesting
import KioskTesting
import Logging
import NIOCore
import PoolFormat
import Synchronization

/// The hub's real HTTP server over a real SQLite file, on a free port for one test: two sites in
/// two regions with their tokens, an admin token, a small catalog, and a clock the test sets.
struct LiveHub {
    let directory = TemporaryDirectory("hubhttp")
    let database: HubDatabase
    let usage: SQLiteUsageStore
    let sites: SQLiteSiteRegistry
    let clock = TestClock(ISO8601DateFormatter().date(from: "2026-11-21T02:00:06Z")!)
    let xuhuiToken = SiteToken.generate().text
    let haidianToken = SiteToken.generate().text
    let adminToken = SiteToken.generate().text
    static let catalog = ResourceCatalog(entries: [
        "YS-TJQ-01": .init(title: "太极拳入门 <第1集>", category: "养生保健"),
        "KJ-WX-01": .init(title: "智能手机：微信视频通话", category: "科技应用"),
        "KJ-FZP-01": .init(title: "识别电信诈骗", category: "科技应用"),
    ])

    init() async throws {
        database = try HubDatabase(directory: directory.appending("data"))
        usage = SQLiteUsageStore(database: database)
        sites = SQLiteSiteRegistry(database: database)
        let added = Date(timeIntervalSince1970: 1_700_000_000)
        _ = try await sites.add(
            Site(id: "sh-xuhui-0012", region: "徐汇区", addedAt: added), tokenSHA256: SiteToken.sha256(xuhuiToken))
        _ = try await sites.add(
            Site(id: "bj-haidian-0001", region: "海淀区", addedAt: added), tokenSHA256: SiteToken.sha256(haidianToken))
        try await sites.setAdminToken(sha256: SiteToken.sha256(adminToken))
    }

    /// Runs `body` against the live server.
    func test(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "hub-test")
        logger.logLevel = .critical
        let clock = clock
        let dependencies = HubServer.Dependencies(
            usage: usage, sites: sites, catalog: Self.catalog, now: { clock.now })
        let app = HubServer.buildApplication(
            dependencies, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        try await app.test(.live) { client in try await body(client) }
    }

    /// Every stored (resource → views) of every year and region.
    func storedViews() async throws -> [String: Int] {
        Dictionary(uniqueKeysWithValues: try await usage.totals(year: nil, region: nil).map { ($0.resource, $0.views) })
    }
}

/// "Now", as the test says.
final class TestClock: Sendable {
    private let date: Mutex<Date>
    init(_ date: Date) { self.date = Mutex(date) }
    var now: Date { date.withLock { $0 } }
    func set(_ new: Date) { date.withLock { $0 = new } }
}

extension TestClientProtocol {
    /// POSTs `body` to the ingest endpoint with `token` (none when nil).
    func postUsage(_ body: Data, token: String?) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await execute(uri: "/api/v1/usage", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    /// The `message` of an `{"error": {"message": …}}` answer.
    var errorMessage: String {
        let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        return (object?["error"] as? [String: Any])?["message"] as? String ?? ""
    }
}
