import KioskCore
import Logging
import NIOCore
import NIOPosix
import Synchronization

extension MPVPlayer {
    /// Properties observed on every connection; their ids are their index + 1.
    static let observed = ["time-pos", "duration", "pause", "volume"]

    /// Connects, serves the connection until mpv goes away, and connects again, with backoff.
    func connectLoop() async {
        var backoff = Duration.milliseconds(50)
        while !Task.isCancelled {
            do {
                try await session()
                backoff = .milliseconds(50)
            } catch is CancellationError {
                return
            } catch {
                logger.debug("mpv socket not available", metadata: ["socket": "\(socketPath)", "error": "\(error)"])
            }
            do {
                try await Task.sleep(for: backoff)
            } catch {
                return
            }
            backoff = min(backoff * 2, .seconds(1))
        }
    }

    /// One connection: set up observers, restore an interrupted item, read until the socket closes.
    func session() async throws {
        let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: socketPath) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let reconnected = state.withLock { state in
            state.channel = connection.channel
            defer { state.hasConnected = true }
            return state.hasConnected
        }
        logger.info("connected to mpv", metadata: ["socket": "\(socketPath)"])
        defer { disconnected() }
        // Closing the channel ends the read loop, whether mpv went away or the service is stopping.
        try await withTaskCancellationHandler {
            try await connection.executeThenClose { inbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await self.read(inbound) }
                    do {
                        try await self.setUp(reconnected: reconnected)
                    } catch {
                        logger.warning("mpv set-up failed", metadata: ["error": "\(error)"])
                        connection.channel.close(promise: nil)
                    }
                    try await group.next()
                }
            }
        } onCancel: {
            connection.channel.close(promise: nil)
        }
    }

    /// Observes the properties, makes the status bar large, and reloads what was playing.
    private func setUp(reconnected: Bool) async throws {
        // Taken before observing: a new mpv's first property values would overwrite them.
        let resume = state.withLock { state in
            state.item.map { (item: $0, position: state.position, paused: state.paused, volume: state.volume) }
        }
        if let resume {
            try await send(["set_property", "volume", .number(resume.volume)])
            try await send(["set_property", "pause", .bool(resume.paused)])
        }
        for (index, name) in Self.observed.enumerated() {
            try await send(["observe_property", .number(Double(index + 1)), .string(name)])
        }
        try await send(["set_property", "osd-font-size", .number(64)])
        if let resume {
            try await loadFile(resume.item, at: resume.position, announce: false)
            logger.info(
                "mpv restarted; resumed",
                metadata: ["resource": "\(resume.item.resourceID)", "at": "\(resume.position)"])
        }
        if reconnected { emit([.reconnected]) }
    }

    /// Reads mpv's lines (one JSON object each) until the socket closes.
    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws {
        var partial: [UInt8] = []
        for try await buffer in inbound {
            partial.append(contentsOf: buffer.readableBytesView)
            while let newline = partial.firstIndex(of: 0x0A) {
                let line = partial[..<newline]
                partial.removeSubrange(...newline)
                handle(line: line)
            }
        }
    }

    /// mpv went away: fail the commands waiting for replies; keep the item and position.
    private func disconnected() {
        let (waiting, wasConnected) = state.withLock { state in
            defer {
                state.pending = [:]
                state.channel = nil
                state.pendingLoad = nil
                state.entryID = nil
                state.startedEntryID = nil
                state.reportedPosition = nil
            }
            return (Array(state.pending.values), state.channel != nil)
        }
        let error = PlayerError(.notConnected, "mpv closed its socket at \(socketPath) (quit or died)")
        for continuation in waiting { continuation.resume(throwing: error) }
        if wasConnected {
            logger.warning("mpv went away", metadata: ["socket": "\(socketPath)"])
            emit([.disconnected])
        }
    }
}
