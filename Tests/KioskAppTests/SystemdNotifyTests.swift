import Foundation
import KioskTesting
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import KioskApp

/// `yinling serve`'s systemd notifications against a test datagram socket (the real executable's
/// part is in EndToEndTests/SystemdTests.swift).
@Suite("systemd notify: READY, WATCHDOG, STOPPING")
struct SystemdNotifyTests {
    /// A liveness probe the test can hold: while held, the probe does not return.
    final class Stall: Sendable {
        let held = Atomic<Bool>(false)
        var probe: SystemdNotifyService.Probe {
            .init(name: "test stall") { [self] in
                while held.load(ordering: .relaxed) { try await Task.sleep(for: .milliseconds(10)) }
            }
        }
    }

    static func notifier(_ socket: NotifySocket, watchdogMicroseconds: Int? = nil) -> SystemdNotifier {
        var environment = ["NOTIFY_SOCKET": socket.path]
        if let watchdogMicroseconds { environment["WATCHDOG_USEC"] = String(watchdogMicroseconds) }
        return SystemdNotifier(environment: environment)
    }

    /// Runs `service` in a service group until `body` returns, then shuts the group down.
    static func running(_ service: SystemdNotifyService, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func environmentDecidesWhatIsSent() {
        #expect(SystemdNotifier(environment: [:]).send("READY=1") == false)
        let watched = SystemdNotifier(environment: ["NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "30000000"])
        #expect(watched.watchdogTimeout == .seconds(30))
        let otherProcess = SystemdNotifier(environment: [
            "NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1",
        ])
        #expect(otherProcess.watchdogTimeout == nil)
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "30000000"]).watchdogTimeout == nil)
    }

    @Test(.timeLimit(.minutes(1)))
    func readyOnlyAfterTheMenuAnswersOverHTTP() async throws {
        let directory = try TemporaryDirectory("notify")
        let socket = try NotifySocket(in: directory)
        defer { socket.close() }
        // The "menu" accepts connections but drops the first three without an HTTP answer.
        let menu = try await FakeHub()
        menu.answer([.drop(), .drop(), .drop()])
        let service = SystemdNotifyService(
            notifier: Self.notifier(socket), host: "0.0.0.0", probes: [], logger: Logger(label: "test"))
        try await Self.running(service) {
            service.listening(port: menu.port)
            try await socket.wait(for: "READY=1")
            let asked = menu.requests
            #expect(asked.count == 4, "READY=1 came after the first HTTP answer: \(asked.map(\.status))")
            #expect(asked.map(\.path).allSatisfy { $0 == "/tv/" })
        }
        let stopping = try await socket.wait(for: "STOPPING=1")
        #expect(stopping.count == 1)
        #expect(socket.messages(with: "WATCHDOG=1").isEmpty, "no WATCHDOG_USEC: no watchdog")
        try await menu.shutdown()
    }

    @Test(.timeLimit(.minutes(1)))
    func watchdogAtHalfThePeriodAndSilentWhileStalled() async throws {
        let directory = try TemporaryDirectory("notify")
        let socket = try NotifySocket(in: directory)
        defer { socket.close() }
        let menu = try await FakeHub()
        let stall = Stall()
        let timeout = Duration.milliseconds(800)
        let service = SystemdNotifyService(
            notifier: Self.notifier(socket, watchdogMicroseconds: 800_000), host: "127.0.0.1",
            probes: [stall.probe], logger: Logger(label: "test"))
        try await Self.running(service) {
            service.listening(port: menu.port)
            let ready = try await socket.wait(for: "READY=1")[0]
            let pings = try await socket.wait(for: "WATCHDOG=1", count: 4)
            // Half of WatchdogSec apart: never sooner, and well inside systemd's deadline.
            let gaps = zip([ready] + pings, pings).map { $1.arrived - $0.arrived }
            #expect(gaps.allSatisfy { $0 >= timeout / 2 - .milliseconds(20) }, "\(gaps)")
            #expect(gaps.sorted()[gaps.count / 2] < timeout, "\(gaps)")

            stall.held.store(true, ordering: .relaxed)
            let before = socket.messages(with: "WATCHDOG=1").count
            try await Task.sleep(for: timeout * 3)
            // At most one already past its probe when the stall began.
            #expect(socket.messages(with: "WATCHDOG=1").count <= before + 1, "a stalled loop stops the pings")
            let during = socket.messages(with: "WATCHDOG=1").count
            stall.held.store(false, ordering: .relaxed)
            try await socket.wait(for: "WATCHDOG=1", count: during + 1)
        }
        try await menu.shutdown()
    }
}
