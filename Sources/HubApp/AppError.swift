/// A failure of a `yinling-hub` command that stops it (exit status 2), worded for the member of
/// staff who ran it: what went wrong, with which file, and what to do.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
