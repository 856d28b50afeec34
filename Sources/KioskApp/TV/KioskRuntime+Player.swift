import KioskCore
import KioskPlayer
import KioskStore
import Logging
import ServiceLifecycle

extension KioskRuntime {
    /// mpv over its IPC socket when `[player] kind = "mpv"` (started by yinling with `start_mpv`),
    /// with the recorder that writes its plays to the play log; nil for the browser player.
    func mpvPlayer(logger: Logger) -> (player: MPVPlayer, recorder: PlayRecording)? {
        let settings = configuration.player
        guard settings.kind == "mpv" else { return nil }
        let player = MPVPlayer(
            socketPath: settings.mpvSocket,
            launch: settings.startMPV ? .init(extraArguments: settings.mpvArguments) : nil, logger: logger)
        let recorder = PlaybackRecorder(
            log: SQLitePlayLog(database: database), clock: clock,
            onError: { error in logger.error("play log: \(error)") })
        return (player, PlayRecording(events: player.events(), recorder: recorder))
    }
}

/// Writes what mpv plays to the play log (start committed first, progress, end), as a service.
struct PlayRecording: Service {
    let events: AsyncStream<PlayerEvent>
    let recorder: PlaybackRecorder<SQLitePlayLog, SystemEventClock>

    func run() async throws {
        for await event in events.cancelOnGracefulShutdown() { await recorder.record(event) }
    }
}
