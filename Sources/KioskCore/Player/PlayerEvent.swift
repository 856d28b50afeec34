/// Something that happened in a ``Player``.
public enum PlayerEvent: Sendable, Hashable {
    /// Why a play ended.
    public enum EndReason: String, Sendable, Hashable {
        /// The end of the file was reached.
        case endOfFile
        /// Stopped, or replaced by another item.
        case stopped
        /// The file could not be played.
        case failed
    }

    /// `item` was loaded at `position` seconds (a new play).
    case started(PlayerItem, position: Double)
    /// The position moved (reported about once a second while playing, and after seeks).
    case position(seconds: Double, duration: Double?)
    /// Paused (`true`) or resumed (`false`).
    case paused(Bool)
    /// The play of `item` ended, at `position` seconds.
    case ended(PlayerItem, EndReason, position: Double)
    /// The volume changed, 0–100.
    case volume(Double)
    /// The player went away (mpv died); the item and position are kept.
    case disconnected
    /// The player is back; an interrupted item was reloaded where it was.
    case reconnected
}
