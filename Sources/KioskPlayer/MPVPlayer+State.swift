import KioskCore
import NIOCore

extension MPVPlayer {
    /// What the player knows, behind one lock; kept across reconnections.
    struct State {
        /// The IPC connection, while connected.
        var channel: (any Channel)?
        var nextRequestID = 1
        var pending: [Int: CheckedContinuation<MPVMessage, any Error>] = [:]
        /// The item playing (or interrupted by mpv going away); nil when stopped or ended.
        var item: PlayerItem?
        /// mpv's playlist entry for `item`: `end-file` events of older entries are ignored.
        var entryID: Int?
        /// The entry mpv last began (`start-file`): positions count only once it is `entryID`, not
        /// the replaced file's last frames.
        var startedEntryID: Int?
        /// A `loadfile` waiting for its reply; `announce` is false for a reload after reconnecting.
        var pendingLoad: PendingLoad?
        var position: Double = 0
        /// The last position sent as an event, to report about once a second rather than every frame.
        var reportedPosition: Double?
        var duration: Double?
        var paused = false
        var volume: Double = 100
        var hasConnected = false
        var subscribers: [Int: AsyncStream<PlayerEvent>.Continuation] = [:]
        var nextSubscriber = 0

        var statusBar: StatusBar {
            StatusBar(paused: paused, position: position, duration: duration, volume: volume)
        }
    }

    struct PendingLoad {
        var requestID: Int
        var item: PlayerItem
        var position: Double
        var announce: Bool
    }
}
