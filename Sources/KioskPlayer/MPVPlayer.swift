import KioskCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization

/// The TV's ``Player`` on boards: an mpv controlled over its JSON IPC socket.
///
/// `run()` connects to the socket and reconnects with backoff whenever mpv goes away; after a
/// reconnection the item that was playing is loaded again at the last known position, paused if
/// it was paused, so the learner keeps their place. With a ``Launch`` it also starts mpv itself
/// (development and tests) and starts it again when it dies. Every command shows the status bar
/// (``StatusBar``) with mpv's on-screen display.
public final class MPVPlayer: Player, Service {
    /// How yinling starts mpv itself (`[player] start_mpv = true`).
    public struct Launch: Sendable {
        public var executable: String
        /// Added after `--idle=yes --input-ipc-server=<socket> --force-window=no`: `--vo=null --ao=null` in tests.
        public var extraArguments: [String]

        public init(executable: String = "/usr/bin/mpv", extraArguments: [String] = []) {
            self.executable = executable
            self.extraArguments = extraArguments
        }
    }

    let socketPath: String
    let launch: Launch?
    let logger: Logger
    /// How long the status bar stays on screen.
    let statusMilliseconds: Int
    /// How long a command may wait for mpv's answer.
    let replyTimeout: Duration
    let state = Mutex(State())
    let mpvProcess = Mutex<Int32?>(nil)

    public init(
        socketPath: String, launch: Launch? = nil, statusMilliseconds: Int = 3000, replyTimeout: Duration = .seconds(5),
        logger: Logger
    ) {
        self.socketPath = socketPath
        self.replyTimeout = replyTimeout
        self.launch = launch
        self.statusMilliseconds = statusMilliseconds
        self.logger = logger
    }

    /// Connects (and, with a ``Launch``, runs mpv) until cancelled or a graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if let launch = self.launch {
                    group.addTask { await self.supervise(launch) }
                }
                group.addTask { await self.connectLoop() }
                defer { group.cancelAll() }
                await group.next()
            }
        }
        finishSubscribers()
    }

    /// The process id of the mpv this player started, while it runs.
    public var launchedProcessID: Int32? { mpvProcess.withLock { $0 } }

    /// What the status bar would show now: pause state, position, duration, volume.
    public var status: StatusBar { state.withLock { $0.statusBar } }

    /// The item playing, or interrupted by mpv going away; nil when stopped or ended.
    public var currentItem: PlayerItem? { state.withLock { $0.item } }

    /// Whether the IPC socket is connected now.
    public var isConnected: Bool { state.withLock { $0.channel != nil } }

    public func events() -> AsyncStream<PlayerEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: PlayerEvent.self, bufferingPolicy: .bufferingNewest(256))
        let id = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    func emit(_ events: [PlayerEvent]) {
        guard !events.isEmpty else { return }
        let subscribers = state.withLock { Array($0.subscribers.values) }
        for event in events {
            for subscriber in subscribers { subscriber.yield(event) }
        }
    }

    private func finishSubscribers() {
        let subscribers = state.withLock { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for subscriber in subscribers { subscriber.finish() }
    }
}
