import Foundation
import NIOCore
import PoolFormat
import Synchronization

/// A hub's ingest endpoint on 127.0.0.1 for the uploader's tests: by default it answers as the
/// protocol says (200 once, 200 duplicate for the same body again, 409 for another body under a
/// number it has), and it answers otherwise on request, one queued ``Answer`` per POST. It records
/// every request with its body, and the most requests it ever had in flight at once.
///
/// Call ``shutdown()`` when done.
public final class FakeHub: Sendable {
    /// An answer to one POST instead of the protocol's.
    public struct Answer: Sendable, Hashable {
        public var status: Int
        public var body: String
        public var retryAfter: String?
        /// Close the connection without answering (after reading the request).
        public var drop: Bool
        /// Answer after this long (the request stays in flight meanwhile).
        public var delayMilliseconds: Int64

        public init(
            status: Int, body: String = "", retryAfter: String? = nil, drop: Bool = false, delayMilliseconds: Int64 = 0
        ) {
            self.status = status
            self.body = body
            self.retryAfter = retryAfter
            self.drop = drop
            self.delayMilliseconds = delayMilliseconds
        }

        public static func drop() -> Answer { Answer(status: 0, drop: true) }
    }

    /// One request as received.
    public struct Request: Sendable, Hashable {
        public var method: String
        public var path: String
        public var authorization: String?
        public var contentType: String?
        public var body: [UInt8]
        /// The answer's status (0: dropped).
        public var status: Int
    }

    struct State {
        var answers: [Answer] = []
        var requests: [Request] = []
        /// Stored batches by number, as the real hub keys them (one installation in these tests).
        var stored: [Int: [UInt8]] = [:]
        var inFlight = 0
        var mostInFlight = 0
        /// The `Date` header to send; nil: the real time.
        var date: String?
        /// Every POST is delayed this long unless its answer says otherwise.
        var delayMilliseconds: Int64 = 0
    }

    final class Shared: Sendable {
        let state = Mutex(State())
    }

    let shared = Shared()
    private let server: LoopbackHTTPServer
    public var port: Int { server.port }

    /// The hub's base URL (`hub_url`).
    public var baseURL: String { "http://127.0.0.1:\(port)/" }

    public init() async throws {
        let shared = self.shared
        server = try await LoopbackHTTPServer { FakeHubHandler(shared: shared) }
    }

    /// Queues answers for the next POSTs, one each; after them the protocol's answers resume.
    public func answer(_ answers: [Answer]) {
        shared.state.withLock { $0.answers.append(contentsOf: answers) }
    }

    /// Sends this `Date` header (an HTTP-date) from now on; nil: the real time.
    public func sendDate(_ date: String?) {
        shared.state.withLock { $0.date = date }
    }

    /// Holds every POST this long before answering (to see overlapping requests if there were any).
    public func delayAnswers(milliseconds: Int64) {
        shared.state.withLock { $0.delayMilliseconds = milliseconds }
    }

    /// Every request so far, in order.
    public var requests: [Request] { shared.state.withLock { $0.requests } }

    /// The POSTs' batch numbers in the order they arrived.
    public var postedBatchNumbers: [Int] {
        requests.filter { $0.method == "POST" }.compactMap { try? UsageBatchDecoder.decode(Data($0.body)).batch }
    }

    /// The batches stored (acknowledged with 200 `duplicate: false`), by number.
    public var stored: [Int: [UInt8]] { shared.state.withLock { $0.stored } }

    /// The stored batches' counts summed per resource, day and source (`"-"` for a null day).
    public func totals() throws -> [String: [Int]] {
        var totals: [String: [Int]] = [:]
        for body in stored.values {
            for count in try UsageBatchDecoder.decode(Data(body)).counts {
                let key = "\(count.resource)|\(count.day ?? "-")|\(count.source.rawValue)"
                let old = totals[key] ?? [0, 0, 0, 0]
                totals[key] = [
                    old[0] + count.plays, old[1] + count.views, old[2] + count.completions,
                    old[3] + count.watchSeconds,
                ]
            }
        }
        return totals
    }

    /// The most POSTs that were in flight at the same time.
    public var mostInFlight: Int { shared.state.withLock { $0.mostInFlight } }

    /// Closes the listening socket and every open connection.
    public func shutdown() async throws {
        try await server.shutdown()
    }
}
