import PoolFormat

/// What an install did, for the staff member who ran it.
public struct InstallReport: Sendable {
    /// Resources now in the catalog from this pool, in manifest order.
    public var installed: [String] = []
    /// Entries refused, with the reason: by the manifest's rules or because a file failed.
    public var refused: [(id: String, reason: String)] = []
    /// Files copied into the cache, and their bytes.
    public var copiedFiles = 0
    public var copiedBytes: Int64 = 0
    /// Files that were already cached.
    public var reusedFiles = 0
    /// Files deleted because no resource uses them any more.
    public var removedFiles = 0
    public var poolName = ""
    public var publishedAt = ""

    /// Whether everything in the pool was installed.
    public var isComplete: Bool { refused.isEmpty }
}

/// One line of progress.
public enum InstallEvent: Sendable {
    case installed(id: String, title: String, copiedBytes: Int64)
    case refused(id: String, reason: String)
}
