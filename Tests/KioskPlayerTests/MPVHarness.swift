import Foundation
import KioskCore
import KioskPlayer
import KioskTesting
import Logging

/// Runs an ``MPVPlayer`` against the real mpv with null outputs for the length of a test.
enum MPVHarness {
    static let executable = "/usr/bin/mpv"
    /// Null video and audio, no user configuration: the same on every machine.
    static let testArguments = ["--vo=null", "--ao=null", "--no-config"]

    /// The real mpv, or a failure that says how to get it.
    static func requireMPV() throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw PlayerTestError("mpv is not installed at \(executable): run `.ci/deps.sh test` (apt package mpv)")
        }
    }

    /// The demo pool's video files (20–30 s clips), sorted.
    static func demoVideos() throws -> [String] {
        let media = Repository.demoPool + "/media"
        let files = FileManager.default.enumerator(atPath: media)?.compactMap { $0 as? String } ?? []
        let videos = files.filter { $0.hasSuffix(".mp4") }.sorted().map { media + "/" + $0 }
        guard videos.count >= 2 else { throw PlayerTestError("no demo videos under \(media)") }
        return videos
    }

    static func item(_ index: Int = 0) throws -> PlayerItem {
        let path = try demoVideos()[index]
        return PlayerItem(resourceID: "R\(index)", location: path, durationSeconds: 30)
    }

    /// Starts the player (which starts mpv itself when `launch`), waits until it is connected,
    /// runs `body`, and stops everything.
    static func withPlayer(
        launch: Bool = true, socket: String? = nil, replyTimeout: Duration = .seconds(5),
        _ body: @Sendable (MPVPlayer, EventLog, String) async throws -> Void
    ) async throws {
        try requireMPV()
        let directory = TemporaryDirectory("mpv")
        let socketPath = socket ?? directory.appending("mpv.sock")
        var logger = Logger(label: "test.mpv")
        logger.logLevel = .info
        let player = MPVPlayer(
            socketPath: socketPath,
            launch: launch ? .init(executable: executable, extraArguments: testArguments) : nil,
            replyTimeout: replyTimeout, logger: logger
        )
        let log = EventLog()
        let events = player.events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await player.run() }
            group.addTask { for await event in events { log.append(event) } }
            do {
                if launch { try await waitUntilConnected(player) }
                try await body(player, log, socketPath)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
        withExtendedLifetime(directory) {}
    }

    static func waitUntilConnected(_ player: MPVPlayer, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while !player.isConnected {
            guard ContinuousClock.now < deadline else { throw PlayerTestError("mpv not connected within \(timeout)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits until the kernel shows every thread of process `pid` stopped (state `T` in
    /// `/proc/<pid>/task/*/stat`): a SIGSTOP takes effect a little after `kill` returns.
    static func waitUntilStopped(pid: Int32, timeout: Duration = .seconds(10)) async throws {
        let deadline = ContinuousClock.now + timeout
        let tasks = "/proc/\(pid)/task"
        while ContinuousClock.now < deadline {
            let threads = (try? FileManager.default.contentsOfDirectory(atPath: tasks)) ?? []
            let stopped = threads.allSatisfy { thread in
                let stat = (try? String(contentsOfFile: "\(tasks)/\(thread)/stat", encoding: .utf8)) ?? ""
                // The state follows the command name in parentheses: "1234 (mpv) T ...".
                guard let close = stat.lastIndex(of: ")") else { return false }
                return stat[close...].dropFirst(2).first == "T"
            }
            if !threads.isEmpty, stopped { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw PlayerTestError("mpv (pid \(pid)) not stopped within \(timeout)")
    }

    /// An mpv the test runs itself, as the TV session does on a board.
    static func startMPV(socket: String) throws -> ChildProcess {
        try requireMPV()
        return try ChildProcess(
            executable, ["--idle=yes", "--input-ipc-server=\(socket)", "--no-terminal"] + testArguments)
    }
}
