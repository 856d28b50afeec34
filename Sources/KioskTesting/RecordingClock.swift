import Synchronization

/// A clock whose sleeps return at once: each moves its time forward by the sleep and is recorded,
/// so tests of waits (backoff, `Retry-After`, bandwidth limits) assert on what was asked, never
/// on wall time.
public final class RecordingClock: Clock, Sendable {
    /// A point on this clock: the time since it was made.
    public struct Instant: InstantProtocol {
        public var offset: Duration

        public init(offset: Duration) { self.offset = offset }
        public func advanced(by duration: Duration) -> Self { Self(offset: offset + duration) }
        public func duration(to other: Self) -> Duration { other.offset - offset }
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.offset < rhs.offset }
    }

    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    public init() {}

    public var now: Instant { Instant(offset: state.withLock { $0.now }) }
    public var minimumResolution: Duration { .zero }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(max(deadline.offset - state.now, .zero))
            state.now = max(state.now, deadline.offset)
        }
    }

    /// Every sleep asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    /// The sum of the sleeps, in seconds.
    public var totalSleepSeconds: Double {
        sleeps.reduce(0) { total, sleep in
            let (seconds, attoseconds) = sleep.components
            return total + Double(seconds) + Double(attoseconds) / 1e18
        }
    }

    /// A sleep function for APIs that take one (retry policies).
    public var sleepFunction: @Sendable (Duration) async throws -> Void {
        { [self] duration in try await sleep(for: duration) }
    }
}
