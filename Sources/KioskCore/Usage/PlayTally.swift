/// Counts of the protocol's four measures, for one play or summed over many.
public struct PlayTally: Sendable, Hashable {
    public var plays: Int
    public var views: Int
    public var completions: Int
    public var watchSeconds: Int

    public init(plays: Int = 0, views: Int = 0, completions: Int = 0, watchSeconds: Int = 0) {
        self.plays = plays
        self.views = views
        self.completions = completions
        self.watchSeconds = watchSeconds
    }

    /// True when there is nothing to send.
    public var isZero: Bool { plays == 0 && views == 0 && completions == 0 && watchSeconds == 0 }

    public static func + (lhs: PlayTally, rhs: PlayTally) -> PlayTally {
        PlayTally(
            plays: lhs.plays + rhs.plays, views: lhs.views + rhs.views, completions: lhs.completions + rhs.completions,
            watchSeconds: lhs.watchSeconds + rhs.watchSeconds)
    }

    public static func += (lhs: inout PlayTally, rhs: PlayTally) { lhs = lhs + rhs }
}
