/// The counting rules of USAGE-PROTOCOL.md ("What is counted"), applied to one play.
///
/// A play counts once as a `play`; as a `view` when it played at least min(30 s, half the
/// resource); as a `completion` when it is a view whose position reached 90 % of the resource
/// (seeking to the end without watching is neither); and for the
/// whole seconds it actually played (the log's `playedSeconds`, which leaves out pauses and seeks).
///
/// A play is counted once, in the first batch after it settled, and never again: a batch row
/// must never have more views or completions than plays (the wire format refuses such a row),
/// so a play that goes on after it was batched (a pause of more than ``settleSeconds`` across a
/// batching round, then more playing) keeps the counts it had then (docs/usage.md).
public enum PlayCounting {
    /// A play that has not progressed for this long is settled: it will not be counted differently.
    public static let settleSeconds: Int64 = 10 * 60

    /// Whether a play is over for counting: it ended, it is from an earlier boot (its player is
    /// gone), or it has not progressed for ``settleSeconds`` by the monotonic clock.
    public static func isSettled(ended: Bool, updated: EventTime, now: EventTime) -> Bool {
        isSettled(
            ended: ended, updatedInCurrentBoot: updated.bootID == now.bootID,
            updatedMonotonic: updated.monotonicNanoseconds, nowMonotonic: now.monotonicNanoseconds)
    }

    /// The same, on the values a store reads in bulk.
    public static func isSettled(ended: Bool, updatedInCurrentBoot: Bool, updatedMonotonic: Int64, nowMonotonic: Int64)
        -> Bool
    {
        if ended || !updatedInCurrentBoot { return true }
        return nowMonotonic - updatedMonotonic >= settleSeconds * 1_000_000_000
    }

    /// A view: played at least min(30 s, half the resource) (``PlayRules/viewThreshold(durationSeconds:)``).
    public static func isView(playedSeconds: Double, durationSeconds: Int) -> Bool {
        playedSeconds >= PlayRules.viewThreshold(durationSeconds: durationSeconds)
    }

    /// A completion: a view whose furthest position reached 90 % of the resource.
    public static func isCompletion(furthestPosition: Double, playedSeconds: Double, durationSeconds: Int) -> Bool {
        isView(playedSeconds: playedSeconds, durationSeconds: durationSeconds)
            && furthestPosition >= Double(durationSeconds) * PlayRules.completionFraction
    }

    /// Whole seconds played (fractions are dropped once, per play, so counts stay integers).
    public static func watchSeconds(_ playedSeconds: Double) -> Int {
        guard playedSeconds.isFinite, playedSeconds > 0 else { return 0 }
        return Int(playedSeconds.rounded(.down))
    }

    /// What `play` adds to the counts: everything once, nothing after it was batched.
    public static func tally(of play: CountablePlay) -> PlayTally {
        guard !play.batched else { return PlayTally() }
        return tally(
            durationSeconds: play.durationSeconds, playedSeconds: play.playedSeconds,
            furthestPosition: play.furthestPosition)
    }

    /// The counts of one play not batched yet.
    public static func tally(durationSeconds: Int, playedSeconds: Double, furthestPosition: Double) -> PlayTally {
        let view = isView(playedSeconds: playedSeconds, durationSeconds: durationSeconds)
        let completion = isCompletion(
            furthestPosition: furthestPosition, playedSeconds: playedSeconds, durationSeconds: durationSeconds)
        return PlayTally(
            plays: 1, views: view ? 1 : 0, completions: completion ? 1 : 0, watchSeconds: watchSeconds(playedSeconds))
    }
}
