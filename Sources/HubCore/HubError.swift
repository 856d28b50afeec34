/// The central office's domain error: a whole spreadsheet or probe result that cannot be used, a
/// ranking question that cannot be answered, a site id that is not one, in words the member of
/// staff who runs `yinling-hub` can act on. Problems of single rows are ``RowProblem``s instead,
/// so one bad row never stops the others.
public struct HubError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The CSV is not UTF-8, or its quoting is broken so no row after the break can be trusted.
        case unreadableCSV
        /// The header row lacks a required column or names one twice.
        case badHeader
        /// ffprobe's output is not the JSON it should be.
        case unreadableProbe
        /// A ranking's year, category, region or limit is out of range (the message names it).
        case badQuery
        /// A site id that the usage protocol would refuse.
        case badSiteID
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
