import Synchronization

/// Pause and resume for a running sync, set by staff (the staff page, the control socket).
///
/// A small lock-protected flag: downloads look at it a few times a second while they run, which
/// costs nothing when no sync runs.
public final class SyncGate: Sendable {
    private let paused = Mutex(false)

    public init() {}

    public var isPaused: Bool { paused.withLock { $0 } }

    public func pause() { paused.withLock { $0 = true } }

    public func resume() { paused.withLock { $0 = false } }

    /// Returns once the gate is open again, or when the task is cancelled.
    func waitUntilResumed() async {
        while isPaused, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Returns once staff pause (or when the task is cancelled): the downloads' watcher.
    func waitUntilPaused() async {
        while !isPaused, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
}
