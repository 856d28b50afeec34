import PoolFormat

/// Turns plays into the counts of the next batch; the store runs the same functions over the
/// plays it reads, and a test compares its batches with ``counts(of:now:days:)``.
///
/// A play is batched when it is settled (``PlayCounting/isSettled(ended:updated:now:)``) and its
/// day is established or can never be: plays of the current boot wait while its clock is not
/// trusted, so a wrong wall clock never puts a count on a wrong day.
public enum UsageAggregation {
    /// Whether a play goes into the next batch.
    public enum Batching: Sendable, Hashable {
        /// Not (yet): still in progress, its day is provisional, or it was batched already.
        case wait
        /// Yes, counted on local day `dayNumber` (from 1970-01-01; nil: `"day": null`).
        case batch(dayNumber: Int64?)
    }

    /// The rule, on the values a store reads in bulk: `bootOffset` is the clock evidence of the
    /// play's boot (true time − monotonic time), nil when that boot never learned the time.
    public static func batching(
        settled: Bool, startedMonotonic: Int64, bootOffset: Int64?, startedInCurrentBoot: Bool,
        dayNumber: (Int64) -> Int64
    ) -> Batching {
        guard settled else { return .wait }
        if let bootOffset { return .batch(dayNumber: dayNumber(startedMonotonic / 1_000_000 + bootOffset)) }
        return startedInCurrentBoot ? .wait : .batch(dayNumber: nil)
    }

    /// Whether `play` goes into the next batch, and on which day.
    public static func batching(of play: CountablePlay, now: EventTime, days: DayResolver) -> Batching {
        guard !play.batched else { return .wait }
        return batching(
            settled: PlayCounting.isSettled(ended: play.ended, updated: play.updated, now: now),
            startedMonotonic: play.started.monotonicNanoseconds,
            bootOffset: days.evidence[play.started.bootID]?.offsetMilliseconds,
            startedInCurrentBoot: play.started.bootID == days.currentBoot,
            dayNumber: days.calendar.dayNumber(atMilliseconds:))
    }

    /// The counts of the next batch: one row per day × resource × source with new settled plays,
    /// in the order the store writes them (day, null first; resource by bytes; source).
    public static func counts(of plays: [CountablePlay], now: EventTime, days: DayResolver) -> [UsageCount] {
        var totals = UsageTotals()
        for play in plays {
            guard case .batch(let day) = batching(of: play, now: now, days: days) else { continue }
            totals.add(PlayCounting.tally(of: play), day: day, resource: play.resourceID, source: play.source)
        }
        return totals.counts()
    }
}
