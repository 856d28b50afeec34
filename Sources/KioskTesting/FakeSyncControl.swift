import KioskCore
import Synchronization

/// A ``KioskCore/SyncControl`` for tests of the staff API: records what it was asked, and
/// publishes whatever status the test sets.
public actor FakeSyncControl: SyncControl {
    /// The triggers of every `startSync` call, in order.
    public private(set) var startedTriggers: [String] = []
    public private(set) var pauses = 0
    public private(set) var resumes = 0
    /// The overrides of every `setCurationOverrides` call, in order.
    public private(set) var savedOverrides: [CurationOverrides] = []
    private var current = SyncStatus()
    private let file: Curation
    private var overrides = CurationOverrides()
    private let subscribers = Subscribers()

    /// The open streams; a class with a lock so a stream's end can remove itself synchronously.
    private final class Subscribers: Sendable {
        let streams = Mutex<(next: Int, open: [Int: AsyncStream<SyncStatus>.Continuation])>((0, [:]))

        func add(_ continuation: AsyncStream<SyncStatus>.Continuation) -> Int {
            streams.withLock { state in
                defer { state.next += 1 }
                state.open[state.next] = continuation
                return state.next
            }
        }

        func remove(_ id: Int) {
            _ = streams.withLock { $0.open.removeValue(forKey: id) }
        }

        var all: [AsyncStream<SyncStatus>.Continuation] { streams.withLock { Array($0.open.values) } }
    }

    public init(file: Curation = Curation()) {
        self.file = file
    }

    /// How many changes it was asked for: syncs started, pauses, resumes, curation saves.
    public var changeRequests: Int { startedTriggers.count + pauses + resumes + savedOverrides.count }

    /// How many `updates()` streams are open now.
    public var subscriberCount: Int { subscribers.all.count }

    /// Sets the status and sends it to every open `updates()` stream.
    public func publish(_ status: SyncStatus) {
        current = status
        for continuation in subscribers.all { continuation.yield(status) }
    }

    /// Ends every open `updates()` stream.
    public func finishUpdates() {
        for continuation in subscribers.all { continuation.finish() }
    }

    public func status() -> SyncStatus { current }

    public func updates() -> AsyncStream<SyncStatus> {
        let (stream, continuation) = AsyncStream.makeStream(of: SyncStatus.self)
        let id = subscribers.add(continuation)
        continuation.onTermination = { [subscribers] _ in subscribers.remove(id) }
        continuation.yield(current)
        return stream
    }

    @discardableResult public func startSync(trigger: String) -> Bool {
        startedTriggers.append(trigger)
        guard current.state == .idle else { return false }
        var status = current
        status.state = .checking
        status.trigger = trigger
        publish(status)
        return true
    }

    public func pause() {
        pauses += 1
    }

    public func resume() {
        resumes += 1
    }

    public func curation() -> EffectiveCuration {
        EffectiveCuration(file: file, overrides: overrides)
    }

    public func setCurationOverrides(_ overrides: CurationOverrides) {
        savedOverrides.append(overrides)
        self.overrides = overrides
    }
}
