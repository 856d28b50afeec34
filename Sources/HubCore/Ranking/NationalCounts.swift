import PoolFormat

/// The hub's usage totals written back into the manifest by `yinling-hub publish --usage-data`:
/// `clicks` are the views and `learners` the completions of every year and every site. A resource
/// the hub has no counts for keeps the spreadsheet's 点击量 and 学习人数.
public struct NationalCounts: Sendable, Hashable {
    public var totals: [String: ResourceTotals]

    public init(_ totals: [ResourceTotals]) {
        var byResource: [String: ResourceTotals] = [:]
        for entry in totals { byResource[entry.resource] = entry }
        self.totals = byResource
    }

    /// `resource` with the hub's counts, when it has any.
    public func applied(to resource: Resource) -> Resource {
        guard let counted = totals[resource.id] else { return resource }
        var updated = resource
        updated.clicks = counted.views
        updated.learners = counted.completions
        return updated
    }

    /// How many of `resources` the hub has counts for.
    public func covered(_ resources: [Resource]) -> Int {
        resources.filter { totals[$0.id] != nil }.count
    }
}
