import KioskCore
import Testing

@Suite("Usage counting: views, completions, watch seconds, settling")
struct PlayCountingTests {
    static func play(
        duration: Int, played: Double, furthest: Double
    ) -> CountablePlay {
        let time = EventTime(wallMilliseconds: 0, bootID: "b", monotonicNanoseconds: 0)
        return CountablePlay(
            resourceID: "R1", source: .tv, durationSeconds: duration, started: time, updated: time, ended: true,
            playedSeconds: played, furthestPosition: furthest)
    }

    /// (resource seconds, seconds played, furthest position) → (view, completion, watch seconds).
    @Test(arguments: [
        // Ten minutes: a view from 30 s of playing, a completion from 540 s reached.
        (600, 29.9, 29.9, false, false, 29),
        (600, 30, 30, true, false, 30),
        (600, 539.9, 539.9, true, false, 539),
        (600, 540, 540, true, true, 540),
        // 40 s: half of it (20 s) is enough for a view.
        (40, 19.9, 19.9, false, false, 19),
        (40, 20, 36, true, true, 20),
        // Paused for an hour at 100 s: the pause is not in playedSeconds, nothing changes.
        (600, 100, 100, true, false, 100),
        // Seeked from the start to the end: reached the end, but played 3 s — neither.
        (600, 3, 600, false, false, 3),
        // Resumed at 80 %, watched to the end: a view that reached 90 %.
        (600, 120, 600, true, true, 120),
        // Watched to 95 % then sought back to 10 %: the furthest position counts.
        (600, 570, 600, true, true, 570),
        // Nothing played.
        (600, 0, 0, false, false, 0),
    ])
    func thresholds(duration: Int, played: Double, furthest: Double, view: Bool, completion: Bool, watch: Int) {
        let delta = PlayCounting.tally(of: Self.play(duration: duration, played: played, furthest: furthest))
        #expect(delta == PlayTally(plays: 1, views: view ? 1 : 0, completions: completion ? 1 : 0, watchSeconds: watch))
    }

    @Test func aPlayIsCountedOnceAndNeverAgain() {
        var play = Self.play(duration: 600, played: 40, furthest: 40)
        #expect(PlayCounting.tally(of: play) == PlayTally(plays: 1, views: 1, watchSeconds: 40))
        // It went on after a batch counted it: the wire format has no row for "a view of no play".
        play.batched = true
        play.playedSeconds = 580
        play.furthestPosition = 600
        #expect(PlayCounting.tally(of: play).isZero)
    }

    @Test(arguments: [
        // (ended, updated boot, seconds since the last progress, settled)
        (true, "b1", 0.0, true),
        (false, "b1", 599.0, false),
        (false, "b1", 600.0, true),
        // A play of an earlier boot can never progress again.
        (false, "b0", 1.0, true),
    ])
    func settling(ended: Bool, boot: String, quiet: Double, settled: Bool) {
        let updated = EventTime(wallMilliseconds: 0, bootID: boot, monotonicNanoseconds: 1_000_000_000_000)
        let now = EventTime(
            wallMilliseconds: 0, bootID: "b1", monotonicNanoseconds: 1_000_000_000_000 + Int64(quiet * 1e9))
        #expect(PlayCounting.isSettled(ended: ended, updated: updated, now: now) == settled)
    }
}
