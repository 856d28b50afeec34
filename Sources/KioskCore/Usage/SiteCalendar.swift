/// Local days and times in the site's time zone (`[site] timezone`, `Asia/Shanghai` by default).
///
/// The zone comes in as a function from an instant to its UTC offset, so this stays free of
/// Foundation: the composition root builds it from `TimeZone`, tests may use a fixed offset. Days
/// are numbered from 1970-01-01 (day 0), so plays group by a number; ``DayNumbers`` computes them
/// fast from ``offsetSegments(from:to:)``.
public struct SiteCalendar: Sendable {
    static let dayMilliseconds: Int64 = 86_400_000
    /// Milliseconds since 1970 → milliseconds the zone is ahead of UTC at that instant.
    let offsetAt: @Sendable (Int64) -> Int64

    public init(offsetMilliseconds: @escaping @Sendable (Int64) -> Int64) {
        self.offsetAt = offsetMilliseconds
    }

    /// A zone that is always `seconds` ahead of UTC (tests; zones without daylight saving).
    public static func fixed(offsetSeconds seconds: Int64) -> SiteCalendar {
        SiteCalendar { _ in seconds * 1000 }
    }

    /// The zone's offset at `milliseconds` since 1970.
    public func offsetMilliseconds(at milliseconds: Int64) -> Int64 { offsetAt(milliseconds) }

    /// The local day of an instant, counted from 1970-01-01.
    public func dayNumber(atMilliseconds milliseconds: Int64) -> Int64 {
        (milliseconds + offsetAt(milliseconds)).floorDivided(by: Self.dayMilliseconds)
    }

    /// `yyyy-mm-dd` of the local day of an instant.
    public func day(atMilliseconds milliseconds: Int64) -> String {
        Self.dayText(dayNumber(atMilliseconds: milliseconds))
    }

    /// `yyyy-mm-dd` of a day number.
    public static func dayText(_ dayNumber: Int64) -> String {
        let (year, month, day) = HTTPDate.civil(fromDays: dayNumber)
        return "\(year)-\(Self.two(month))-\(Self.two(day))"
    }

    /// ISO 8601 with the zone's offset, `2026-11-21T02:00:05+08:00` (whole seconds).
    public func timestamp(atMilliseconds milliseconds: Int64) -> String {
        let offset = offsetAt(milliseconds)
        let local = (milliseconds + offset).floorDivided(by: 1000)
        let days = local.floorDivided(by: 86_400)
        let second = local - days * 86_400
        let minutes = abs(offset) / 60_000
        let zone = "\(offset < 0 ? "-" : "+")\(Self.two(minutes / 60)):\(Self.two(minutes % 60))"
        return Self.dayText(days) + "T\(Self.two(second / 3600)):\(Self.two(second / 60 % 60)):\(Self.two(second % 60))"
            + zone
    }

    /// A stretch of time with one UTC offset, from `start` (nil: from the beginning) until the next segment.
    public struct OffsetSegment: Sendable, Hashable {
        public var start: Int64?
        public var offsetMilliseconds: Int64
    }

    /// The offsets in force between two instants, in order: one segment for a zone without
    /// changes, more across daylight-saving or rule changes.
    ///
    /// Found by sampling every ``sampleMilliseconds`` and bisecting each change to the second; zones
    /// never change twice within that step.
    public func offsetSegments(from start: Int64, to end: Int64) -> [OffsetSegment] {
        var segments = [OffsetSegment(start: nil, offsetMilliseconds: offsetAt(start))]
        var previous = start
        while previous < end {
            let next = min(previous + Self.sampleMilliseconds, end)
            let offset = offsetAt(next)
            if offset != segments[segments.count - 1].offsetMilliseconds {
                segments.append(
                    OffsetSegment(start: firstInstant(after: previous, upTo: next), offsetMilliseconds: offset))
            }
            previous = next
        }
        return segments
    }

    /// Sampling step of ``offsetSegments(from:to:)``: three hours.
    static let sampleMilliseconds: Int64 = 3 * 3_600_000

    /// The first instant in (low, high] whose offset differs from low's, to the millisecond.
    private func firstInstant(after low: Int64, upTo high: Int64) -> Int64 {
        let before = offsetAt(low)
        var (low, high) = (low, high)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offsetAt(middle) == before { low = middle } else { high = middle }
        }
        return high
    }

    private static func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
