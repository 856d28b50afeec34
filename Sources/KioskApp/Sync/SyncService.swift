import ContentStore
import Foundation
import KioskCore
import KioskStore
import Logging
import ServiceLifecycle

/// Content sync inside `yinling serve`: on the daily schedule and on request from staff (the staff
/// page, the control socket). One sync at a time; this service is the only writer of the cache.
public final class SyncService: Service, SyncControl {
    let runtime: KioskRuntime
    let tracker: SyncTracker
    let gate = SyncGate()
    let schedule: SyncSchedule?
    let logger: Logger
    private let requests: AsyncStream<String>
    private let requestSink: AsyncStream<String>.Continuation

    public init(runtime: KioskRuntime, tracker: SyncTracker = SyncTracker(), logger: Logger) {
        self.runtime = runtime
        self.tracker = tracker
        self.logger = logger
        let pool = runtime.configuration.pool
        schedule =
            pool.url.isEmpty
            ? nil : SyncSchedule(window: pool.syncWindow, timeZone: runtime.configuration.site.timeZone)
        (requests, requestSink) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func run() async throws {
        if let last = try? await runtime.database.setting(Setting.lastSync),
            let summary = try? JSONDecoder().decode(SyncSummary.self, from: Data(last.utf8))
        {
            tracker.update { $0.last = summary }
        }
        await refreshStatus()
        await withTaskGroup(of: Void.self) { group in
            if let schedule {
                group.addTask { [requestSink, tracker] in
                    while !Task.isCancelled {
                        let next = schedule.next(after: Date())
                        tracker.update { $0.nextScheduled = ISO8601DateFormatter().string(from: next) }
                        try? await Task.sleep(for: .seconds(max(1, next.timeIntervalSinceNow)))
                        if !Task.isCancelled { requestSink.yield("schedule") }
                    }
                }
            }
            group.addTask { [self] in
                for await trigger in requests.cancelOnGracefulShutdown() {
                    await runOne(trigger: trigger)
                }
            }
            try? await gracefulShutdown()
            requestSink.finish()
            group.cancelAll()
        }
    }

    /// One sync; errors become the status's last result, never the service's end.
    private func runOne(trigger: String) async {
        logger.info("sync started (\(trigger))")
        // A pause that landed after the last sync ended (or while none ran) must not hold this one.
        gate.resume()
        do {
            let summary = try await runtime.withSyncEngine(gate: gate) { [tracker, logger] engine in
                try await engine.run { event in
                    tracker.record(event, trigger: trigger)
                    if case .fileProgress = event { return }
                    if let line = SyncLines.line(for: event) { logger.info("\(line)") }
                }
            }
            logger.info("sync \(summary.outcome): \(summary.message)")
        } catch let refusal as SyncRefusal {
            logger.error("sync refused: \(refusal.message)")
        } catch {
            tracker.record(.refused(reason: "\(error)"), trigger: trigger)
            logger.error("sync failed: \(error)")
        }
        await refreshStatus()
    }

    /// Disk and curation in the status, for the staff page.
    private func refreshStatus() async {
        let curation = try? await runtime.effectiveCuration()
        let space = try? runtime.cache.diskSpace()
        let cacheBytes = (try? await runtime.database.cachedFiles())?.reduce(0) { $0 + $1.bytes } ?? 0
        tracker.update { status in
            status.curation = curation
            if let space, let curation {
                status.disk = DiskStatus(
                    totalBytes: space.totalBytes, freeBytes: space.availableBytes, cacheBytes: cacheBytes,
                    budgetBytes: curation.curation.budget.bytes(ofDisk: space.totalBytes),
                    reserveBytes: curation.curation.reserveBytes)
            }
        }
    }

    // MARK: SyncControl

    public func status() async -> SyncStatus { tracker.status }

    public func updates() async -> AsyncStream<SyncStatus> { tracker.updates() }

    @discardableResult public func startSync(trigger: String) async -> Bool {
        if tracker.status.state != .idle {
            if gate.isPaused { gate.resume() }
            return false
        }
        requestSink.yield(trigger)
        return true
    }

    public func pause() async { gate.pause() }

    public func resume() async { gate.resume() }

    public func curation() async -> EffectiveCuration {
        (try? await runtime.effectiveCuration())
            ?? EffectiveCuration(file: runtime.configuration.curation, overrides: .init())
    }

    public func setCurationOverrides(_ overrides: CurationOverrides) async throws {
        try await runtime.database.setCurationOverrides(overrides)
        await refreshStatus()
    }
}
