/// Everything staff see about content sync (and the usage upload): the staff page, `yinling status`, the control socket and
/// the staff API's server-sent events all carry this one value (JSON).
public struct SyncStatus: Sendable, Hashable, Codable {
    /// What sync is doing now.
    public enum State: String, Sendable, Hashable, Codable {
        case idle
        /// Fetching and verifying the manifest, planning.
        case checking
        case downloading
        /// Switching the catalog and deleting evicted files.
        case installing
        /// Stopped by staff; partial files are kept and resume.
        case paused
    }

    public var state: State = .idle
    /// Why this sync runs: `schedule`, `staff`, `command`; nil when idle.
    public var trigger: String?
    /// ISO 8601 start of the running sync.
    public var startedAt: String?
    /// The plan of the running (or last) sync.
    public var plan: PlanSummary?
    /// Files being downloaded now.
    public var current: [FileProgress] = []
    public var filesDone = 0
    public var filesTotal = 0
    public var bytesDone: Int64 = 0
    public var bytesTotal: Int64 = 0
    /// Recent download rate, bytes per second.
    public var bytesPerSecond: Double = 0
    /// Estimated seconds left; nil when unknown.
    public var etaSeconds: Int?
    /// How the last finished sync ended.
    public var last: SyncSummary?
    /// ISO 8601 time of the next scheduled sync; nil when none is scheduled.
    public var nextScheduled: String?
    /// Disk, budget and reserve.
    public var disk: DiskStatus?
    /// The curation in force, with sources.
    public var curation: EffectiveCuration?
    /// The usage upload beside content sync (docs/usage.md); nil before the service reported it.
    public var usage: UsageStatus?

    public init() {}
}

/// One file in flight.
public struct FileProgress: Sendable, Hashable, Codable {
    public var resourceID: String
    public var title: String
    /// `media` or `cover`.
    public var field: String
    public var bytesDone: Int64
    public var bytes: Int64

    public init(resourceID: String, title: String, field: String, bytesDone: Int64, bytes: Int64) {
        self.resourceID = resourceID
        self.title = title
        self.field = field
        self.bytesDone = bytesDone
        self.bytes = bytes
    }
}

/// A plan in numbers, for people.
public struct PlanSummary: Sendable, Hashable, Codable {
    public var downloadResources = 0
    public var downloadBytes: Int64 = 0
    public var keepResources = 0
    public var keepBytes: Int64 = 0
    public var evictResources = 0
    public var evictBytes: Int64 = 0
    /// Resources the curation wants that do not fit the budget.
    public var leftOutResources = 0
    public var leftOutBytes: Int64 = 0
    /// The budget in bytes the plan was made for.
    public var budgetBytes: Int64 = 0

    public init() {}
}

/// A resource that could not be brought in, and why, in plain words.
public struct SyncFailure: Sendable, Hashable, Codable {
    public var resourceID: String
    public var title: String
    public var reason: String

    public init(resourceID: String, title: String, reason: String) {
        self.resourceID = resourceID
        self.title = title
        self.reason = reason
    }
}

/// How a sync ended.
public struct SyncSummary: Sendable, Hashable, Codable {
    /// `finished`, `stopped` (disk full, reserve reached, paused for good) or `refused` (manifest).
    public var outcome: String
    /// ISO 8601.
    public var finishedAt: String
    /// A sentence for staff: what happened and what to do.
    public var message: String
    public var added: [String] = []
    public var kept = 0
    public var evicted: [String] = []
    public var failed: [SyncFailure] = []
    public var bytesDownloaded: Int64 = 0

    public init(outcome: String, finishedAt: String, message: String) {
        self.outcome = outcome
        self.finishedAt = finishedAt
        self.message = message
    }
}

/// The cache's file system.
public struct DiskStatus: Sendable, Hashable, Codable {
    public var totalBytes: Int64
    public var freeBytes: Int64
    /// Bytes the cached files use.
    public var cacheBytes: Int64
    public var budgetBytes: Int64
    public var reserveBytes: Int64

    public init(totalBytes: Int64, freeBytes: Int64, cacheBytes: Int64, budgetBytes: Int64, reserveBytes: Int64) {
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
        self.cacheBytes = cacheBytes
        self.budgetBytes = budgetBytes
        self.reserveBytes = reserveBytes
    }
}
