import Foundation
import Hummingbird
import KioskCore
import NIOCore
import ServiceLifecycle

/// `GET /api/v1/staff/events`: the sync status as server-sent events, one `data:` line of JSON
/// per change and a comment every `heartbeat` so proxies and phones keep the connection and a
/// client that went away is noticed (the write fails).
///
/// Ends when the client goes away, when the status stream ends, and on the server's graceful
/// shutdown (an endless response would otherwise hold the shutdown up).
enum StaffEvents {
    enum Event: Sendable {
        case status(SyncStatus)
        case heartbeat
    }

    static func response(_ updates: AsyncStream<SyncStatus>, heartbeat: Duration) -> Response {
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

    static func stream(_ updates: AsyncStream<SyncStatus>, heartbeat: Duration, to writer: inout any ResponseBodyWriter)
        async throws
    {
        // Statuses are whole snapshots: when a slow client falls behind, only the newest matter.
        let (events, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(4))
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

    static func encode(_ event: Event) throws -> ByteBuffer {
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
