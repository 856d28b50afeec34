import Foundation
import KioskCore
import KioskStore
import KioskTesting
import PoolFormat
import Testing

/// `yinling upload` and the usage part of `yinling status`, the real executable against a hub on
/// 127.0.0.1 (docs/usage.md). How the exactly-once test seeds plays and reads acknowledgements.
@Suite("End to end: usage upload")
struct UploadTests {
    static func site(_ hub: FakeHub, extra: String = "") throws -> KioskSite {
        try KioskSite(
            extra: """
                [site]
                id = "sh-e2e-0001"
                [upload]
                hub_url = "\(hub.baseURL)"
                token = "e2e-token"
                backoff_min_seconds = 0.01
                backoff_max_seconds = 0.05
                \(extra)
                """)
    }

    /// Logs `count` finished plays of `resource` (40 s of a 600 s video: views) straight into the
    /// database, in a past boot whose clock offset puts them on 2026-11-20 in Shanghai.
    static func seed(_ site: KioskSite, _ resource: String, count: Int) async throws {
        try FileManager.default.createDirectory(atPath: site.dataDirectory, withIntermediateDirectories: true)
        let database = try KioskDatabase(path: site.dataDirectory + "/kiosk.sqlite")
        defer { try? database.close() }
        try await SQLiteUsageOutbox(database: database).recordEvidence(
            ClockEvidence(bootID: "e2e-boot", offsetMilliseconds: TestCalendar.november20, source: .kernel))
        let log = SQLitePlayLog(database: database)
        for _ in 0..<count {
            let start = EventTime(wallMilliseconds: 1, bootID: "e2e-boot", monotonicNanoseconds: 36_000_000_000_000)
            let end = EventTime(wallMilliseconds: 2, bootID: "e2e-boot", monotonicNanoseconds: 36_040_000_000_000)
            let play = try await log.start(
                PlayRecord(
                    token: UUID().uuidString, resourceID: resource, source: .tv, durationSeconds: 600, started: start,
                    startPosition: 0, position: 0, playedSeconds: 0, updated: start, ended: false))
            _ = try await log.update(
                token: play.token, with: PlayUpdate(position: 40, playedSeconds: 40, ended: true, at: end))
        }
    }

    static func run(_ site: KioskSite, _ arguments: [String]) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await ChildProcess.run(KioskSite.yinling, arguments + ["--config", site.config])
    }

    static func usage(_ json: String) throws -> UsageStatus {
        try JSONDecoder().decode(UsageStatus.self, from: Data(json.utf8))
    }

    @Test func uploadWithoutTheServiceSendsEverySettledPlayOnce() async throws {
        let hub = try await FakeHub()
        let site = try Self.site(hub)
        try await Self.seed(site, "R1", count: 5)
        try await Self.seed(site, "R2", count: 2)
        let first = try await Self.run(site, ["upload", "--json"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let status = try Self.usage(first.stdout)
        #expect(status.pendingBatches == 0 && status.lastAcknowledgedBatch == 1 && status.unbatchedPlays == 0)
        #expect(try hub.totals() == ["R1|2026-11-20|tv": [5, 5, 0, 200], "R2|2026-11-20|tv": [2, 2, 0, 80]])
        #expect(hub.requests.first { $0.method == "POST" }?.authorization == "Bearer e2e-token")

        let again = try await Self.run(site, ["upload"])
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("0 batches waiting") && again.stdout.contains("last acknowledged: #1"))
        #expect(hub.postedBatchNumbers == [1])
        try await hub.shutdown()
    }

    @Test func aRefusedTokenIsKeptAndShownByStatusAndUpload() async throws {
        let hub = try await FakeHub()
        let site = try Self.site(hub)
        try await Self.seed(site, "R1", count: 1)
        hub.answer([.init(status: 401, body: #"{"error": "unknown token"}"#)])
        let refused = try await Self.run(site, ["upload"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("1 batch waiting") && refused.stdout.contains("(401,"))
        #expect(refused.stdout.contains("check [upload] token"), "\(refused.stdout)")
        #expect(refused.stderr.contains("batch 1 kept"), "logged loudly: \(refused.stderr)")

        let status = try await Self.run(site, ["status", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
        let usage = try JSONDecoder().decode(
            UsageStatus.self, from: try JSONSerialization.data(withJSONObject: object["usage"] ?? [:]))
        #expect(usage.enabled && usage.pendingBatches == 1 && usage.lastError?.status == 401)
        #expect(usage.lastError?.kind == .unauthorized)
        let text = try await Self.run(site, ["status"])
        #expect(text.stdout.contains("Usage:") && text.stdout.contains("unknown token"))

        let fixed = try await Self.run(site, ["upload"])
        #expect(fixed.status == 0 && fixed.stdout.contains("last acknowledged: #1"))
        try await hub.shutdown()
    }

    @Test func whileTheServiceRunsUploadGoesThroughIt() async throws {
        let hub = try await FakeHub()
        let site = try Self.site(hub, extra: "batch_interval_seconds = 3600")
        // Seeded before the service starts: a play of another boot counts as settled at once, so
        // a round must not see one half-written (started, not yet ended).
        try await Self.seed(site, "R7", count: 3)
        let (server, _) = try await site.serve()
        let result = try await Self.run(site, ["upload", "--json"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let status = try Self.usage(result.stdout)
        #expect(status.lastAcknowledgedBatch == 1 && status.nextAttemptAt != nil)
        #expect(try hub.totals() == ["R7|2026-11-20|tv": [3, 3, 0, 120]])

        let shown = try await Self.run(site, ["status", "--json"])
        #expect(shown.stdout.contains(#""lastAcknowledgedBatch" : 1"#), "\(shown.stdout)")
        server.signal(SIGTERM)
        #expect(try await server.wait() == 0)
        try await hub.shutdown()
    }

    @Test func uploadSaysWhenUploadsAreOff() async throws {
        let site = try KioskSite()
        let result = try await Self.run(site, ["upload"])
        #expect(result.status == 1 && result.stderr.contains("usage upload is off"))
        let status = try await Self.run(site, ["status"])
        #expect(status.stdout.contains("Usage:     upload off"))
    }
}
