import ContentStore
import Foundation
import KioskCentral
import KioskCore
import KioskStore
import PoolFormat

/// One sync: fetch and verify the manifest, plan, download, switch the catalog, delete what left.
///
/// Nothing changes until the manifest is fetched, its signature verified against the trusted keys and
/// its format understood (a refusal leaves everything as it was). Files arrive verified in the cache;
/// the catalog then switches to the plan in one transaction, and only after that are evicted files
/// deleted, so the menu never lists a file that is not on disk (ARCHITECTURE.md invariants 1 and 4).
public struct SyncEngine: Sendable {
    let database: KioskDatabase
    let cache: ContentStore
    let source: any PoolSource
    let trustedKeys: [PoolPublicKey]
    let curation: Curation
    let gate: SyncGate
    /// Retries, the bandwidth limit (one limiter shared by the downloads) and the reserve.
    let options: DownloadOptions
    /// Files downloaded at once.
    let concurrency: Int

    public init(
        database: KioskDatabase, cache: ContentStore, source: any PoolSource, trustedKeys: [PoolPublicKey],
        curation: Curation, bandwidthLimit: Int64 = 0, gate: SyncGate = SyncGate(), concurrency: Int = 2
    ) {
        self.database = database
        self.cache = cache
        self.source = source
        self.trustedKeys = trustedKeys
        self.curation = curation
        self.gate = gate
        self.options = DownloadOptions(
            limiter: bandwidthLimit > 0 ? BandwidthLimiter(bytesPerSecond: bandwidthLimit) : nil,
            reserveBytes: curation.reserveBytes)
        self.concurrency = concurrency
    }

    /// Runs a sync (or, with `dryRun`, only plans it). Throws ``SyncRefusal`` when the manifest is
    /// not trusted or not readable; failures of single resources are in the summary instead.
    @discardableResult
    public func run(dryRun: Bool = false, events: @escaping @Sendable (SyncEvent) -> Void) async throws -> SyncSummary {
        events(.checking(location: source.location))
        let decoded: DecodedManifest
        do {
            decoded = try await fetchVerifiedManifest()
        } catch {
            events(.refused(reason: error.message))
            throw error
        }
        let rejected = decoded.rejected.map {
            SyncFailure(
                resourceID: $0.name, title: "", reason: $0.problems.map(\.description).joined(separator: "; "))
        }
        events(
            .manifest(
                pool: decoded.manifest.pool, publishedAt: decoded.manifest.publishedAt,
                resources: decoded.manifest.resources.count, rejected: rejected))
        let (plan, disk) = try await makePlan(resources: decoded.manifest.resources)
        events(.planned(report: PlanReport(plan, disk: disk, manifest: decoded.manifest, location: source.location)))
        if dryRun {
            var summary = SyncSummary(
                outcome: "planned", finishedAt: Self.now(), message: "dry run: nothing was downloaded or changed")
            summary.failed = rejected
            events(.finished(summary: summary))
            return summary
        }
        var run = SyncRun(plan: plan, failed: rejected)
        if plan.summary.downloadBytes > disk.freeBytes - disk.reserveBytes, !plan.evict.isEmpty {
            try await evictFirst(plan, run: &run)
            events(.evictedFirst(ids: plan.evict))
        }
        try await download(plan, run: &run, events: events)
        events(.installing)
        try await install(decoded.manifest, run: &run)
        let summary = run.summary(finishedAt: Self.now())
        try? await database.setSetting(
            Setting.lastSync, String(decoding: try JSONEncoder().encode(summary), as: UTF8.self))
        events(.finished(summary: summary))
        return summary
    }

    /// The manifest, signature-checked and decoded, or a refusal that names the reason.
    func fetchVerifiedManifest() async throws(SyncRefusal) -> DecodedManifest {
        let fetched: FetchedManifest
        do {
            fetched = try await source.fetchManifest()
        } catch {
            throw SyncRefusal(
                "cannot fetch the manifest from \(source.location): \(error.message); nothing was changed")
        }
        do {
            try ManifestSignature.verify(fetched.manifest, signature: fetched.signature, trustedKeys: trustedKeys)
        } catch {
            throw SyncRefusal("\(source.location): \(error.message); nothing was changed")
        }
        do {
            return try ManifestDecoder.decode(fetched.manifest)
        } catch {
            throw SyncRefusal("\(source.location): \(error.message); nothing was changed")
        }
    }

    /// Plans against what is cached (files checked on disk by size), the catalog, local views and the disk.
    func makePlan(resources: [Resource]) async throws -> (SyncPlan, DiskStatus) {
        var cached: [String: Int64] = [:]
        for file in try await database.cachedFiles() where cache.holds(file.relativePath, bytes: file.bytes) {
            cached[file.sha256] = file.bytes
        }
        let space = try cache.diskSpace()
        let cacheBytes = cached.values.reduce(0, +)
        let budget = curation.budget.bytes(ofDisk: space.totalBytes)
        let capacity = max(0, min(budget, cacheBytes + space.availableBytes - curation.reserveBytes))
        let planner = SyncPlanner(
            curation: curation, popularity: Popularity(localViews: try await database.localViews()))
        let plan = planner.plan(
            resources: resources, cachedFiles: cached, catalog: try await database.catalogIDs(), capacityBytes: capacity
        )
        let disk = DiskStatus(
            totalBytes: space.totalBytes, freeBytes: space.availableBytes, cacheBytes: cacheBytes, budgetBytes: budget,
            reserveBytes: curation.reserveBytes)
        return (plan, disk)
    }

    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
