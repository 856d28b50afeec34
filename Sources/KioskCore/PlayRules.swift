/// The thresholds that turn positions into "unfinished", "watched" and "viewed".
public enum PlayRules {
    /// A play stopped before this many seconds is not worth resuming.
    public static let resumeMinimumSeconds = 10.0
    /// A play that reached this share of the resource is finished: no resume.
    public static let finishedFraction = 0.95
    /// A play that reached this share counts as a completion (USAGE-PROTOCOL.md).
    public static let completionFraction = 0.9
    /// A play of this many seconds is a view, unless the resource is shorter than twice that.
    public static let viewMinimumSeconds = 30.0
    /// ... in which case this share of the resource is enough.
    public static let viewFraction = 0.5

    /// The seconds a play must last to be a view: min(30 s, half the resource) (USAGE-PROTOCOL.md).
    public static func viewThreshold(durationSeconds: Int) -> Double {
        min(viewMinimumSeconds, Double(durationSeconds) * viewFraction)
    }

    /// The position to resume from after a play stopped at `position`, or 0 to start over.
    public static func resumePosition(position: Double, durationSeconds: Int) -> Double {
        guard position >= resumeMinimumSeconds, position < Double(durationSeconds) * finishedFraction else { return 0 }
        return position
    }
}
