/// The central office's domain error: a whole spreadsheet or probe result that cannot be used,
/// in words the member of staff who runs `yinling-hub` can act on. Problems of single rows are
/// ``RowProblem``s instead, so one bad row never stops the others.
public struct HubError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The CSV is not UTF-8, or its quoting is broken so no row after the break can be trusted.
        case unreadableCSV
        /// The header row lacks a required column or names one twice.
        case badHeader
        /// ffprobe's output is not the JSON it should be.
        case unreadableProbe
    }

    public var code: Code
    /// A sentence naming the file, the row or the column, and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
