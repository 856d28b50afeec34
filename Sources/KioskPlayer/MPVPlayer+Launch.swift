import Foundation
import Logging
import Synchronization

extension MPVPlayer {
    /// Runs mpv with the IPC socket, starting it again whenever it ends, until cancelled.
    func supervise(_ launch: Launch) async {
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: launch.executable)
            process.arguments =
                ["--idle=yes", "--input-ipc-server=\(socketPath)", "--force-window=no", "--no-terminal"]
                + launch.extraArguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            let (ended, exited) = AsyncStream.makeStream(of: Void.self)
            process.terminationHandler = { _ in exited.finish() }
            do {
                try process.run()
            } catch {
                logger.error(
                    "cannot start mpv", metadata: ["executable": "\(launch.executable)", "error": "\(error)"])
                guard (try? await Task.sleep(for: .seconds(2))) != nil else { return }
                continue
            }
            mpvProcess.withLock { $0 = process.processIdentifier }
            logger.info("started mpv", metadata: ["pid": "\(process.processIdentifier)"])
            let started = ContinuousClock.now
            // Until mpv exits (the termination handler) or the task is cancelled: no polling.
            for await _ in ended {}
            if Task.isCancelled {
                // Waiting for mpv to go is blocking: on a thread of its own, not the cooperative pool.
                await withCheckedContinuation { continuation in
                    Thread {
                        Self.end(process)
                        continuation.resume()
                    }.start()
                }
                mpvProcess.withLock { $0 = nil }
                return
            }
            mpvProcess.withLock { $0 = nil }
            logger.warning("mpv ended; starting it again", metadata: ["status": "\(process.terminationStatus)"])
            // A mpv that dies at once (bad option, no display) is not restarted in a tight loop.
            backoff = ContinuousClock.now - started > .seconds(10) ? .milliseconds(100) : min(backoff * 2, .seconds(5))
            guard (try? await Task.sleep(for: backoff)) != nil else { return }
        }
    }

    /// SIGTERM, then SIGKILL if mpv has not gone within a second.
    private static func end(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
