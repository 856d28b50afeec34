import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 server socket on 127.0.0.1 (a free port) whose connections each get a handler from
/// `makeHandler`; it keeps track of them so ``shutdown()`` closes every one. The test servers
/// (``FaultyPoolServer``, ``FakeHub``) are built on it.
final class LoopbackHTTPServer: Sendable {
    private let channel: any Channel
    private let open: Connections
    let port: Int

    init(makeHandler: @escaping @Sendable () -> any ChannelHandler) async throws {
        let connections = Connections()
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(makeHandler())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
        open = connections
    }

    /// Closes the listening socket and every open connection.
    func shutdown() async throws {
        try await channel.close()
        for connection in open.all {
            try? await connection.close()
        }
    }

    /// The open connections (a `Mutex` cannot be captured by the bootstrap's closure).
    private final class Connections: Sendable {
        private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

        func add(_ channel: any Channel) {
            channels.withLock { $0[ObjectIdentifier(channel)] = channel }
            channel.closeFuture.whenComplete { _ in
                _ = self.channels.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
            }
        }

        var all: [any Channel] { channels.withLock { Array($0.values) } }
    }
}
