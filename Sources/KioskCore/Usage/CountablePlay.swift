/// A play as usage counting sees it: the log's facts, and whether a batch already counted it.
public struct CountablePlay: Sendable, Hashable {
    public var resourceID: String
    public var source: PlaySource
    public var durationSeconds: Int
    public var started: EventTime
    public var updated: EventTime
    public var ended: Bool
    /// Seconds actually played, as the log holds them (pauses and seeks already left out).
    public var playedSeconds: Double
    /// The furthest position the play reported.
    public var furthestPosition: Double
    /// In a batch already: counted for good.
    public var batched: Bool

    public init(
        resourceID: String, source: PlaySource, durationSeconds: Int, started: EventTime, updated: EventTime,
        ended: Bool, playedSeconds: Double, furthestPosition: Double, batched: Bool = false
    ) {
        self.resourceID = resourceID
        self.source = source
        self.durationSeconds = durationSeconds
        self.started = started
        self.updated = updated
        self.ended = ended
        self.playedSeconds = playedSeconds
        self.furthestPosition = furthestPosition
        self.batched = batched
    }
}
