/// Where the hub learns each resource's title and category (a port: `yinling-hub` reads the
/// published pool's `manifest.json`, again whenever it changes).
public protocol CatalogSource: Sendable {
    /// The catalog as it is now.
    func catalog() async throws -> ResourceCatalog
}

extension ResourceCatalog: CatalogSource {
    /// A fixed catalog is its own source.
    public func catalog() async throws -> ResourceCatalog { self }
}

extension Ranking {
    /// The ranking `query` asks for, from `store`'s totals and `catalog`'s titles and categories:
    /// what the HTTP API, the page and `yinling-hub report` all show.
    public static func compute(_ query: RankingQuery, store: some UsageStore, catalog: some CatalogSource)
        async throws -> Ranking
    {
        let totals = try await store.totals(year: query.year, region: query.region)
        return Ranking(query: query, totals: totals, catalog: try await catalog.catalog())
    }
}
