/// A failure of a command, worded for the member of staff who ran it.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
