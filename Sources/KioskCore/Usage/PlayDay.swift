/// The local day a play is counted on, as far as the kiosk can know it.
public enum PlayDay: Sendable, Hashable {
    /// Established: the play's boot learned the true time (`"day": "2026-11-20"`).
    case known(String)
    /// Can never be established: an earlier boot that never learned the true time (`"day": null`;
    /// the hub counts it in the year it arrives).
    case unknown
    /// This boot has not learned the true time yet: the wall clock's day, which may be wrong.
    /// Such plays wait; they are not batched until the day is known or the boot is over.
    case provisional(String)
}

/// Places plays on local days from the clock evidence of their boots.
public struct DayResolver: Sendable {
    public let calendar: SiteCalendar
    /// The boot the kiosk runs in now.
    public let currentBoot: String
    /// Evidence per boot id.
    public let evidence: [String: ClockEvidence]

    public init(calendar: SiteCalendar, currentBoot: String, evidence: [ClockEvidence]) {
        self.calendar = calendar
        self.currentBoot = currentBoot
        self.evidence = Dictionary(evidence.map { ($0.bootID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Whether the clock of the current boot is trusted.
    public var isTrusted: Bool { evidence[currentBoot] != nil }

    /// The day of an event (a play's start).
    public func day(of time: EventTime) -> PlayDay {
        if let known = evidence[time.bootID] {
            return .known(calendar.day(atMilliseconds: known.trueMilliseconds(of: time)))
        }
        if time.bootID == currentBoot { return .provisional(calendar.day(atMilliseconds: time.wallMilliseconds)) }
        return .unknown
    }

    /// The true time now if known, else the wall clock (for `createdAt` and staff messages).
    public func bestMilliseconds(of time: EventTime) -> Int64 {
        evidence[time.bootID]?.trueMilliseconds(of: time) ?? time.wallMilliseconds
    }
}
