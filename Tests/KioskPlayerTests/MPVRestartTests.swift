import Foundation
import KioskCore
import KioskPlayer
import KioskTesting
import Testing

/// mpv killed with SIGKILL and started again: the player reconnects and the learner keeps their place.
@Suite("MPVPlayer when mpv dies")
struct MPVRestartTests {
    @Test func mpvStartedByThePlayerIsRestartedAndTheItemResumesWhereItWas() async throws {
        try await MPVHarness.withPlayer { player, log, _ in
            let item = try MPVHarness.item()
            try await player.load(item, at: 4)
            try await log.waitForPosition("≥ 5") { $0 >= 5 }
            let pid = try #require(player.launchedProcessID)

            let before = log.count
            let lastPosition = player.status.position
            kill(pid, SIGKILL)
            try await log.wait(for: "disconnected", from: before) { $0 == .disconnected ? true : nil }
            let (_, back) = try await log.wait(for: "reconnected", from: before) { $0 == .reconnected ? true : nil }
            let (resumed, _) = try await log.waitForPosition("after the restart", from: back) { _ in true }
            #expect(player.launchedProcessID != pid)
            #expect(
                resumed >= lastPosition - 0.5 && resumed <= lastPosition + 3,
                "resumed at \(resumed), was \(lastPosition)")
            #expect(player.currentItem == item)
            let restarts = log.all[before...].filter {
                if case .started = $0 { return true }
                return false
            }
            #expect(restarts.isEmpty, "a resume is not a new play")
            try await log.waitForPosition("playing on", from: back) { $0 >= resumed + 1 }
        }
    }

    @Test func mpvOfTheTVSessionRestartedKeepsItemPositionAndPause() async throws {
        let directory = TemporaryDirectory("mpv-session")
        let socket = directory.appending("mpv.sock")
        let mpv = try MPVHarness.startMPV(socket: socket)
        try await MPVHarness.withPlayer(launch: false, socket: socket) { player, log, _ in
            try await MPVHarness.waitUntilConnected(player)
            let item = try MPVHarness.item(1)
            try await player.load(item, at: 6)
            try await log.waitForPosition("≥ 7") { $0 >= 7 }
            try await player.setPaused(true)
            try await log.wait(for: "paused") { $0 == .paused(true) ? true : nil }
            let pausedAt = player.status.position

            let before = log.count
            mpv.signal(SIGKILL)
            try await mpv.wait(timeout: .seconds(10))
            try await log.wait(for: "disconnected", from: before) { $0 == .disconnected ? true : nil }
            let restarted = try MPVHarness.startMPV(socket: socket)
            let (_, back) = try await log.wait(for: "reconnected", from: before) { $0 == .reconnected ? true : nil }
            let (resumed, _) = try await log.waitForPosition("after the restart", from: back) { _ in true }
            #expect(abs(resumed - pausedAt) < 0.5, "resumed at \(resumed), paused at \(pausedAt)")
            try await Task.sleep(for: .milliseconds(1000))
            #expect(player.status.paused, "still paused after the restart")
            #expect(abs(player.status.position - pausedAt) < 0.5, "the position moved while paused")

            let resuming = log.count
            try await player.setPaused(false)
            try await log.waitForPosition("playing again", from: resuming) { $0 >= pausedAt + 1 }
            withExtendedLifetime(restarted) {}
        }
        withExtendedLifetime(mpv) {}
    }
}

/// An mpv that stops answering (SIGSTOP) does not hang the TV's buttons.
@Suite("MPVPlayer when mpv hangs")
struct MPVHangTests {
    @Test func commandsToAStoppedMPVFailInTimeAndWorkAgainWhenItContinues() async throws {
        let directory = TemporaryDirectory("mpv-hang")
        let socket = directory.appending("mpv.sock")
        let mpv = try MPVHarness.startMPV(socket: socket)
        try await MPVHarness.withPlayer(launch: false, socket: socket, replyTimeout: .seconds(2)) {
            player, log, _ in
            try await MPVHarness.waitUntilConnected(player)
            let item = try MPVHarness.item()
            try await player.load(item, at: 0)
            try await log.waitForPosition("≥ 1") { $0 >= 1 }

            mpv.signal(SIGSTOP)
            try await MPVHarness.waitUntilStopped(pid: mpv.pid)
            let error = await #expect(throws: PlayerError.self) { try await player.setPaused(true) }
            #expect(error?.code == .timedOut, "\(String(describing: error))")

            // The late pause is carried out when mpv continues; the next command is answered.
            mpv.signal(SIGCONT)
            let (_, paused) = try await log.wait(for: "the late pause") { $0 == .paused(true) ? true : nil }
            let resumed = paused + 1
            try await player.setPaused(false)
            try await log.wait(for: "resumed", from: resumed) { $0 == .paused(false) ? true : nil }
            try await log.waitForPosition("playing again", from: resumed) { $0 >= 2 }
        }
        withExtendedLifetime(mpv) {}
    }
}

/// 返回 while mpv is away: the restarted mpv stays idle.
@Suite("MPVPlayer stopped while mpv is away")
struct MPVStopWhileAwayTests {
    @Test func stopWhileDisconnectedEndsThePlayAndNothingIsResumed() async throws {
        let directory = TemporaryDirectory("mpv-away")
        let socket = directory.appending("mpv.sock")
        let mpv = try MPVHarness.startMPV(socket: socket)
        try await MPVHarness.withPlayer(launch: false, socket: socket) { player, log, _ in
            try await MPVHarness.waitUntilConnected(player)
            let item = try MPVHarness.item()
            try await player.load(item, at: 2)
            try await log.waitForPosition("≥ 3") { $0 >= 3 }

            mpv.signal(SIGKILL)
            try await mpv.wait(timeout: .seconds(10))
            let (_, away) = try await log.wait(for: "disconnected") { $0 == .disconnected ? true : nil }
            try await player.stop()
            try await log.wait(for: "stopped", from: away) { event in
                if case .ended(let ended, .stopped, _) = event, ended == item { return true }
                return nil
            }

            let restarted = try MPVHarness.startMPV(socket: socket)
            let (_, back) = try await log.wait(for: "reconnected", from: away) { $0 == .reconnected ? true : nil }
            try await Task.sleep(for: .milliseconds(1000))
            let after = log.all[back...].filter {
                if case .position = $0 { return true }
                return false
            }
            #expect(after.isEmpty, "nothing plays after the restart: \(after)")
            #expect(player.currentItem == nil)
            withExtendedLifetime(restarted) {}
        }
        withExtendedLifetime(mpv) {}
    }
}
