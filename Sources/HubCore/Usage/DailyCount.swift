import PoolFormat

/// The counts of one site, resource, day and source, summed over every stored batch: the finest
/// grain the protocol has (`yinling-hub counts`; the exactly-once tests compare it with what the
/// kiosks acknowledged).
public struct DailyCount: Sendable, Hashable, Codable {
    public var site: String
    public var resource: String
    /// `yyyy-mm-dd`, or nil for plays whose day the kiosk could never establish.
    public var day: String?
    public var source: UsageSource
    public var plays: Int
    public var views: Int
    public var completions: Int
    public var watchSeconds: Int

    /// `day` is written as `null` when unknown, never left out (as in the batches).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(site, forKey: .site)
        try container.encode(resource, forKey: .resource)
        try container.encode(day, forKey: .day)
        try container.encode(source, forKey: .source)
        try container.encode(plays, forKey: .plays)
        try container.encode(views, forKey: .views)
        try container.encode(completions, forKey: .completions)
        try container.encode(watchSeconds, forKey: .watchSeconds)
    }

    /// Sums the counts of batches, in any order, into ``DailyCount``s.
    public struct Summer: Sendable {
        private var sums: [Key: DailyCount] = [:]

        struct Key: Hashable {
            var site: String
            var resource: String
            var day: String?
            var source: UsageSource
        }

        public init() {}

        public mutating func add(_ batch: UsageBatch) {
            for count in batch.counts {
                let key = Key(site: batch.site, resource: count.resource, day: count.day, source: count.source)
                var sum =
                    sums[key]
                    ?? DailyCount(
                        site: batch.site, resource: count.resource, day: count.day, source: count.source, plays: 0,
                        views: 0, completions: 0, watchSeconds: 0)
                sum.plays += count.plays
                sum.views += count.views
                sum.completions += count.completions
                sum.watchSeconds += count.watchSeconds
                sums[key] = sum
            }
        }

        /// By site, resource, day (unknown first), source.
        public var counts: [DailyCount] {
            sums.values.sorted { left, right in
                (left.site, left.resource, left.day ?? "", left.source.rawValue)
                    < (right.site, right.resource, right.day ?? "", right.source.rawValue)
            }
        }
    }
}
