/// Why the hub's database could not be opened, read or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The file could not be opened, created or migrated (missing, corrupt, read-only, another version).
        case open
        /// A write that should have succeeded did not (disk full, I/O error).
        case write
        /// A read failed, or stored data could not be understood.
        case read
    }

    public var code: Code
    public var message: String
    /// The SQLite error underneath, for logs.
    public var underlying: (any Error)?

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }
}
