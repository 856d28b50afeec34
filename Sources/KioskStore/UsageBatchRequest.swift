import KioskCore
import PoolFormat

/// What a batch needs besides the plays: who sends it, when, and the site's calendar.
public struct UsageBatchRequest: Sendable {
    /// `[site] id`.
    public var site: String
    /// The software version written into `kiosk.version`.
    public var kioskVersion: String
    /// Now, by the kiosk's clocks: settles plays, and names the current boot.
    public var now: EventTime
    public var calendar: SiteCalendar
    /// The largest body; the hub's limit unless a test wants smaller batches.
    public var maximumBytes: Int

    public init(
        site: String, kioskVersion: String, now: EventTime, calendar: SiteCalendar,
        maximumBytes: Int = UsageBatch.maximumBytes
    ) {
        self.site = site
        self.kioskVersion = kioskVersion
        self.now = now
        self.calendar = calendar
        self.maximumBytes = maximumBytes
    }
}
