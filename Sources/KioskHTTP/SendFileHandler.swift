import HTTPTypes
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Writes the file ranges that ``SendFile`` instructions ask for, as `FileRegion`s.
///
/// It sits among Hummingbird's extra channel handlers, where outbound parts are still
/// `HTTPResponsePart`s. On a head with an instruction it removes the instruction, passes the head
/// on, and writes the file region through the context of NIO's `HTTPResponseEncoder`, i.e.
/// straight to the socket after the encoded head (the body's length is in `Content-Length`, so
/// the encoder has nothing to add). The handler opens and closes the file itself, so no file
/// descriptor is ever handed across tasks or left open when a connection drops.
final class SendFileHandler: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let logger: Logger
    private var encoder: ChannelHandlerContext?

    init(logger: Logger) {
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        encoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), let text = head.headerFields[SendFile.field] else {
            context.write(data, promise: promise)
            return
        }
        head.headerFields[SendFile.field] = nil
        context.write(wrapOutboundOut(.head(head)), promise: promise)
        guard let encoder, let instruction = SendFile.parse(text) else {
            logger.error("media answer without a way to send its body; closing the connection")
            context.close(promise: nil)
            return
        }
        let handle: NIOFileHandle
        do {
            // A blocking open on the event loop: the media responder has just stat()ed this file on
            // the thread pool, so its inode is in the kernel's cache and the call takes microseconds.
            handle = try NIOFileHandle(_deprecatedPath: instruction.path)
        } catch {
            // The head (with its Content-Length) is gone; the only honest end is closing.
            logger.error("cannot open a cached file: \(error)", metadata: ["path": .string(instruction.path)])
            context.close(promise: nil)
            return
        }
        let region = FileRegion(
            fileHandle: handle, readerIndex: instruction.offset, endIndex: instruction.offset + instruction.length)
        let written = context.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { _ in try? handle.close() }
        encoder.write(NIOAny(IOData.fileRegion(region)), promise: written)
    }
}
