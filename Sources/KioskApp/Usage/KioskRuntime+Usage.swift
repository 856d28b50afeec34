import Foundation
import KioskCentral
import KioskCore
import KioskStore
import Logging
import PoolFormat

extension KioskRuntime {
    /// The largest batch the kiosk makes: half the hub's limit (`UsageBatch.maximumBytes`, 1 MiB).
    /// A batch is encoded in memory (several times its size while `JSONEncoder` works) and copied
    /// on its way out; half keeps a backlog's upload well inside the board's memory budget, and a
    /// batch of 512 KiB still holds about 4,500 counts (bench/README.md, "Usage batches").
    static let usageBatchBytes = UsageBatch.maximumBytes / 2

    /// The site's calendar (`[site] timezone`, checked when the configuration was read).
    var siteCalendar: SiteCalendar {
        SiteCalendar.zone(configuration.site.timeZone) ?? .fixed(offsetSeconds: 8 * 3600)
    }

    /// The round of the usage upload for this configuration; nil when uploads are off. Reads the
    /// token file now. `kernelSynchronized` and `random` are for tests.
    func usageRound(
        logger: Logger, kernelSynchronized: @escaping @Sendable () -> Bool = KernelClock.isSynchronized,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) throws -> UsageRound? {
        let upload = configuration.upload
        guard upload.enabled else { return nil }
        var hubConfiguration = HTTPUsageHub.Configuration()
        hubConfiguration.requestTimeout = .seconds(upload.timeoutSeconds)
        hubConfiguration.connectTimeout = min(hubConfiguration.connectTimeout, hubConfiguration.requestTimeout)
        hubConfiguration.userAgent = "yinling-kiosk/\(YinlingCommand.version)"
        let hub: HTTPUsageHub
        do {
            hub = try HTTPUsageHub(
                hubURL: upload.hubURL, token: try upload.resolvedToken(), configuration: hubConfiguration)
        } catch let error as SourceError {
            throw AppError("upload.hub_url: \(error.message)")
        }
        let outbox = SQLiteUsageOutbox(database: database)
        let calendar = siteCalendar
        let backoff = UploadBackoff(
            minimum: .seconds(upload.backoffMinimumSeconds), maximum: .seconds(upload.backoffMaximumSeconds))
        return UsageRound(
            outbox: outbox, hub: hub,
            uploader: UsageUploader(
                outbox: outbox, hub: hub, backoff: backoff, clock: clock, calendar: calendar, random: random,
                onEvent: { event in UsageRound.log(event, to: logger) }),
            clock: clock, calendar: calendar, site: configuration.site.id, maximumBytes: Self.usageBatchBytes,
            kernelSynchronized: kernelSynchronized, logger: logger)
    }

    /// The usage status from the database alone (no service): batches, plays, the clock.
    func storedUsageStatus() async throws -> UsageStatus {
        var status = try await SQLiteUsageOutbox(database: database).status(now: clock.now())
        status.enabled = configuration.upload.enabled
        status.hubURL = configuration.upload.hubURL.isEmpty ? nil : configuration.upload.hubURL
        return status
    }
}

extension KioskRuntime {
    /// The usage service of `yinling serve`, publishing into `tracker`; nil when uploads are off
    /// (the status then says so, with the plays waiting).
    func usageService(logger: Logger, tracker: SyncTracker) async throws -> UsageService? {
        guard let round = try usageRound(logger: logger) else {
            let stored = try? await storedUsageStatus()
            tracker.update { $0.usage = stored }
            return nil
        }
        return UsageService(
            round: round, interval: .seconds(configuration.upload.batchIntervalSeconds),
            hubURL: configuration.upload.hubURL, tracker: tracker, logger: logger)
    }
}
