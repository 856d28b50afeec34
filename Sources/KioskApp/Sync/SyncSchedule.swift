import Foundation

/// The daily sync window (`[pool] sync_window`, e.g. `02:00-05:00`, in the site's time zone).
///
/// A scheduled sync starts at a random minute in the first quarter of the window, so the sites of a
/// region do not all hit the pool server at the same second. A sync that started in the window runs
/// to its end (set `bandwidth_limit` for metered links).
struct SyncSchedule: Sendable {
    let startMinute: Int
    let endMinute: Int
    let timeZone: TimeZone

    init?(window: String, timeZone identifier: String) {
        let ends = window.split(separator: "-").map { $0.split(separator: ":").compactMap { Int($0) } }
        guard ends.count == 2, ends.allSatisfy({ $0.count == 2 }), let zone = TimeZone(identifier: identifier) else {
            return nil
        }
        startMinute = ends[0][0] * 60 + ends[0][1]
        endMinute = ends[1][0] * 60 + ends[1][1]
        timeZone = zone
    }

    /// The next start after `now`.
    func next(after now: Date, jitter: Double = Double.random(in: 0..<1)) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let length = (endMinute - startMinute + 24 * 60) % (24 * 60)
        let offset = Double(startMinute) * 60 + jitter * Double(max(1, length / 4)) * 60
        let today = calendar.startOfDay(for: now)
        let candidate = today.addingTimeInterval(offset)
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: today) ?? today.addingTimeInterval(86_400)
        return candidate > now ? candidate : tomorrow.addingTimeInterval(offset)
    }
}
