import Foundation
import KioskCentral
import KioskCore
import KioskStore
import Logging
import PoolFormat

/// One round of the usage upload: learn whether the clock is right, turn settled plays into
/// batches, send the pending batches (docs/usage.md). `yinling serve` runs rounds on its
/// schedule and when staff ask; `yinling upload` without a service runs one.
struct UsageRound: Sendable {
    let outbox: SQLiteUsageOutbox
    let hub: HTTPUsageHub
    let uploader: UsageUploader<SQLiteUsageOutbox, HTTPUsageHub>
    let clock: any EventClock
    let calendar: SiteCalendar
    let site: String
    let maximumBytes: Int
    /// The kernel's NTP status (``KernelClock``), injected for tests.
    let kernelSynchronized: @Sendable () -> Bool
    let logger: Logger

    /// Learns the time, makes batches when `makeBatches`, and sends what is pending.
    func run(makeBatches: Bool) async throws -> UsageUploader<SQLiteUsageOutbox, HTTPUsageHub>.Round {
        try await learnTime()
        if makeBatches { try await batch() }
        return try await uploader.sendPending()
    }

    /// Closes the hub client's connections; once, after the last round.
    func shutdown() async {
        await hub.shutdown()
    }

    /// Records this boot's clock evidence if there is none yet: the kernel's NTP status, else,
    /// when plays wait for the clock, the hub's `Date` (one HEAD request; any upload's answer
    /// brings one too).
    func learnTime() async throws {
        let now = clock.now()
        guard !(try await outbox.evidence()).contains(where: { $0.bootID == now.bootID }) else { return }
        if kernelSynchronized() {
            try await outbox.recordEvidence(.kernel(at: now))
            logger.info("usage: the clock is trusted (the kernel reports NTP synchronisation)")
        } else if try await outbox.status(now: now).waitingForClock > 0, let date = await hub.currentDate() {
            try await outbox.recordEvidence(.hub(date: date, receivedAt: clock.now()))
            logger.info("usage: the clock is trusted (the hub's Date header)")
        }
    }

    /// Batches what is settled; logs what it made.
    func batch() async throws {
        let started = ContinuousClock.now
        let request = UsageBatchRequest(
            site: site, kioskVersion: YinlingCommand.version, now: clock.now(), calendar: calendar,
            maximumBytes: maximumBytes)
        let numbers = try await outbox.makeBatches(request)
        guard let first = numbers.first, let last = numbers.last else { return }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        logger.info(
            "usage: made batch\(numbers.count > 1 ? "es \(first)–\(last)" : " \(first)") in \(String(format: "%.3f", seconds)) s"
        )
    }

    /// Logs each answer: acknowledged quietly, kept loudly when staff must act.
    static func log(_ event: UsageUploader<SQLiteUsageOutbox, HTTPUsageHub>.Event, to logger: Logger) {
        switch event {
        case .acknowledged(let batch, let duplicate):
            logger.info("usage: batch \(batch) acknowledged\(duplicate ? " (the hub had it already)" : "")")
        case .kept(let failure, let wait):
            let line = "usage: batch \(failure.batch) kept: \(failure.message); next try in \(Self.words(wait))"
            if failure.needsStaff { logger.error("\(line)") } else { logger.warning("\(line)") }
        }
    }

    /// `1.5 s`, `12 min`, `3.0 h`.
    static func words(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        if seconds < 120 { return String(format: "%.1f s", seconds) }
        if seconds < 7200 { return "\(Int(seconds / 60)) min" }
        return String(format: "%.1f h", seconds / 3600)
    }
}
