import KioskCore

/// The counting rules of ``KioskCore/PlayCounting`` and ``KioskCore/UsageAggregation`` in SQL, so
/// that a million plays are counted by SQLite rather than decoded one by one.
enum UsageSQL {
    /// The play (table alias `p`) counts as a view.
    static func isView(_ p: String) -> String {
        "(\(p).playedSeconds >= MIN(\(PlayRules.viewMinimumSeconds), \(p).durationSeconds * \(PlayRules.viewFraction)))"
    }

    /// The play counts as a completion: a view that reached 90 %.
    static func isCompletion(_ p: String) -> String {
        "(\(isView(p)) AND \(p).furthestPosition >= \(p).durationSeconds * \(PlayRules.completionFraction))"
    }

    /// The play is not counted yet, is settled, and its day is established or can never be
    /// (`trusted`: its boot has clock evidence). Arguments `:boot` and `:settledBefore`.
    static func isCandidate(_ p: String, trusted: String) -> String {
        """
        \(p).batch IS NULL
          AND (\(p).ended = 1 OR \(p).updatedBoot != :boot OR \(p).updatedMonotonic <= :settledBefore)
          AND (\(p).startedBoot != :boot OR \(trusted))
        """
    }

    /// The site's UTC offsets over every time a play of a trusted boot can have: from the earliest
    /// boot's start to two years past the latest (boots run for less than that).
    static func segments(_ evidence: [ClockEvidence], now: EventTime, calendar: SiteCalendar)
        -> [SiteCalendar.OffsetSegment]
    {
        let offsets = evidence.map(\.offsetMilliseconds) + [now.wallMilliseconds]
        let twoYears: Int64 = 2 * 366 * 86_400_000
        return calendar.offsetSegments(from: offsets.min() ?? 0, to: (offsets.max() ?? 0) + twoYears)
    }

    /// The local day number of `trueTime` (an SQL expression of milliseconds since 1970): newest
    /// offset first, as most plays are recent.
    static func dayNumber(trueTime t: String, segments: [SiteCalendar.OffsetSegment]) -> String {
        let first = segments.first?.offsetMilliseconds ?? 0
        var offset = "\(first)"
        let changes = segments.dropFirst().reversed().compactMap { segment in
            segment.start.map { "WHEN \(t) >= \($0) THEN \(segment.offsetMilliseconds)" }
        }
        if !changes.isEmpty { offset = "CASE \(changes.joined(separator: " ")) ELSE \(first) END" }
        return "((\(t) + \(offset)) / 86400000)"
    }
}
