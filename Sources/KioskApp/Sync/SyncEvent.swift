import KioskCore
import PoolFormat

/// What a running sync reports, in order. The terminal, line and JSON renderers, the service's
/// status and the control socket's stream (one JSON object per line) all carry these.
public enum SyncEvent: Sendable, Codable {
    /// Fetching the manifest from `location`.
    case checking(location: String)
    /// The manifest verified and decoded; `rejected` entries are left out with their reasons.
    case manifest(pool: String, publishedAt: String, resources: Int, rejected: [SyncFailure])
    /// What will be done.
    case planned(report: PlanReport)
    /// Space was tight: these resources left the catalog before the downloads, to make room.
    case evictedFirst(ids: [String])
    case fileStarted(file: FileTask)
    /// Bytes of this file in the cache's partial so far (resumed bytes included).
    case fileProgress(file: FileTask, bytesDone: Int64)
    case fileDone(file: FileTask, wireBytes: Int64)
    /// Every file of this resource is now verified in the cache (it enters the menu at the install step).
    case resourceReady(id: String, title: String)
    case resourceFailed(failure: SyncFailure)
    case paused
    case resumed
    /// Downloads stop early (disk full, reserve reached, shutdown); what is done is kept.
    case stopping(reason: String)
    /// Switching the catalog and deleting evicted files.
    case installing
    case finished(summary: SyncSummary)
    /// The manifest was not trusted or not readable: nothing was changed.
    case refused(reason: String)
}

/// A file being downloaded, named for people.
public struct FileTask: Sendable, Hashable, Codable {
    public var resourceID: String
    public var title: String
    /// `cover` or `media`.
    public var field: String
    public var sha256: String
    public var bytes: Int64

    init(resourceID: String, title: String, field: String, sha256: String, bytes: Int64) {
        self.resourceID = resourceID
        self.title = title
        self.field = field
        self.sha256 = sha256
        self.bytes = bytes
    }

    init(_ planned: PlannedFile) {
        resourceID = planned.resourceID
        title = planned.title
        field = planned.field
        sha256 = planned.file.sha256
        bytes = planned.file.bytes
    }
}

/// A plan as staff read it: numbers, and the resources behind them.
public struct PlanReport: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public var id: String
        public var title: String
        public var bytes: Int64
        public var pinned: Bool
    }

    public var summary: PlanSummary
    public var disk: DiskStatus
    public var download: [Item]
    public var evict: [String]
    public var leftOut: [Item]
    /// Files to download (a file shared by several resources counts once).
    public var files: Int
    /// The pool, its publication time and where it came from.
    public var pool: String
    public var publishedAt: String
    public var location: String

    init(_ plan: SyncPlan, disk: DiskStatus, manifest: Manifest, location: String) {
        pool = manifest.pool
        publishedAt = manifest.publishedAt
        self.location = location
        summary = plan.summary
        self.disk = disk
        let byID = Dictionary(plan.chosen.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        download = plan.download.compactMap { id in
            byID[id].map { Item(id: id, title: $0.title, bytes: $0.files.reduce(0) { $0 + $1.bytes }, pinned: false) }
        }
        evict = plan.evict
        leftOut = plan.leftOut.map { Item(id: $0.id, title: $0.title, bytes: $0.bytes, pinned: $0.pinned) }
        files = plan.files.count
    }
}

/// The reason sync refused to touch anything (manifest missing, unsigned, unknown format…).
public struct SyncRefusal: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
