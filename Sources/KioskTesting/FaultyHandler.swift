import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// Answers one connection's requests for ``FaultyPoolServer``, on its event loop.
final class FaultyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let root: String
    let shared: FaultyPoolServer.Shared
    private var head: HTTPRequestHead?

    init(root: String, shared: FaultyPoolServer.Shared) {
        self.root = root
        self.shared = shared
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            respond(to: head, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = String(String(request.uri.split(separator: "?").first ?? "").trimmingPrefix("/"))
        let range = request.headers.first(name: "Range")
        let (fault, ignoresRange, delay) = shared.settings.withLock { settings in
            let fault = settings.faults[path]?.isEmpty == false ? settings.faults[path]!.removeFirst() : nil
            return (fault, settings.ignoresRange, settings.chunkDelay)
        }
        func record(_ status: Int, _ bytes: Int) {
            shared.settings.withLock {
                $0.responses.append(.init(path: path, range: range, status: status, bodyBytes: bytes))
            }
        }
        if case .status(let code, let retryAfter) = fault {
            var headers = HTTPHeaders([("Content-Length", "0")])
            if let retryAfter { headers.add(name: "Retry-After", value: retryAfter) }
            record(code, 0)
            send(status: code, headers: headers, body: Data(), delay: nil, dropAfter: nil, context: context)
            return
        }
        guard !path.contains(".."), var file = FileManager.default.contents(atPath: root + "/" + path) else {
            record(404, 0)
            send(
                status: 404, headers: ["Content-Length": "0"], body: Data(), delay: nil, dropAfter: nil,
                context: context)
            return
        }
        if fault == .wrongBytes, !file.isEmpty { file[file.count / 2] ^= 0xFF }
        var status = 200
        var headers = HTTPHeaders([("Content-Type", "application/octet-stream"), ("Accept-Ranges", "bytes")])
        var body = file[...]
        if let range, !ignoresRange, fault != .ignoreRange, let first = Self.firstByte(of: range) {
            guard first < file.count else {
                headers.add(name: "Content-Range", value: "bytes */\(file.count)")
                headers.add(name: "Content-Length", value: "0")
                record(416, 0)
                send(status: 416, headers: headers, body: Data(), delay: nil, dropAfter: nil, context: context)
                return
            }
            status = 206
            headers.add(name: "Content-Range", value: "bytes \(first)-\(file.count - 1)/\(file.count)")
            body = file[(file.startIndex + first)...]
        }
        headers.add(name: "Content-Length", value: "\(body.count)")
        var dropAfter: Int?
        if case .dropAfter(let bytes) = fault { dropAfter = min(bytes, body.count) }
        record(status, dropAfter ?? body.count)
        send(status: status, headers: headers, body: body, delay: delay, dropAfter: dropAfter, context: context)
    }

    /// `bytes=N-` or `bytes=N-M` → N.
    static func firstByte(of range: String) -> Int? {
        guard range.hasPrefix("bytes="), let dash = range.firstIndex(of: "-") else { return nil }
        return Int(range[range.index(range.startIndex, offsetBy: 6)..<dash])
    }

    private func send(
        status: Int, headers: HTTPHeaders, body: Data.SubSequence, delay: TimeAmount?, dropAfter: Int?,
        context: ChannelHandlerContext
    ) {
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        let limit = dropAfter ?? body.count
        let pieceSize = delay == nil ? 64 * 1024 : 16 * 1024
        var pieces: [ByteBuffer] = []
        var start = body.startIndex
        while start < body.startIndex + limit {
            let end = min(start + pieceSize, body.startIndex + limit)
            pieces.append(context.channel.allocator.buffer(bytes: body[start..<end]))
            start = end
        }
        sendPieces(pieces[...], delay: delay, close: dropAfter != nil, context: context)
    }

    /// Writes the pieces (with pauses when slow), then ends the response or drops the connection.
    private func sendPieces(
        _ pieces: ArraySlice<ByteBuffer>, delay: TimeAmount?, close: Bool, context: ChannelHandlerContext
    ) {
        var pieces = pieces
        while let piece = pieces.popFirst() {
            context.write(wrapOutboundOut(.body(.byteBuffer(piece))), promise: nil)
            if let delay, !pieces.isEmpty {
                context.flush()
                context.eventLoop.assumeIsolated().scheduleTask(in: delay) { [self] in
                    guard context.channel.isActive else { return }
                    sendPieces(pieces, delay: delay, close: close, context: context)
                }
                return
            }
        }
        if close {
            // Close only once the bytes are on their way, so the client sees exactly `dropAfter`.
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer()))))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
