import KioskStore
import Logging
import NIOCore
import NIOPosix

extension KioskRuntime {
    /// The systemd notifications of `yinling serve`, with what must answer for the watchdog: every
    /// event loop of the HTTP server, the thread pool for blocking work, and the database's writer.
    func systemdNotifications(logger: Logger, notifier: SystemdNotifier = SystemdNotifier())
        -> SystemdNotifyService
    {
        let probes: [SystemdNotifyService.Probe] = [
            .init(name: "event loops") {
                for loop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
                    try await loop.submit {}.get()
                }
            },
            .init(name: "thread pool") { try await NIOThreadPool.singleton.runIfActive {} },
            .init(name: "database") { [database] in try await database.writerResponds() },
        ]
        return SystemdNotifyService(
            notifier: notifier, host: configuration.server.address, probes: probes, logger: logger)
    }
}
