import KioskCore
import Synchronization

/// An ``EventClock`` that tests move by hand, and whose boot id they can change.
public final class ManualClock: EventClock {
    private let time: Mutex<EventTime>

    public init(wallMilliseconds: Int64 = 1_790_000_000_000, bootID: String = "boot-1") {
        time = Mutex(EventTime(wallMilliseconds: wallMilliseconds, bootID: bootID, monotonicNanoseconds: 5_000_000_000))
    }

    public func now() -> EventTime { time.withLock { $0 } }

    /// Moves both clocks forward.
    public func advance(seconds: Double) {
        time.withLock { time in
            time.wallMilliseconds += Int64(seconds * 1000)
            time.monotonicNanoseconds += Int64(seconds * 1e9)
        }
    }

    /// A reboot: a new boot id, the monotonic clock starts again.
    public func reboot(bootID: String) {
        time.withLock { time in
            time.bootID = bootID
            time.monotonicNanoseconds = 1_000_000_000
        }
    }
}
