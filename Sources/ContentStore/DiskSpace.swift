/// How big the file system under a store is, and how much of it can still be written.
public struct DiskSpace: Sendable, Hashable {
    public var totalBytes: Int64
    /// Free bytes available to an unprivileged process (`f_bavail`): what a download may use.
    public var availableBytes: Int64

    public init(totalBytes: Int64, availableBytes: Int64) {
        self.totalBytes = totalBytes
        self.availableBytes = availableBytes
    }
}
