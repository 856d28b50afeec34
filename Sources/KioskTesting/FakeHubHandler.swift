import Foundation
import KioskCore
import NIOCore
import NIOHTTP1
import PoolFormat
import Synchronization

/// Answers one connection's requests for ``FakeHub``, on its event loop.
final class FakeHubHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let shared: FakeHub.Shared
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(shared: FakeHub.Shared) {
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, body: body, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, body: [UInt8], context: ChannelHandlerContext) {
        let isPost = request.method == .POST
        let (answer, date, delay) = shared.state.withLock { state -> (FakeHub.Answer, String?, Int64) in
            // Queued answers go to POSTs (uploads) and GETs (other tests' HTTP checks), never to the HEAD
            // that reads the hub's clock.
            let queued = request.method == .POST || request.method == .GET
            let answer = queued && !state.answers.isEmpty ? state.answers.removeFirst() : nil
            let chosen = answer ?? (isPost ? Self.protocolAnswer(body, state: &state) : .init(status: 405))
            if isPost {
                state.inFlight += 1
                state.mostInFlight = max(state.mostInFlight, state.inFlight)
            }
            state.requests.append(
                .init(
                    method: request.method.rawValue, path: request.uri,
                    authorization: request.headers.first(name: "Authorization"),
                    contentType: request.headers.first(name: "Content-Type"), body: body,
                    status: chosen.drop ? 0 : chosen.status))
            return (chosen, state.date, answer?.delayMilliseconds ?? state.delayMilliseconds)
        }
        let send = { [self] in
            if isPost { shared.state.withLock { $0.inFlight -= 1 } }
            if answer.drop {
                context.close(promise: nil)
                return
            }
            var headers = HTTPHeaders([
                ("Content-Type", "application/json"), ("Content-Length", "\(answer.body.utf8.count)"),
                ("Date", date ?? HTTPDate(secondsSince1970: Int64(Date().timeIntervalSince1970)).description),
            ])
            if let retryAfter = answer.retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
            let head = HTTPResponseHead(
                version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            if request.method != .HEAD {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: answer.body)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        if delay > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(delay)) { send() }
        } else {
            send()
        }
    }

    /// What the protocol's hub answers: store once, duplicate for the same body, 409 for another.
    static func protocolAnswer(_ body: [UInt8], state: inout FakeHub.State) -> FakeHub.Answer {
        let batch: UsageBatch
        do {
            batch = try UsageBatchDecoder.decode(Data(body))
        } catch {
            return .init(status: 400, body: #"{"error":"\#(error.message)"}"#)
        }
        if let stored = state.stored[batch.batch] {
            return stored == body
                ? .init(status: 200, body: #"{"accepted":true,"duplicate":true}"#)
                : .init(status: 409, body: #"{"error":"batch \#(batch.batch) differs from the one stored"}"#)
        }
        state.stored[batch.batch] = body
        return .init(status: 200, body: #"{"accepted":true,"duplicate":false}"#)
    }
}
