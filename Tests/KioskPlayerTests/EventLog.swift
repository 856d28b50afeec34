import KioskCore
import Synchronization

/// Every ``PlayerEvent`` a player sent, and bounded waits for the next one of a kind.
final class EventLog: Sendable {
    private let events = Mutex<[PlayerEvent]>([])

    func append(_ event: PlayerEvent) { events.withLock { $0.append(event) } }

    var all: [PlayerEvent] { events.withLock { $0 } }
    var count: Int { all.count }

    /// The last position mpv reported, if any.
    var lastPosition: Double? {
        all.reversed().lazy.compactMap { event -> Double? in
            if case .position(let seconds, _) = event { return seconds }
            return nil
        }.first
    }

    /// Waits for the first event at index `from` or later that `match` accepts; returns what it
    /// returned and the event's index.
    @discardableResult
    func wait<T>(
        for what: String, from start: Int = 0, timeout: Duration = .seconds(15), _ match: (PlayerEvent) -> T?
    ) async throws -> (value: T, index: Int) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let events = all
            if start < events.count {
                for index in start..<events.count {
                    if let value = match(events[index]) { return (value, index) }
                }
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw PlayerTestError("no \(what) within \(timeout); events: \(all.suffix(30))")
    }

    /// Waits for a position report at or after `start` that `accept` accepts.
    @discardableResult
    func waitForPosition(
        _ what: String, from start: Int = 0, timeout: Duration = .seconds(15), _ accept: @escaping (Double) -> Bool
    ) async throws -> (value: Double, index: Int) {
        try await wait(for: "position \(what)", from: start, timeout: timeout) { event in
            if case .position(let seconds, _) = event, accept(seconds) { return seconds }
            return nil
        }
    }
}

/// A player test did not see what it waited for.
struct PlayerTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
