import CDispatch  // timespec, as seen through CGPIOD's headers
import Foundation
import KioskCore

#if canImport(Glibc)
import Glibc
#endif

/// The real clocks: wall time, this boot's id, and the monotonic clock.
public struct SystemEventClock: EventClock {
    /// Read once: it only changes with a reboot, which also restarts this process.
    public let bootID: String

    public init(bootIDPath: String = "/proc/sys/kernel/random/boot_id") {
        let text = (try? String(contentsOfFile: bootIDPath, encoding: .utf8)) ?? ""
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        // Without /proc (not Linux, or a sandbox hiding it) each run counts as its own boot.
        bootID = trimmed.isEmpty ? "unknown-" + UUID().uuidString.lowercased() : trimmed
    }

    public func now() -> EventTime {
        EventTime(
            wallMilliseconds: Self.read(CLOCK_REALTIME) / 1_000_000, bootID: bootID,
            monotonicNanoseconds: Self.read(CLOCK_MONOTONIC))
    }

    static func read(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Milliseconds since 1970 by the wall clock.
    public static func wallMilliseconds() -> Int64 { read(CLOCK_REALTIME) / 1_000_000 }
}
