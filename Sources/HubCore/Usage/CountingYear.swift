import Foundation

/// Which year a count belongs to in the rankings (USAGE-PROTOCOL.md "The play log on the kiosk").
///
/// A count with a day belongs to that day's year, the site's local calendar day as the kiosk
/// sent it. A count whose day could never be established (`"day": null`) belongs to the year in
/// which its batch arrived, on the hub's calendar: China Standard Time (UTC+8, no daylight saving),
/// the time zone of every site.
public enum CountingYear {
    /// UTC+8: Asia/Shanghai without needing the time-zone database.
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600) ?? .gmt

    /// The year `day` (`yyyy-mm-dd`) falls in, or the year of `arrivedAt` in UTC+8 when it is nil.
    public static func year(of day: String?, arrivedAt: Date) -> Int {
        if let day, let year = Int(day.prefix(4)) { return year }
        return year(of: arrivedAt)
    }

    /// The calendar year of `date` in UTC+8.
    public static func year(of date: Date) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.component(.year, from: date)
    }
}
