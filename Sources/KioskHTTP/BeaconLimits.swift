import Hummingbird
import KioskCore
import Synchronization

/// The play reports' limits per client address (``KioskCore/BeaconLimiter``), shared by the play
/// routes of one server. Kept in memory only; the address is never stored or logged.
///
/// The board itself (loopback: the TV's own browser) is not limited: phones never come from it.
final class BeaconLimits: Sendable {
    private let starts: Mutex<BeaconLimiter>
    private let reports: Mutex<BeaconLimiter>
    private let clock: any EventClock

    init(clock: any EventClock, starts: BeaconLimiter.Rule = .starts, reports: BeaconLimiter.Rule = .reports) {
        self.clock = clock
        self.starts = Mutex(BeaconLimiter(rule: starts))
        self.reports = Mutex(BeaconLimiter(rule: reports))
    }

    /// Takes one start (or report) from the client's bucket, or answers 429 with `Retry-After`.
    func take(start: Bool, context: KioskRequestContext) throws {
        if let address = context.remoteAddress?.ipAddress, Self.isLoopback(address) { return }
        let key = context.clientAddress
        let now = clock.now().monotonicNanoseconds
        let wait = start ? starts.withLock { $0.take(key, now: now) } : reports.withLock { $0.take(key, now: now) }
        guard let wait else { return }
        throw HTTPError(
            .tooManyRequests, headers: [.retryAfter: String(wait)],
            message: "too many play reports from this device; try again in \(wait) s")
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }
}
