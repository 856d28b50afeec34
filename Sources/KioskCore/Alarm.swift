import Synchronization

/// Sleeps until a deadline or until something rings; with no deadline, until it rings or the task
/// is cancelled. The TV navigation and the button decoder wait on their state machines' next
/// deadlines this way, so nothing wakes up while nothing is due.
public final class Alarm: Sendable {
    private enum Bell {
        /// Not sleeping; `rung`: a ring came since the last sleep (the next one returns at once).
        case awake(rung: Bool)
        case sleeping(AsyncStream<Void>.Continuation)
    }

    private let bell = Mutex(Bell.awake(rung: false))

    public init() {}

    /// Ends the current sleep, or the next one if none is under way.
    public func ring() {
        let sleeper: AsyncStream<Void>.Continuation? = bell.withLock { bell in
            switch bell {
            case .awake: bell = .awake(rung: true); return nil
            case .sleeping(let continuation): return continuation
            }
        }
        sleeper?.yield()
    }

    /// Sleeps for `delay` (nil: until rung), or less when rung or cancelled.
    public func sleep(for delay: Duration?) async {
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
            // The stream's iteration also ends when the task is cancelled.
            group.addTask {
                for await _ in signal { return }
            }
            if let delay {
                group.addTask { try? await Task.sleep(for: delay) }
            }
            await group.next()
            group.cancelAll()
        }
        bell.withLock { $0 = .awake(rung: false) }
    }
}
