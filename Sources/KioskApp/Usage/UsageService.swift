import Foundation
import KioskCore
import KioskStore
import Logging
import ServiceLifecycle
import Synchronization

/// The usage upload inside `yinling serve` (docs/usage.md): a round at start, then settled
/// plays become a batch every `[upload] batch_interval_seconds`, and pending batches are sent in
/// order until the hub acknowledges each, waiting between failures as ``UsageUploader`` says.
/// Staff start a round now with `yinling upload` (control socket) or the staff page.
public final class UsageService: Service, UsageControl {
    let round: UsageRound
    let interval: Duration
    let hubURL: String
    let tracker: SyncTracker?
    let logger: Logger
    /// Waits between rounds; tests inject one that records what was asked.
    let sleep: (@Sendable (Duration) async -> Void)?
    private let alarm = Alarm()
    private let state = Mutex(State())

    struct State {
        /// The monotonic nanoseconds of the last round that made batches.
        var lastBatching: Int64?
        var nextAttemptAt: String?
        /// Set by a staff round: when (monotonic nanoseconds) its plan says to try next.
        var staffDeadline: Int64?
        /// Staff rounds in progress (run for the control socket's handlers), cancelled at shutdown:
        /// an upload in flight is abandoned (its batch stays pending) rather than holding the stop.
        var staffRounds: [UUID: Task<Duration, Never>] = [:]
        var stopping = false
    }

    init(
        round: UsageRound, interval: Duration, hubURL: String, tracker: SyncTracker?, logger: Logger,
        sleep: (@Sendable (Duration) async -> Void)? = nil
    ) {
        self.round = round
        self.interval = interval
        self.hubURL = hubURL
        self.tracker = tracker
        self.logger = logger
        self.sleep = sleep
    }

    public func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                var wait = await runRound(staff: false)
                while !Task.isCancelled {
                    if let sleep { await sleep(wait) } else { await alarm.sleep(for: wait) }
                    if Task.isCancelled { break }
                    // Staff ran a round meanwhile: keep to the wait that round decided.
                    if let remaining = takeStaffDeadline() {
                        wait = remaining
                        continue
                    }
                    wait = await runRound(staff: false)
                }
            }
            try? await gracefulShutdown()
            group.cancelAll()
            let staff = state.withLock { state in
                state.stopping = true
                return Array(state.staffRounds.values)
            }
            for round in staff { round.cancel() }
        }
        await round.shutdown()
    }

    /// One round; returns how long to wait before the next. Errors are logged, never the end.
    func runRound(staff: Bool) async -> Duration {
        let now = round.clock.now()
        let intervalNanoseconds = Self.nanoseconds(interval)
        let last = state.withLock { $0.lastBatching }
        let due = staff || last.map { now.monotonicNanoseconds - $0 >= intervalNanoseconds } ?? true
        var wait: Duration
        do {
            let result = try await round.run(makeBatches: due)
            if due { state.withLock { $0.lastBatching = now.monotonicNanoseconds } }
            switch result {
            case .done:
                let since = now.monotonicNanoseconds - (state.withLock { $0.lastBatching } ?? now.monotonicNanoseconds)
                wait = .nanoseconds(max(0, intervalNanoseconds - since))
            case .retry(let after, _, _):
                wait = after
            }
        } catch {
            logger.error("usage: \(error)")
            wait = interval
        }
        let next = round.calendar.timestamp(
            atMilliseconds: round.clock.now().wallMilliseconds + Self.nanoseconds(wait) / 1_000_000)
        state.withLock { $0.nextAttemptAt = next }
        await publish()
        return wait
    }

    /// The status into the staff page's stream.
    private func publish() async {
        let status = await usageStatus()
        tracker?.update { $0.usage = status }
    }

    // MARK: UsageControl

    public func usageStatus() async -> UsageStatus {
        var status = (try? await round.outbox.status(now: round.clock.now())) ?? UsageStatus()
        status.enabled = true
        status.hubURL = hubURL
        status.nextAttemptAt = state.withLock { $0.nextAttemptAt }
        return status
    }

    public func uploadNow() async -> UsageStatus {
        let id = UUID()
        let staffRound = Task { await runRound(staff: true) }
        let stopping = state.withLock { state in
            if !state.stopping { state.staffRounds[id] = staffRound }
            return state.stopping
        }
        if stopping { staffRound.cancel() }
        let wait = await staffRound.value
        state.withLock { _ = $0.staffRounds.removeValue(forKey: id) }
        let deadline = round.clock.now().monotonicNanoseconds + Self.nanoseconds(wait)
        state.withLock { $0.staffDeadline = deadline }
        // The scheduled loop wakes and keeps to this round's plan.
        alarm.ring()
        return await usageStatus()
    }

    /// The time left until the staff round's plan, once; nil when no staff round ran or it is due.
    private func takeStaffDeadline() -> Duration? {
        let deadline = state.withLock { state in
            defer { state.staffDeadline = nil }
            return state.staffDeadline
        }
        guard let deadline else { return nil }
        let left = deadline - round.clock.now().monotonicNanoseconds
        return left > 0 ? .nanoseconds(left) : nil
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
    }
}
