import PoolFormat

extension SyncPlanner {
    /// A series (all its wanted episodes) or a single resource: cached whole or not at all.
    struct Unit {
        var resources: [Resource]
        var pinned: Bool
        var localViews: Double
        var nationalClicks: Double
        var position: Int
    }

    /// The wanted resources grouped into units, in the order they are fitted.
    func units(of resources: [Resource]) -> [Unit] {
        let excludedSeries = Set(curation.excludedSeries)
        let excludedResources = Set(curation.excludedResources)
        let pinnedSeries = Set(curation.pinnedSeries)
        let pinnedResources = Set(curation.pinnedResources)
        let categories = Set(curation.categories)
        var units: [Unit] = []
        var seriesUnit: [String: Int] = [:]
        for (position, resource) in resources.enumerated() {
            if excludedResources.contains(resource.id) { continue }
            if let series = resource.series, excludedSeries.contains(series) { continue }
            let pinned = pinnedResources.contains(resource.id) || resource.series.map(pinnedSeries.contains) == true
            guard pinned || categories.isEmpty || categories.contains(resource.topCategory) else { continue }
            if let series = resource.series, let index = seriesUnit[series] {
                units[index].resources.append(resource)
                units[index].pinned = units[index].pinned || pinned
                continue
            }
            if let series = resource.series { seriesUnit[series] = units.count }
            units.append(
                Unit(resources: [resource], pinned: pinned, localViews: 0, nationalClicks: 0, position: position))
        }
        for index in units.indices {
            let count = Double(units[index].resources.count)
            units[index].localViews =
                Double(units[index].resources.reduce(0) { $0 + (popularity.localViews[$1.id] ?? 0) }) / count
            units[index].nationalClicks = Double(units[index].resources.reduce(0) { $0 + ($1.clicks ?? 0) }) / count
        }
        return units.sorted { left, right in
            if left.pinned != right.pinned { return left.pinned }
            if left.localViews != right.localViews { return left.localViews > right.localViews }
            if left.nationalClicks != right.nationalClicks { return left.nationalClicks > right.nationalClicks }
            return left.position < right.position
        }
    }
}
