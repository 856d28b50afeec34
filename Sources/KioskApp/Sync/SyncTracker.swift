import Foundation
import KioskCore
import Synchronization

/// Folds ``SyncEvent``s into a ``SyncStatus`` (rate, ETA, files in flight) and hands status changes
/// to subscribers: the staff page's event stream, the control socket, `yinling status`.
public final class SyncTracker: Sendable {
    private struct State {
        var status = SyncStatus()
        /// (time, bytesDone) samples of the last seconds, for the rate.
        var samples: [(Double, Int64)] = []
        var lastPublished = 0.0
    }

    private let state = Mutex(State())
    private let subscribers = Subscribers<SyncStatus>()
    private let uptime: @Sendable () -> Double

    /// `uptime` is a monotonic clock in seconds (injected for tests).
    public init(uptime: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.uptime = uptime
    }

    public var status: SyncStatus { state.withLock { $0.status } }

    /// Changes the status outside of events (schedule, disk, curation) and publishes it.
    public func update(_ change: (inout SyncStatus) -> Void) {
        let status = state.withLock { state in
            change(&state.status)
            return state.status
        }
        subscribers.yield(status)
    }

    /// Every status change from now on, starting with the current status.
    public func updates() -> AsyncStream<SyncStatus> {
        subscribers.subscribe(current: status)
    }

    /// Applies one event; progress events are published at most four times a second.
    public func record(_ event: SyncEvent, trigger: String = "command") {
        let now = uptime()
        let status = state.withLock { state -> SyncStatus? in
            Self.apply(event, to: &state, now: now, trigger: trigger)
            if case .fileProgress = event, now - state.lastPublished < 0.25 { return nil }
            state.lastPublished = now
            return state.status
        }
        if let status { subscribers.yield(status) }
    }

    private static func apply(_ event: SyncEvent, to state: inout State, now: Double, trigger: String) {
        switch event {
        case .checking:
            let keep = (state.status.last, state.status.nextScheduled, state.status.disk, state.status.curation)
            let usage = state.status.usage
            state.status = SyncStatus()
            (state.status.last, state.status.nextScheduled, state.status.disk, state.status.curation) = keep
            state.status.usage = usage
            state.status.state = .checking
            state.status.trigger = trigger
            state.status.startedAt = ISO8601DateFormatter().string(from: Date())
            state.samples = []
        case .manifest:
            break
        case .planned(let report):
            state.status.plan = report.summary
            state.status.disk = report.disk
            state.status.filesTotal = report.files
            state.status.bytesTotal = report.summary.downloadBytes
            state.status.state = .downloading
        case .evictedFirst:
            break
        case .fileStarted(let file):
            state.status.current.append(
                FileProgress(
                    resourceID: file.resourceID, title: file.title, field: file.field, bytesDone: 0, bytes: file.bytes))
        case .fileProgress(let file, let bytesDone):
            guard
                let index = state.status.current.firstIndex(where: {
                    $0.resourceID == file.resourceID && $0.field == file.field
                })
            else { return }
            state.status.current[index].bytesDone = bytesDone
            sample(&state, now: now)
        case .fileDone(let file, _):
            state.status.current.removeAll { $0.resourceID == file.resourceID && $0.field == file.field }
            state.status.filesDone += 1
            state.status.bytesDone += file.bytes
            sample(&state, now: now)
        case .resourceFailed, .resourceReady:
            break
        case .paused:
            state.status.state = .paused
            state.status.current = []
            state.status.bytesPerSecond = 0
            state.status.etaSeconds = nil
        case .resumed:
            state.status.state = .downloading
            state.samples = []
        case .stopping:
            state.status.current = []
        case .installing:
            state.status.state = .installing
            state.status.current = []
        case .finished(let summary):
            state.status.last = summary
            finish(&state)
        case .refused(let reason):
            state.status.last = SyncSummary(
                outcome: "refused", finishedAt: ISO8601DateFormatter().string(from: Date()), message: reason)
            finish(&state)
        }
    }

    private static func finish(_ state: inout State) {
        state.status.state = .idle
        state.status.trigger = nil
        state.status.current = []
        state.status.bytesPerSecond = 0
        state.status.etaSeconds = nil
    }

    /// Rate over the last ten seconds of samples, and the ETA it gives.
    private static func sample(_ state: inout State, now: Double) {
        let done = state.status.bytesDone + state.status.current.reduce(0) { $0 + $1.bytesDone }
        state.samples.append((now, done))
        state.samples.removeAll { now - $0.0 > 10 }
        guard let first = state.samples.first, now - first.0 > 0.5 else { return }
        let rate = Double(done - first.1) / (now - first.0)
        state.status.bytesPerSecond = max(0, rate)
        let left = state.status.bytesTotal - done
        state.status.etaSeconds = rate > 0 ? Int((Double(left) / rate).rounded(.up)) : nil
    }
}
