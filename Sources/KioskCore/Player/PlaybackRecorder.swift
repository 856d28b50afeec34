/// Writes what a ``Player`` on the TV does to the ``PlayLog``: the start, progress at least every
/// `progressInterval` seconds of playing (and at every pause), and the end.
///
/// The player is the back end's own, so its reports are trusted and written as they come; played
/// seconds count only the position advancing by small steps, so seeks and pauses do not count.
public actor PlaybackRecorder<Log: PlayLog, Clock: EventClock> {
    let log: Log
    let clock: Clock
    let progressInterval: Double
    let onError: @Sendable (any Error) -> Void
    var current: Current?

    /// A position step larger than this is a seek, not playing.
    static var largestPlayedStep: Double { 3 }

    /// `onError` hears of log writes that failed; playback goes on regardless.
    public init(
        log: Log, clock: Clock, progressInterval: Double = 10,
        onError: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.log = log
        self.clock = clock
        self.progressInterval = progressInterval
        self.onError = onError
    }

    /// The token of the play being recorded, if any.
    public var currentToken: String? { current?.token }

    /// The play being recorded.
    struct Current {
        var token: String
        var position: Double
        var playedSeconds: Double
        var lastWrite: EventTime
        var paused = false
    }

    /// Records `events` until the stream finishes (or the task is cancelled).
    public func run(_ events: AsyncStream<PlayerEvent>) async {
        for await event in events { await record(event) }
    }

    /// Records one event; a failed write goes to `onError`.
    public func record(_ event: PlayerEvent) async {
        do {
            try await handle(event)
        } catch {
            onError(error)
        }
    }

    private func handle(_ event: PlayerEvent) async throws {
        switch event {
        case .started(let item, let position):
            if current != nil { try await write(ended: true) }
            let now = clock.now()
            let record = PlayRecord(
                token: PlayToken.make(), resourceID: item.resourceID, source: .tv,
                durationSeconds: item.durationSeconds, started: now, startPosition: position, position: position,
                playedSeconds: 0, updated: now, ended: false
            )
            let started = try await log.start(record)
            current = Current(token: started.token, position: position, playedSeconds: 0, lastWrite: now)
        case .position(let seconds, _):
            guard var play = current else { return }
            let step = seconds - play.position
            if !play.paused, step > 0, step <= Self.largestPlayedStep { play.playedSeconds += step }
            play.position = seconds
            current = play
            let since = clock.now().seconds(since: play.lastWrite) ?? .infinity
            if since >= progressInterval { try await write(ended: false) }
        case .paused(let paused):
            current?.paused = paused
            if paused { try await write(ended: false) }
        case .ended(_, _, let position):
            current?.position = position
            try await write(ended: true)
        case .disconnected:
            try await write(ended: false)
        case .volume, .reconnected:
            break
        }
    }

    /// Writes the current play's progress; when `ended`, closes it.
    private func write(ended: Bool) async throws {
        guard var play = current else { return }
        let now = clock.now()
        play.lastWrite = now
        current = ended ? nil : play
        let update = PlayUpdate(position: play.position, playedSeconds: play.playedSeconds, ended: ended, at: now)
        _ = try await log.update(token: play.token, with: update)
    }
}
