import PoolFormat

/// The counts of one site, resource, day and source, summed over every stored batch: the finest
/// grain the protocol has (`yinling-hub counts`; the exactly-once test compares it with its own).
public struct DailyCount: Sendable, Hashable, Encodable {
    public var site: String
    /// The sums, in the shape of a batch's row (`day` nil: plays whose day was never established).
    public var count: UsageCount

    /// One flat object: the batch row's fields (`"day": null` when unknown) and `site`.
    public func encode(to encoder: any Encoder) throws {
        try count.encode(to: encoder)
        var container = encoder.container(keyedBy: SiteKey.self)
        try container.encode(site, forKey: .site)
    }

    private enum SiteKey: String, CodingKey { case site }

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
                guard var sum = sums[key] else {
                    sums[key] = DailyCount(site: batch.site, count: count)
                    continue
                }
                sum.count.plays += count.plays
                sum.count.views += count.views
                sum.count.completions += count.completions
                sum.count.watchSeconds += count.watchSeconds
                sums[key] = sum
            }
        }

        /// By site, resource, day (unknown first), source.
        public var counts: [DailyCount] {
            sums.sorted { left, right in
                (left.key.site, left.key.resource, left.key.day ?? "", left.key.source.rawValue)
                    < (right.key.site, right.key.resource, right.key.day ?? "", right.key.source.rawValue)
            }.map(\.value)
        }
    }
}
