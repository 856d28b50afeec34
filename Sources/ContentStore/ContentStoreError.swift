/// Why a file could not be read, verified or stored.
public struct ContentStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The bytes do not hash to what the manifest says.
        case hashMismatch
        /// The file is longer or shorter than the manifest says.
        case sizeMismatch
        /// The disk is full (ENOSPC) or the quota is reached.
        case diskFull
        /// The source file does not exist.
        case notFound
        /// Another writer holds the temporary file (the same file downloaded twice at once).
        case busy
        /// Any other system call failure.
        case io
    }

    public var code: Code
    /// A sentence for staff: which file, what happened.
    public var message: String
    /// The `errno` of the failing call, if one failed.
    public var errno: Int32?

    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
