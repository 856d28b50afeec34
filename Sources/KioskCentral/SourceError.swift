/// Why fetching from the pool failed, in words for staff.
public struct SourceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// Connection refused, reset or timed out, DNS: worth retrying later.
        case network
        /// The server answered with an error status.
        case http
        /// The file is missing from the pool (404, or absent in the directory).
        case notFound
        /// The bytes did not match the manifest's hash or size (after one retry).
        case verification
        /// The cache's disk is full, or the free-space reserve was reached.
        case diskFull
        /// Any other local file error.
        case io
        /// Sync was paused or stopped.
        case cancelled
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
