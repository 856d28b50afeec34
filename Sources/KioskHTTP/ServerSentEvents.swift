import Foundation
import Hummingbird
import KioskCore
import NIOCore
import ServiceLifecycle

/// Snapshots as server-sent events (the staff page's sync status, the TV's navigation state): one
/// `data:` line of JSON per change and a comment every `heartbeat` so proxies and phones keep the
/// connection and a client that went away is noticed (the write fails).
///
/// Ends when the client goes away, when the stream ends, and on the server's graceful shutdown
/// (an endless response would otherwise hold the shutdown up).
enum ServerSentEvents {
    enum Event<Value: Encodable & Sendable>: Sendable {
        case status(Value)
        case heartbeat
    }

    static func response<Value: Encodable & Sendable>(_ updates: AsyncStream<Value>, heartbeat: Duration)
        -> Response
    {
        let headers: HTTPFields = [
            .contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                try await stream(updates, heartbeat: heartbeat, to: &writer)
                try await writer.finish(nil)
            })
    }

    static func stream<Value: Encodable & Sendable>(
        _ updates: AsyncStream<Value>, heartbeat: Duration, to writer: inout any ResponseBodyWriter
    ) async throws {
        // Whole snapshots: when a slow client falls behind, only the newest matter.
        let (events, continuation) = AsyncStream.makeStream(
            of: Event<Value>.self, bufferingPolicy: .bufferingNewest(4))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await status in updates { continuation.yield(.status(status)) }
                continuation.finish()
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: heartbeat)
                    continuation.yield(.heartbeat)
                }
            }
            try await writer.write(ByteBuffer(string: "retry: 3000\n\n"))
            for await event in events.cancelOnGracefulShutdown() {
                try await writer.write(try encode(event))
            }
            group.cancelAll()
        }
    }

    static func encode<Value>(_ event: Event<Value>) throws -> ByteBuffer {
        switch event {
        case .status(let status):
            // JSON without line breaks is one `data:` line.
            var buffer = ByteBuffer(string: "data: ")
            buffer.writeBytes(try JSONEncoding.encoder.encode(status))
            buffer.writeString("\n\n")
            return buffer
        case .heartbeat:
            return ByteBuffer(string: ": heartbeat\n\n")
        }
    }
}
