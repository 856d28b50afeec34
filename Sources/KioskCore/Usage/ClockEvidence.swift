/// What the kiosk learned about the true time during one boot (USAGE-PROTOCOL.md, "The play log").
///
/// On a board without a real-time clock the wall clock is wrong until network time arrives, but
/// the monotonic clock of a boot is right. Once the true time is known at one moment of a boot
/// (the kernel reports NTP synchronisation, or the hub's `Date` header arrives), every event of
/// that boot can be placed: true time = monotonic time + ``offsetMilliseconds``. The first
/// evidence of a boot is kept for good, so a play's day never moves once a batch counted it.
public struct ClockEvidence: Sendable, Hashable, Codable {
    /// How the true time was learned.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The kernel said the wall clock is NTP-synchronised (`adjtimex`).
        case kernel
        /// A `Date` header of the hub's answer.
        case hub
    }

    public var bootID: String
    /// True milliseconds since 1970 minus the boot's monotonic milliseconds.
    public var offsetMilliseconds: Int64
    public var source: Source

    public init(bootID: String, offsetMilliseconds: Int64, source: Source) {
        self.bootID = bootID
        self.offsetMilliseconds = offsetMilliseconds
        self.source = source
    }

    /// The wall clock is right at `time` (the kernel is synchronised).
    public static func kernel(at time: EventTime) -> ClockEvidence {
        ClockEvidence(
            bootID: time.bootID, offsetMilliseconds: time.wallMilliseconds - time.monotonicNanoseconds / 1_000_000,
            source: .kernel)
    }

    /// The hub said it is `date` when its answer arrived at `time`. The header has whole seconds,
    /// so the middle of that second is taken.
    public static func hub(date: HTTPDate, receivedAt time: EventTime) -> ClockEvidence {
        ClockEvidence(
            bootID: time.bootID,
            offsetMilliseconds: date.secondsSince1970 * 1000 + 500 - time.monotonicNanoseconds / 1_000_000,
            source: .hub)
    }

    /// The true time of an event of this boot, in milliseconds since 1970.
    public func trueMilliseconds(of time: EventTime) -> Int64 {
        time.monotonicNanoseconds / 1_000_000 + offsetMilliseconds
    }
}
