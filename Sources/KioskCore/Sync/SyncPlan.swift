import PoolFormat

/// What one sync will do: the planner's answer (``SyncPlanner``).
public struct SyncPlan: Sendable, Hashable {
    /// Resources to cache after this sync, in manifest order: kept ones and ones to download.
    public var chosen: [Resource] = []
    /// Of ``chosen``, the ids whose files are all cached already.
    public var keep: [String] = []
    /// Of ``chosen``, the ids that need at least one file downloaded.
    public var download: [String] = []
    /// Files to download, each once, in the order they should come (pinned and popular first).
    public var files: [PlannedFile] = []
    /// Resources in the catalog now that will leave it (not chosen, or gone from the pool).
    public var evict: [String] = []
    /// Cached files no chosen resource uses; deleted after the catalog has switched.
    public var evictFiles: [String] = []
    /// Resources the curation wants that do not fit the budget, with whether staff pinned them.
    public var leftOut: [LeftOut] = []
    /// Bytes the chosen resources use on disk, and the budget they were fitted into.
    public var chosenBytes: Int64 = 0
    public var capacityBytes: Int64 = 0
    /// Bytes on disk during the downloads, before the evicted files are deleted.
    public var peakBytes: Int64 = 0
    public var summary = PlanSummary()

    public init() {}

    /// Whether everything the curation wants fits.
    public var fits: Bool { leftOut.isEmpty }

    /// A resource that did not fit.
    public struct LeftOut: Sendable, Hashable {
        public var id: String
        public var title: String
        public var bytes: Int64
        public var pinned: Bool
    }
}

/// A file to download for the plan.
public struct PlannedFile: Sendable, Hashable {
    /// The first chosen resource that needs it, and which of its files it is (`cover`, `media`).
    public var resourceID: String
    public var title: String
    public var field: String
    public var file: FileObject

    public init(resourceID: String, title: String, field: String, file: FileObject) {
        self.resourceID = resourceID
        self.title = title
        self.field = field
        self.file = file
    }
}

/// How much this site watched each resource: views here (play log) and in the nation (manifest `clicks`).
public struct Popularity: Sendable, Hashable {
    public var localViews: [String: Int]

    public init(localViews: [String: Int] = [:]) { self.localViews = localViews }
}
