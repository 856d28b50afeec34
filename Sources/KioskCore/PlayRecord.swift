/// A play as the log holds it.
public struct PlayRecord: Sendable, Hashable {
    /// Random, unguessable handle that the page uses for its reports.
    public var token: String
    public var resourceID: String
    public var source: PlaySource
    /// The resource's length when the play started, in seconds (for counting views later).
    public var durationSeconds: Int
    public var started: EventTime
    /// Where playback began, in seconds (non-zero when resuming).
    public var startPosition: Double
    /// The last reported position, in seconds.
    public var position: Double
    /// Seconds actually played, pauses and seeks excluded; only ever grows.
    public var playedSeconds: Double
    public var updated: EventTime
    public var ended: Bool

    public init(
        token: String, resourceID: String, source: PlaySource, durationSeconds: Int, started: EventTime,
        startPosition: Double, position: Double, playedSeconds: Double, updated: EventTime, ended: Bool
    ) {
        self.token = token
        self.resourceID = resourceID
        self.source = source
        self.durationSeconds = durationSeconds
        self.started = started
        self.startPosition = startPosition
        self.position = position
        self.playedSeconds = playedSeconds
        self.updated = updated
        self.ended = ended
    }
}

/// A progress or end report, already checked by ``PlayReports``.
public struct PlayUpdate: Sendable, Hashable {
    public var position: Double
    public var playedSeconds: Double
    public var ended: Bool
    public var at: EventTime

    public init(position: Double, playedSeconds: Double, ended: Bool, at: EventTime) {
        self.position = position
        self.playedSeconds = playedSeconds
        self.ended = ended
        self.at = at
    }
}
