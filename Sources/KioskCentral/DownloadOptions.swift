/// How one download behaves: retries, the shared bandwidth limit, and the free space it must leave.
public struct DownloadOptions: Sendable {
    /// Retries of network errors and 5xx, with the sleep they use.
    public var retry: RetryPolicy
    /// Shared by every download that should count against the same limit; nil for none.
    /// Directory sources ignore it: a local copy is not metered.
    public var limiter: BandwidthLimiter?
    /// Free bytes the cache's file system must keep: a download stops with `.diskFull` ("free-space
    /// reserve reached") before writing a chunk that would go below it. 0 checks nothing (a
    /// full disk still stops the download cleanly).
    public var reserveBytes: Int64
    /// Bytes handed to the thread pool at once for hashing and writing.
    public var batchBytes: Int

    public init(
        retry: RetryPolicy = RetryPolicy(), limiter: BandwidthLimiter? = nil, reserveBytes: Int64 = 0,
        batchBytes: Int = 256 * 1024
    ) {
        self.retry = retry
        self.limiter = limiter
        self.reserveBytes = reserveBytes
        self.batchBytes = batchBytes
    }
}
