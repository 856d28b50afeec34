import Foundation
import KioskCore
import KioskStore
import KioskTesting
import Logging
import PoolFormat

@testable import KioskApp

/// A kiosk whose uploads go to a ``FakeHub`` on 127.0.0.1: the real database, outbox and HTTP
/// client. Backoff bounds 1 s to 60 s; rounds never sleep (the tests look at what they ask for).
struct UploadFixture {
    static let token = "secret-token-0123456789"
    static let site = "sh-test-0001"
    let directory = TemporaryDirectory("upload")
    let hub: FakeHub
    let runtime: KioskRuntime

    init(hub: FakeHub, backoffMinimum: Double = 1, backoffMaximum: Double = 60) throws {
        self.hub = hub
        var configuration = KioskConfiguration()
        configuration.storage.dataDirectory = directory.appending("data")
        configuration.storage.cacheDirectory = directory.appending("cache")
        configuration.site.id = Self.site
        configuration.upload.enabled = true
        configuration.upload.hubURL = hub.baseURL
        configuration.upload.token = Self.token
        configuration.upload.backoffMinimumSeconds = backoffMinimum
        configuration.upload.backoffMaximumSeconds = backoffMaximum
        runtime = try KioskRuntime.open(configuration, purpose: "test")
    }

    var outbox: SQLiteUsageOutbox { SQLiteUsageOutbox(database: runtime.database) }

    static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    /// A round with the kernel's NTP status and the jitter fixed (1: the top of each backoff step).
    func round(kernelSynchronized: Bool = true, random: Double = 1) throws -> UsageRound {
        guard
            let round = try runtime.usageRound(
                logger: Self.logger, kernelSynchronized: { kernelSynchronized }, random: { random })
        else { throw AppError("uploads are off in the fixture") }
        return round
    }

    /// Logs settled plays of an earlier boot whose clock was trusted: `count` plays of `resource`,
    /// 40 s each (views), on 2026-11-20 (Shanghai).
    func seed(_ resource: String, count: Int = 1, boot: String = "past-boot", token: String = UUID().uuidString)
        async throws
    {
        try await outbox.recordEvidence(
            ClockEvidence(bootID: boot, offsetMilliseconds: TestCalendar.november20, source: .kernel))
        let log = SQLitePlayLog(database: runtime.database)
        for index in 0..<count {
            let start = EventTime(wallMilliseconds: 1, bootID: boot, monotonicNanoseconds: 3_600_000_000_000)
            let end = EventTime(wallMilliseconds: 2, bootID: boot, monotonicNanoseconds: 3_640_000_000_000)
            let play = try await log.start(
                PlayRecord(
                    token: "\(token)-\(index)", resourceID: resource, source: .tv, durationSeconds: 600, started: start,
                    startPosition: 0, position: 0, playedSeconds: 0, updated: start, ended: false))
            _ = try await log.update(
                token: play.token, with: PlayUpdate(position: 40, playedSeconds: 40, ended: true, at: end))
        }
    }

    /// Seeds plays of `resources`, one batch each.
    func batches(_ resources: [String]) async throws {
        for resource in resources {
            try await seed(resource)
            _ = try await outbox.makeBatches(
                UsageBatchRequest(
                    site: Self.site, kioskVersion: "test", now: runtime.clock.now(), calendar: TestCalendar.shanghai))
        }
    }
}
