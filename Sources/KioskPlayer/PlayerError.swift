/// The player module's error: what went wrong with mpv, in words a member of staff can act on.
public struct PlayerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// mpv's IPC socket is not connected (mpv not running, or restarting).
        case notConnected
        /// mpv answered a command with an error.
        case commandFailed
        /// mpv did not answer a command in time (wedged or overloaded).
        case timedOut
        /// mpv could not be started.
        case launchFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
