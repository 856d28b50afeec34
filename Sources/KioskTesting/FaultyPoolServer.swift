import NIOCore
import Synchronization

/// An HTTP/1.1 server on 127.0.0.1 that serves a directory (with `Range`) and misbehaves on
/// request: one queued ``Fault`` per request of a path, or server-wide settings (ignore `Range`,
/// send slowly). It records every response, with the body bytes it sent.
///
/// Call ``shutdown()`` when done, or use ``with(serving:_:)``.
public final class FaultyPoolServer: Sendable {
    /// What to do instead of answering properly, once.
    public enum Fault: Sendable, Hashable {
        /// Answer with this status and an empty body (e.g. 500, or 503 with `Retry-After`).
        case status(Int, retryAfter: String? = nil)
        /// Announce the full length, send this many body bytes, then close the connection.
        case dropAfter(bytes: Int)
        /// Send the file with one byte changed in the middle: same length, wrong hash.
        case wrongBytes
        /// Answer `200` with the whole file, whatever `Range` asked.
        case ignoreRange
    }

    /// One response, as sent.
    public struct Response: Sendable, Hashable {
        public var path: String
        /// The request's `Range` header, if any.
        public var range: String?
        public var status: Int
        /// Body bytes written to the connection.
        public var bodyBytes: Int
    }

    struct Settings {
        var faults: [String: [Fault]] = [:]
        var ignoresRange = false
        var chunkDelay: TimeAmount?
        var responses: [Response] = []
    }

    /// The settings, shared with the connections' handlers (a `Mutex` cannot be passed around).
    final class Shared: Sendable {
        let settings = Mutex(Settings())
    }

    let root: String
    private let shared = Shared()
    private let server: LoopbackHTTPServer
    public var port: Int { server.port }

    /// The pool's base URL, ending in `/`.
    public var baseURL: String { "http://127.0.0.1:\(port)/" }

    /// Starts serving `root` on a free port.
    public init(serving root: String) async throws {
        self.root = root
        let shared = self.shared
        server = try await LoopbackHTTPServer { FaultyHandler(root: root, shared: shared) }
    }

    /// Runs `body` with a server for `root`, shut down afterwards.
    public static func with<Result>(serving root: String, _ body: (FaultyPoolServer) async throws -> Result)
        async throws -> Result
    {
        let server = try await FaultyPoolServer(serving: root)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    /// Queues faults for the next requests of `path` (e.g. `media/ab/ab….mp4`), one per request.
    public func fail(_ path: String, with faults: [Fault]) {
        shared.settings.withLock { $0.faults[path, default: []].append(contentsOf: faults) }
    }

    /// Makes every response ignore `Range`, as some servers and proxies do.
    public func ignoreRange(_ ignores: Bool = true) {
        shared.settings.withLock { $0.ignoresRange = ignores }
    }

    /// Sends bodies in 16 KiB pieces with `delay` between them; nil for full speed.
    public func sendSlowly(pausing delay: Duration?) {
        let amount = delay.map { delay in
            TimeAmount.nanoseconds(
                delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)
        }
        shared.settings.withLock { $0.chunkDelay = amount }
    }

    /// Every response so far, in order.
    public var responses: [Response] { shared.settings.withLock { $0.responses } }

    /// The body bytes sent for `path` (all paths when nil).
    public func bodyBytesSent(_ path: String? = nil) -> Int {
        responses.filter { path == nil || $0.path == path }.reduce(0) { $0 + $1.bodyBytes }
    }

    /// Closes the listening socket and every open connection.
    public func shutdown() async throws {
        try await server.shutdown()
    }
}
