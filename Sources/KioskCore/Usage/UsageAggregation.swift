import PoolFormat

/// Turns plays into the counts of the next batch: the reference for the store's SQL, which must
/// give the same result (a test compares the two on random plays).
///
/// A play is batched when it is settled (``PlayCounting/isSettled(ended:updated:now:)``) and its
/// day is established or can never be: plays of the current boot wait while its clock is not
/// trusted, so a wrong wall clock never puts a count on a wrong day.
public enum UsageAggregation {
    /// Whether a play goes into the next batch.
    public enum Batching: Sendable, Hashable {
        /// Not (yet): still in progress, its day is provisional, or it was batched already.
        case wait
        /// Yes, counted on `day` (nil: `"day": null`).
        case batch(day: String?)
    }

    /// Whether `play` goes into the next batch, and on which day.
    public static func batching(of play: CountablePlay, now: EventTime, days: DayResolver) -> Batching {
        guard !play.batched, PlayCounting.isSettled(ended: play.ended, updated: play.updated, now: now) else {
            return .wait
        }
        switch days.day(of: play.started) {
        case .known(let day): return .batch(day: day)
        case .unknown: return .batch(day: nil)
        case .provisional: return .wait
        }
    }

    /// The counts of the next batch: one row per day × resource × source with new settled plays,
    /// in the order the store writes them (day, null first; resource by bytes; source).
    public static func counts(of plays: [CountablePlay], now: EventTime, days: DayResolver) -> [UsageCount] {
        struct Key: Hashable {
            var day: String?
            var resource: String
            var source: PlaySource
        }
        var totals: [Key: PlayTally] = [:]
        for play in plays {
            guard case .batch(let day) = batching(of: play, now: now, days: days) else { continue }
            totals[Key(day: day, resource: play.resourceID, source: play.source), default: PlayTally()] +=
                PlayCounting.tally(of: play)
        }
        return totals.map { key, tally in
            UsageCount(
                resource: key.resource, day: key.day, source: UsageSource(rawValue: key.source.rawValue) ?? .phone,
                plays: tally.plays, views: tally.views, completions: tally.completions,
                watchSeconds: tally.watchSeconds)
        }.sorted(by: Self.storeOrder)
    }

    /// Day (null first), then resource id by its bytes, then source: SQLite's `ORDER BY`.
    public static func storeOrder(_ a: UsageCount, _ b: UsageCount) -> Bool {
        if a.day != b.day {
            guard let left = a.day else { return true }
            guard let right = b.day else { return false }
            return left < right
        }
        if a.resource != b.resource { return a.resource.utf8.lexicographicallyPrecedes(b.resource.utf8) }
        return a.source.rawValue < b.source.rawValue
    }
}
