import Synchronization

/// When the `/tv` page last said it is alive (`POST /api/v1/tv/heartbeat`, every 10 s once it shows a
/// screen). The TV session asks `GET /api/v1/tv/heartbeat` and restarts a hung or blank browser.
/// Kept in memory only: nothing is written for it (SD-card care).
final class TVHeartbeat: Sendable {
    private let last = Mutex(ContinuousClock.now)

    /// Notes a heartbeat now.
    func beat() {
        last.withLock { $0 = .now }
    }

    /// Whole seconds since the last heartbeat, or since the server started when none came yet.
    var secondsSince: Int {
        Int((ContinuousClock.now - last.withLock { $0 }).components.seconds)
    }
}
