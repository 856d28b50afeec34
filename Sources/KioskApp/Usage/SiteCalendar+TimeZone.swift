import Foundation
import KioskCore

extension SiteCalendar {
    /// The calendar of an IANA time zone (`[site] timezone`); nil when the zone is unknown.
    public static func zone(_ identifier: String) -> SiteCalendar? {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        return SiteCalendar { milliseconds in
            Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(milliseconds) / 1000))) * 1000
        }
    }
}
