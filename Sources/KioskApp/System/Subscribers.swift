import Foundation
import Synchronization

/// The open streams of a snapshot value (the TV's state): each gets every new value, the newest
/// few when it falls behind; a stream whose reader went away is dropped at once.
final class Subscribers<Value: Sendable>: Sendable {
    private let streams = Mutex<[UUID: AsyncStream<Value>.Continuation]>([:])

    /// A new stream, starting with `current`.
    func subscribe(current: Value) -> AsyncStream<Value> {
        subscribe(replaying: [current])
    }

    /// A new stream, starting with `values` (a few: the buffer keeps the newest when it fills).
    func subscribe(replaying values: [Value]) -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Value.self, bufferingPolicy: .bufferingNewest(max(4, values.count + 2)))
        let id = UUID()
        streams.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.streams.withLock { _ = $0.removeValue(forKey: id) } }
        for value in values { continuation.yield(value) }
        return stream
    }

    func yield(_ value: Value) {
        for continuation in streams.withLock({ Array($0.values) }) { continuation.yield(value) }
    }

    func finish() {
        for continuation in streams.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
