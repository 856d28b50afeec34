import Foundation
import KioskCore

/// Site calendars for tests, built from Foundation's time zones as the kiosk's own are.
public enum TestCalendar {
    /// The calendar of an IANA zone (the test fails loudly if the zone is unknown).
    public static func zone(_ identifier: String) -> SiteCalendar {
        guard let zone = TimeZone(identifier: identifier) else {
            preconditionFailure("unknown time zone \(identifier)")
        }
        return SiteCalendar { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0) / 1000))) * 1000 }
    }

    /// Asia/Shanghai, the default site zone.
    public static let shanghai = zone("Asia/Shanghai")

    /// 2026-11-20 00:00 in Asia/Shanghai, in milliseconds since 1970.
    public static let november20: Int64 = 1_795_104_000_000
}
