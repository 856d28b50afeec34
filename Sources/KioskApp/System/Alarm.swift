import ServiceLifecycle
import Synchronization

/// Sleeps until a deadline or until something rings; with no deadline, until it rings or the
/// service shuts down. The TV navigation and the buttons wait on their state machines' next
/// deadlines this way, so nothing wakes up while nothing is due.
final class Alarm: Sendable {
    private enum Bell {
        /// Not sleeping; `rung`: a ring came since the last sleep (the next one returns at once).
        case awake(rung: Bool)
        case sleeping(AsyncStream<Void>.Continuation)
    }

    private let bell = Mutex(Bell.awake(rung: false))

    /// Ends the current sleep, or the next one if none is under way.
    func ring() {
        let sleeper: AsyncStream<Void>.Continuation? = bell.withLock { bell in
            switch bell {
            case .awake: bell = .awake(rung: true); return nil
            case .sleeping(let continuation): return continuation
            }
        }
        sleeper?.yield()
    }

    /// Sleeps for `delay` (nil: until rung), or less when rung or cancelled.
    func sleep(for delay: Duration?) async {
        let (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let rungMeanwhile = bell.withLock { bell in
            if case .awake(rung: true) = bell {
                bell = .awake(rung: false)
                return true
            }
            bell = .sleeping(continuation)
            return false
        }
        if rungMeanwhile { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await _ in signal { return }
            }
            group.addTask {
                if let delay { try? await Task.sleep(for: delay) } else { try? await gracefulShutdown() }
            }
            await group.next()
            group.cancelAll()
        }
        bell.withLock { $0 = .awake(rung: false) }
    }
}
