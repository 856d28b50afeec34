import PoolFormat

/// Turns (manifest, curation, what is cached, popularity, space) into a ``SyncPlan``. Pure.
///
/// Rules, in order:
/// 1. Excluded series and resources are never cached; exclusion beats pinning.
/// 2. Pinned series and resources are wanted whatever their category; other resources are wanted when
///    their top-level category is included (all are, when `categories` is empty).
/// 3. A series is one unit: cached whole (all its wanted episodes) or not at all.
/// 4. Units are fitted into the capacity pinned first, then by popularity here (views in the play log
///    per resource), then nationally (`clicks` per resource), then in manifest order. A unit that does
///    not fit is left out and the next ones are still tried, so smaller units fill the rest.
/// 5. A file shared by several resources counts once.
public struct SyncPlanner: Sendable {
    public var curation: Curation
    public var popularity: Popularity

    public init(curation: Curation, popularity: Popularity = Popularity()) {
        self.curation = curation
        self.popularity = popularity
    }

    /// - Parameters:
    ///   - resources: the manifest's valid entries, in manifest order.
    ///   - cachedFiles: sha256 → bytes of every verified file in the cache.
    ///   - catalog: ids of the resources in the catalog now.
    ///   - capacityBytes: how many bytes the cache may hold in all (budget, and free space above the reserve).
    public func plan(
        resources: [Resource], cachedFiles: [String: Int64], catalog: Set<String>, capacityBytes: Int64
    ) -> SyncPlan {
        var plan = SyncPlan()
        plan.capacityBytes = capacityBytes
        var chosenFiles: [String: FileObject] = [:]
        var chosenIDs = Set<String>()
        var queued = Set<String>()
        for unit in units(of: resources) {
            let newFiles = unit.resources.flatMap(\.files).filter { chosenFiles[$0.sha256] == nil }
            let unique = Dictionary(newFiles.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
            let bytes = unique.values.reduce(0) { $0 + $1.bytes }
            if plan.chosenBytes + bytes <= capacityBytes {
                plan.chosenBytes += bytes
                chosenFiles.merge(unique) { first, _ in first }
                chosenIDs.formUnion(unit.resources.map(\.id))
                for resource in unit.resources {
                    queueDownloads(of: resource, cached: cachedFiles, queued: &queued, into: &plan)
                }
            } else {
                for resource in unit.resources {
                    plan.leftOut.append(
                        .init(
                            id: resource.id, title: resource.title, bytes: resource.files.reduce(0) { $0 + $1.bytes },
                            pinned: unit.pinned))
                }
            }
        }
        plan.chosen = resources.filter { chosenIDs.contains($0.id) }
        for resource in plan.chosen {
            if resource.files.allSatisfy({ cachedFiles[$0.sha256] == $0.bytes }) {
                plan.keep.append(resource.id)
            } else {
                plan.download.append(resource.id)
            }
        }
        plan.evict = catalog.subtracting(chosenIDs).sorted()
        plan.evictFiles = cachedFiles.keys.filter { chosenFiles[$0] == nil }.sorted()
        let downloadBytes = plan.files.reduce(0) { $0 + $1.file.bytes }
        plan.peakBytes = cachedFiles.values.reduce(0, +) + downloadBytes
        plan.summary = summary(of: plan, resources: resources, cachedFiles: cachedFiles, downloadBytes: downloadBytes)
        return plan
    }

    private func queueDownloads(
        of resource: Resource, cached: [String: Int64], queued: inout Set<String>, into plan: inout SyncPlan
    ) {
        for (field, file) in zip(["cover", "media"], resource.files)
        where cached[file.sha256] != file.bytes && queued.insert(file.sha256).inserted {
            plan.files.append(PlannedFile(resourceID: resource.id, title: resource.title, field: field, file: file))
        }
    }

    private func summary(
        of plan: SyncPlan, resources: [Resource], cachedFiles: [String: Int64], downloadBytes: Int64
    ) -> PlanSummary {
        let byID = Dictionary(resources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var summary = PlanSummary()
        summary.downloadResources = plan.download.count
        summary.downloadBytes = downloadBytes
        summary.keepResources = plan.keep.count
        summary.keepBytes = plan.keep.compactMap { byID[$0] }.flatMap(\.files).reduce(0) { $0 + $1.bytes }
        summary.evictResources = plan.evict.count
        summary.evictBytes = plan.evictFiles.reduce(0) { $0 + (cachedFiles[$1] ?? 0) }
        summary.leftOutResources = plan.leftOut.count
        summary.leftOutBytes = plan.leftOut.reduce(0) { $0 + $1.bytes }
        summary.budgetBytes = plan.capacityBytes
        return summary
    }
}
