import Foundation
import Synchronization

/// The open streams of a snapshot value (the TV's state): each gets every new value, the newest
/// few when it falls behind; a stream whose reader went away is dropped at once.
final class Subscribers<Value: Sendable>: Sendable {
    private let streams = Mutex<[UUID: AsyncStream<Value>.Continuation]>([:])

    /// A new stream, starting with `current`.
    func subscribe(current: Value) -> AsyncStream<Value> {
        let (stream, continuation) = AsyncStream.makeStream(of: Value.self, bufferingPolicy: .bufferingNewest(4))
        let id = UUID()
        streams.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in self?.streams.withLock { _ = $0.removeValue(forKey: id) } }
        continuation.yield(current)
        return stream
    }

    func yield(_ value: Value) {
        for continuation in streams.withLock({ Array($0.values) }) { continuation.yield(value) }
    }

    func finish() {
        for continuation in streams.withLock({ Array($0.values) }) { continuation.finish() }
    }
}
