import Logging
import ServiceLifecycle

/// Talks to systemd for `yinling serve` (`Type=notify`): `READY=1` once the menu answers over HTTP,
/// `WATCHDOG=1` every half `WatchdogSec` while every liveness probe returns, `STOPPING=1` when the
/// shutdown begins. Place it last in the service group: it is told about the shutdown first.
final class SystemdNotifyService: Service {
    /// One thing that must answer for the process to count as alive (an event loop, the database's
    /// writer). It may hang: then no `WATCHDOG=1` is sent and systemd restarts the service.
    struct Probe: Sendable {
        let name: String
        let check: @Sendable () async throws -> Void
    }

    private let notifier: SystemdNotifier
    private let probes: [Probe]
    private let logger: Logger
    private let host: String
    private let ports: AsyncStream<Int>
    private let portContinuation: AsyncStream<Int>.Continuation

    /// `host` is the HTTP server's listen address (`READY=1` waits until it answers there).
    init(notifier: SystemdNotifier, host: String, probes: [Probe], logger: Logger) {
        self.notifier = notifier
        self.host = host
        self.probes = probes
        self.logger = logger
        (ports, portContinuation) = AsyncStream.makeStream(of: Int.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Call once the HTTP server is bound: the service then waits until it answers and sends `READY=1`.
    func listening(port: Int) {
        portContinuation.yield(port)
        portContinuation.finish()
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown { await self.notify() }
            try? await gracefulShutdown()
        } onGracefulShutdown: {
            self.notifier.send("STOPPING=1\nSTATUS=stopping")
        }
    }

    private func notify() async {
        var waiting = ports.makeAsyncIterator()
        guard let port = await waiting.next() else { return }
        guard await HTTPReadiness.wait(host: host, port: port) else {
            logger.error(
                "the menu does not answer on its own port; not telling systemd it is ready",
                metadata: ["port": "\(port)"])
            return
        }
        notifier.send("READY=1\nSTATUS=serving the menu on port \(port)")
        guard let timeout = notifier.watchdogTimeout else { return }
        let period = timeout / 2
        logger.info("systemd watchdog on", metadata: ["period": "\(period)"])
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: period)
            } catch {
                return
            }
            if await alive() { notifier.send("WATCHDOG=1") }
        }
    }

    /// Runs the probes in turn; a failing one is logged and skips this round's `WATCHDOG=1`.
    private func alive() async -> Bool {
        for probe in probes {
            do {
                try await probe.check()
            } catch {
                logger.warning("liveness check failed", metadata: ["check": "\(probe.name)", "error": "\(error)"])
                return false
            }
        }
        return true
    }
}
