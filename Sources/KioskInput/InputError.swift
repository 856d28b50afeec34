/// Why an input device could not be used, naming the device and the system's reason.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// The device does not exist or cannot be opened (permissions: the `input` group).
        case open
        /// Reading failed.
        case read
    }

    public var code: Code
    public var message: String
    /// `errno` of the failing call, 0 when none.
    public var errno: Int32

    public init(_ code: Code, _ message: String, errno: Int32 = 0) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { message }
}
