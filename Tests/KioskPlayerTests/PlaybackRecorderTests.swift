import KioskCore
import KioskTesting
import Testing

/// The play log entries the TV's player makes: start, progress at least every 10 s, end.
@Suite("PlaybackRecorder")
struct PlaybackRecorderTests {
    let item = PlayerItem(resourceID: "R000123", location: "/cache/media/ab/ab.mp4", durationSeconds: 600)
    let log = MemoryPlayLog()
    let clock = ManualClock()

    /// Plays `seconds` one second at a time from `from`, as mpv reports it.
    func playOn(_ recorder: PlaybackRecorder<MemoryPlayLog, ManualClock>, from: Double, seconds: Int) async {
        for second in 1...seconds {
            clock.advance(seconds: 1)
            await recorder.record(.position(seconds: from + Double(second), duration: 600))
        }
    }

    func current(_ recorder: PlaybackRecorder<MemoryPlayLog, ManualClock>) async throws -> PlayRecord {
        let token = try #require(await recorder.currentToken)
        return try #require(try await log.play(token: token))
    }

    @Test func startIsATVPlayAndProgressIsWrittenEveryTenSecondsOfPlaying() async throws {
        let recorder = PlaybackRecorder(log: log, clock: clock)
        await recorder.record(.started(item, position: 100))
        var play = try await current(recorder)
        #expect(play.source == .tv && play.resourceID == "R000123" && play.durationSeconds == 600)
        #expect(play.startPosition == 100 && play.position == 100 && !play.ended)

        await playOn(recorder, from: 100, seconds: 9)
        play = try await current(recorder)
        #expect(play.position == 100, "nothing written before 10 s")
        await playOn(recorder, from: 109, seconds: 1)
        play = try await current(recorder)
        #expect(play.position == 110 && play.playedSeconds == 10)
    }

    @Test func seeksAndPausesDoNotCountAsPlayedButPausesAreWritten() async throws {
        let recorder = PlaybackRecorder(log: log, clock: clock)
        await recorder.record(.started(item, position: 0))
        await playOn(recorder, from: 0, seconds: 4)
        clock.advance(seconds: 1)
        await recorder.record(.position(seconds: 34, duration: 600))
        await recorder.record(.paused(true))
        var play = try await current(recorder)
        #expect(play.position == 34 && play.playedSeconds == 4)

        clock.advance(seconds: 60)
        await recorder.record(.position(seconds: 35, duration: 600))
        await recorder.record(.paused(false))
        play = try await current(recorder)
        #expect(play.playedSeconds == 4, "a step reported while paused is not played time")
    }

    @Test func endClosesThePlayAndANewStartIsANewPlay() async throws {
        let recorder = PlaybackRecorder(log: log, clock: clock)
        await recorder.record(.started(item, position: 590))
        await playOn(recorder, from: 590, seconds: 5)
        let first = try await current(recorder)
        await recorder.record(.ended(item, .endOfFile, position: 600))
        #expect(await recorder.currentToken == nil)
        let ended = try #require(try await log.play(token: first.token))
        #expect(ended.ended && ended.position == 600 && ended.playedSeconds == 5)

        await recorder.record(.started(item, position: 0))
        let second = try await current(recorder)
        #expect(second.token != first.token && !second.ended)
        #expect(log.all.count == 2)
    }

    @Test func disconnectWritesTheProgressAndKeepsThePlayOpen() async throws {
        let recorder = PlaybackRecorder(log: log, clock: clock)
        await recorder.record(.started(item, position: 10))
        await playOn(recorder, from: 10, seconds: 3)
        await recorder.record(.disconnected)
        await recorder.record(.reconnected)
        let play = try await current(recorder)
        #expect(play.position == 13 && play.playedSeconds == 3 && !play.ended)
    }
}

/// The status bar's text (KIOSK-UX.md "Player").
@Suite("StatusBar")
struct StatusBarTests {
    @Test(arguments: [
        (StatusBar(paused: true, position: 65.9, duration: 1320, volume: 80), "已暂停  01:05 / 22:00  音量 80"),
        (StatusBar(paused: false, position: 0, duration: nil, volume: 100), "播放中  00:00  音量 100"),
        (StatusBar(paused: false, position: 4503, duration: 5400, volume: 0), "播放中  75:03 / 90:00  音量 0"),
    ])
    func text(status: StatusBar, expected: String) {
        #expect(status.text == expected)
    }
}
