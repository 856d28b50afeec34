/// A year's ranking of resources (市民喜爱的学习视频课程): ordered by views (点击量), then
/// completions, then watch seconds, then resource id so equal totals always come out the same.
///
/// Computed from the store's totals (already limited to the query's year and region) and the
/// catalog (for the category filter, titles and categories). Ranks are the positions 1, 2, 3, …
public struct Ranking: Sendable, Hashable {
    /// One ranked resource.
    public struct Entry: Sendable, Hashable {
        public var rank: Int
        public var resource: String
        /// The manifest's title; the id when the manifest does not list it.
        public var title: String
        /// The top-level category; empty when the manifest does not list it.
        public var category: String
        public var plays: Int
        public var views: Int
        public var completions: Int
        public var watchSeconds: Int
    }

    public var query: RankingQuery
    public var entries: [Entry]

    public init(query: RankingQuery, totals: [ResourceTotals], catalog: ResourceCatalog) {
        self.query = query
        let chosen = totals.filter { totals in
            guard let category = query.category else { return true }
            return catalog.entries[totals.resource]?.category == category
        }
        let ordered = chosen.sorted(by: Self.ranksBefore).prefix(query.limit)
        entries = ordered.enumerated().map { index, totals in
            let known = catalog.entries[totals.resource]
            return Entry(
                rank: index + 1, resource: totals.resource, title: known?.title ?? totals.resource,
                category: known?.category ?? "", plays: totals.plays, views: totals.views,
                completions: totals.completions, watchSeconds: totals.watchSeconds)
        }
    }

    /// The ranking order: views, completions, watch seconds (each more first), then resource id.
    public static func ranksBefore(_ left: ResourceTotals, _ right: ResourceTotals) -> Bool {
        if left.views != right.views { return left.views > right.views }
        if left.completions != right.completions { return left.completions > right.completions }
        if left.watchSeconds != right.watchSeconds { return left.watchSeconds > right.watchSeconds }
        return left.resource < right.resource
    }
}
