/// Local day numbers of a site, fast: the zone's UTC offsets over a span, looked up by binary
/// search, so counting a million plays does not ask the time zone database a million times.
public struct DayNumbers: Sendable {
    /// Where each offset starts (the first: the beginning of time), ascending.
    let starts: [Int64]
    let offsets: [Int64]

    /// The offsets of `calendar` between two instants (milliseconds since 1970); outside the span
    /// the nearest offset applies.
    public init(calendar: SiteCalendar, from: Int64, to: Int64) {
        let segments = calendar.offsetSegments(from: from, to: max(from, to))
        starts = segments.map { $0.start ?? .min }
        offsets = segments.map(\.offsetMilliseconds)
    }

    /// The local day (from 1970-01-01) of an instant, as ``SiteCalendar/dayNumber(atMilliseconds:)``.
    public func dayNumber(atMilliseconds milliseconds: Int64) -> Int64 {
        var low = 0
        var high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= milliseconds { low = middle } else { high = middle - 1 }
        }
        return (milliseconds + offsets[low]).floorDivided(by: SiteCalendar.dayMilliseconds)
    }
}
