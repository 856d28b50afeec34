/// The kiosk domain's error: what went wrong, in words a member of staff can act on.
public struct KioskError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; the HTTP layer maps these to status codes.
    public enum Code: String, Sendable, Hashable {
        /// A resource id that is not in the catalog (or not playable).
        case unknownResource
        /// A play token the log does not know.
        case unknownPlay
        /// A report for a play that already ended, or that began before the kiosk restarted.
        case playClosed
        /// A position or played time that cannot be true.
        case implausibleReport
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
