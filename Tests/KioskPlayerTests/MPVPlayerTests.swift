import Foundation
import KioskCore
import KioskPlayer
import KioskTesting
import Testing

/// The real mpv (`--vo=null --ao=null`) driven over its IPC socket.
@Suite("MPVPlayer with the real mpv")
struct MPVPlayerTests {
    @Test func loadReportsStartAndPositionsThenPauseStopsThePosition() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            let item = try MPVHarness.item()
            try await player.load(item, at: 2)
            try await log.wait(for: "start") { event in
                if case .started(let started, let position) = event, started == item, position == 2 { return true }
                return nil
            }
            let (first, index) = try await log.waitForPosition("≥ 2") { $0 >= 2 }
            try await log.waitForPosition("≥ \(first + 1)", from: index + 1) { $0 >= first + 1 }

            try await player.setPaused(true)
            try await log.wait(for: "paused") { $0 == .paused(true) ? true : nil }
            let pausedAt = player.status.position
            try await Task.sleep(for: .milliseconds(1500))
            #expect(player.status.paused)
            #expect(abs(player.status.position - pausedAt) < 0.05, "the position moved while paused")

            let resumed = log.count
            try await player.togglePause()
            try await log.wait(for: "resumed", from: resumed) { $0 == .paused(false) ? true : nil }
            try await log.waitForPosition("past the pause", from: resumed) { $0 >= pausedAt + 1 }
        }
    }

    @Test func seekMovesByThirtySecondsClampedAtTheStartAndEndsAtTheEnd() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            let item = try MPVHarness.item()
            try await player.load(item, at: 5)
            let (start, _) = try await log.waitForPosition("≥ 5") { $0 >= 5 }

            let back = log.count
            try await player.seek(by: -30)
            try await log.waitForPosition("back at the start, not before it", from: back) { $0 < 1 }
            let early = log.all[back...].compactMap { event -> Double? in
                if case .position(let seconds, _) = event, seconds < 0 { return seconds }
                return nil
            }
            #expect(early.isEmpty, "positions before the start: \(early)")
            #expect(start >= 5)

            let forward = log.count
            try await player.seek(by: 10)
            try await log.waitForPosition("10 s on", from: forward) { $0 >= 9.5 && $0 < 13 }

            let last = log.count
            try await player.seek(by: 30)
            let (reason, _) = try await log.wait(for: "end of file", from: last) { event in
                if case .ended(let ended, let reason, _) = event, ended == item { return reason }
                return nil
            }
            #expect(reason == .endOfFile)
            #expect(player.currentItem == nil)
        }
    }

    @Test func playingToTheEndReportsEndOfFile() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            let item = try MPVHarness.item(1)
            try await player.load(item, at: 19)
            let (duration, _) = try await log.wait(for: "a position with the duration") { event in
                if case .position(_, let duration?) = event { return duration }
                return nil
            }
            let (ended, _) = try await log.wait(for: "end of file") { event in
                if case .ended(let ended, .endOfFile, let position) = event, ended == item { return position }
                return nil
            }
            #expect(abs(ended - duration) < 1)
        }
    }

    @Test func stopAndReplacingEndThePlayAsStopped() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            let first = try MPVHarness.item(0)
            let second = try MPVHarness.item(1)
            try await player.load(first, at: 0)
            try await log.waitForPosition("of the first") { $0 >= 0.5 }
            try await player.load(second, at: 3)
            try await log.wait(for: "the first stopped") { event in
                if case .ended(let ended, .stopped, _) = event, ended == first { return true }
                return nil
            }
            try await log.wait(for: "the second started") { event in
                if case .started(let started, 3) = event, started == second { return true }
                return nil
            }
            try await player.stop()
            let (reason, _) = try await log.wait(for: "the second stopped") { event in
                if case .ended(let ended, let reason, _) = event, ended == second { return reason }
                return nil
            }
            #expect(reason == .stopped)
            let ends = log.all.compactMap { event -> PlayerItem? in
                if case .ended(let item, .stopped, _) = event { return item }
                return nil
            }
            #expect(ends == [first, second])
        }
    }

    @Test func volumeChangesAreReportedAndClamped() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            try await player.load(try MPVHarness.item(), at: 0)
            try await player.adjustVolume(by: -30)
            try await log.wait(for: "volume 70") { $0 == .volume(70) ? true : nil }
            try await player.adjustVolume(by: 50)
            try await log.wait(for: "volume 100") { $0 == .volume(100) ? true : nil }
            #expect(player.status.volume == 100)
            try await player.setVolume(-5)
            try await log.wait(for: "volume 0") { $0 == .volume(0) ? true : nil }
        }
    }
}

/// The recorder attached to the real player: a play from start to end of file in the play log.
@Suite("PlaybackRecorder with the real mpv")
struct RecordedPlaybackTests {
    @Test func aPlayToTheEndIsRecordedAsEnded() async throws {
        let playLog = MemoryPlayLog()
        let clock = ManualClock()
        try await MPVHarness.withPlayer { player, log, _ in
            let recorder = PlaybackRecorder(log: playLog, clock: clock)
            let events = player.events()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await recorder.run(events) }
                let item = try MPVHarness.item(2)
                try await player.load(item, at: 15)
                try await log.wait(for: "end of file") { event in
                    if case .ended(_, .endOfFile, _) = event { return true }
                    return nil
                }
                let deadline = ContinuousClock.now + .seconds(10)
                while playLog.all.first?.ended != true, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                group.cancelAll()
            }
        }
        let play = try #require(playLog.all.first)
        #expect(playLog.all.count == 1)
        #expect(play.ended && play.source == .tv && play.startPosition == 15)
        #expect(play.position > 18 && play.playedSeconds > 2, "\(play)")
    }
}

/// Presses faster than mpv's property reports.
@Suite("MPVPlayer with quick presses")
struct MPVQuickPressTests {
    @Test func aQuickPauseAndResumeIsReportedAndPlayingGoesOn() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            try await player.load(try MPVHarness.item(), at: 0)
            let (first, index) = try await log.waitForPosition("≥ 1") { $0 >= 1 }
            try await player.togglePause()
            try await player.togglePause()
            try await log.wait(for: "resumed", from: index) { $0 == .paused(false) ? true : nil }
            let pauses = log.all[index...].compactMap { event -> Bool? in
                if case .paused(let paused) = event { return paused }
                return nil
            }
            #expect(pauses == [true, false])
            #expect(!player.status.paused)
            try await log.waitForPosition("playing on", from: index + 1) { $0 >= first + 1 }
        }
    }
}
