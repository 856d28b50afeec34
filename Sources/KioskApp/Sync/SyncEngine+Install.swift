import ContentStore
import Foundation
import KioskCore
import KioskStore
import PoolFormat

extension SyncEngine {
    /// Space is tight: the plan's evicted resources leave the catalog (and their files the disk)
    /// before the downloads, so the new files fit. They were not wanted any more, so nothing that
    /// should stay is lost.
    func evictFirst(_ plan: SyncPlan, run: inout SyncRun) async throws {
        try await database.commitInstall(
            resources: [], files: [], removing: plan.evict,
            poolName: try await database.setting(Setting.poolName) ?? "",
            publishedAt: try await database.setting(Setting.poolPublishedAt) ?? "",
            installedAt: SystemEventClock.wallMilliseconds())
        _ = try await CacheSweeper(database: database, cache: cache).removeUnusedFiles()
        run.evictedFirst = true
        run.evicted = plan.evict
    }

    /// Switches the catalog to every chosen resource whose files are all verified in the cache, in one
    /// transaction; then deletes files no resource uses. A resource whose new files failed keeps its
    /// old entry (and files) if it had one. After an early stop only resources gone from the pool are
    /// evicted; the rest of the old selection stays until a sync finishes.
    func install(_ manifest: Manifest, run: inout SyncRun) async throws {
        let positions = Dictionary(
            manifest.resources.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ready: [InstallableResource] = []
        var files: [String: CachedFile] = [:]
        for resource in run.plan.chosen {
            let needed = resource.files.map { run.arrived[$0.sha256] ?? cachedFile(for: $0) }
            guard needed.allSatisfy({ cache.holds($0.relativePath, bytes: $0.bytes) }) else { continue }
            for file in needed where files[file.sha256] == nil { files[file.sha256] = file }
            ready.append(InstallableResource(resource: resource, position: positions[resource.id] ?? 0))
        }
        let inManifest = Set(positions.keys)
        let removing =
            run.evictedFirst ? [] : run.plan.evict.filter { run.stopReason == nil || !inManifest.contains($0) }
        try await database.commitInstall(
            resources: ready, files: Array(files.values), removing: removing, poolName: manifest.pool,
            publishedAt: manifest.publishedAt, installedAt: SystemEventClock.wallMilliseconds())
        let downloaded = Set(run.plan.download)
        run.added = ready.map(\.resource.id).filter { downloaded.contains($0) }
        if !run.evictedFirst { run.evicted = removing }
        _ = try await CacheSweeper(database: database, cache: cache).removeUnusedFiles()
        if run.stopReason == nil {
            CacheSweeper(database: database, cache: cache).removePartials(
                keeping: Set(run.plan.files.map(\.file.sha256)).subtracting(run.arrived.keys))
        }
    }
}
