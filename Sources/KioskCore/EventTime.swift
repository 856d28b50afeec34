/// When something happened, in the three clocks USAGE-PROTOCOL.md asks for: the wall clock (which
/// may be wrong on a board without RTC), and the boot id with the monotonic clock (which are right).
public struct EventTime: Sendable, Hashable, Codable {
    /// Milliseconds since 1970 by the wall clock.
    public var wallMilliseconds: Int64
    /// `/proc/sys/kernel/random/boot_id`: changes at every boot.
    public var bootID: String
    /// Nanoseconds of the monotonic clock since boot.
    public var monotonicNanoseconds: Int64

    public init(wallMilliseconds: Int64, bootID: String, monotonicNanoseconds: Int64) {
        self.wallMilliseconds = wallMilliseconds
        self.bootID = bootID
        self.monotonicNanoseconds = monotonicNanoseconds
    }

    /// Seconds from `earlier` to `self` by the monotonic clock, or nil when they are from different boots.
    public func seconds(since earlier: EventTime) -> Double? {
        guard bootID == earlier.bootID else { return nil }
        return Double(monotonicNanoseconds - earlier.monotonicNanoseconds) / 1e9
    }
}

/// The source of ``EventTime``s; injected so tests control time and boots.
public protocol EventClock: Sendable {
    /// The time now.
    func now() -> EventTime
}
