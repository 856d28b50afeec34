import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskApp
import KioskTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@Suite("Staff events and shutdown")
struct StaffEventsShutdownTests {
    enum Ended: Sendable {
        case services, events, timeout
    }

    /// An open staff page must not hold up `yinling serve`'s SIGTERM: the event stream ends on
    /// graceful shutdown. Without that, this test hits the client's 20 s timeout.
    @Test func eventStreamEndsOnGracefulShutdown() async throws {
        let kiosk = try await LiveKiosk()
        let sync = FakeSyncControl()
        try await kiosk.runtime.staffPassword.set(LiveKiosk.staffPassword)
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let (ports, port) = AsyncStream.makeStream(of: Int.self)
        let app = try kiosk.runtime.application(
            logger: logger, syncControl: sync, staffAccess: kiosk.runtime.makeStaffAccess(clock: ManualClock()),
            onRunning: { port.yield($0) })
        let services = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try await withThrowingTaskGroup(of: Ended.self) { group in
            group.addTask {
                try await services.run()
                return .services
            }
            var next = ports.makeAsyncIterator()
            let bound = try #require(await next.next())
            let client = TestClient(host: "127.0.0.1", port: bound, configuration: .init(timeout: .seconds(30)))
            client.connect()
            let login = try await client.post(
                "/api/v1/staff/login", headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"password": "\#(LiveKiosk.staffPassword)"}"#))
            let cookie = try #require(login.headers[.setCookie].map { String($0.prefix { $0 != ";" }) })
            group.addTask {
                let response = try? await client.get("/api/v1/staff/events", headers: [.cookie: cookie])
                try? await client.shutdown()
                #expect(response?.status == .ok)
                #expect(response?.body.map { String(buffer: $0) }?.contains("data: {") == true)
                return .events
            }
            let deadline = ContinuousClock.now + .seconds(15)
            while await sync.subscriberCount == 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(await sync.subscriberCount == 1)
            await services.triggerGracefulShutdown()
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return .timeout
            }
            var ended: Set<Ended> = []
            while let one = try await group.next(), one != .timeout {
                ended.insert(one)
                if ended == [.services, .events] { break }
            }
            #expect(ended == [.services, .events], "the server stops within 10 s of its graceful shutdown")
            // On a timeout, cancelling stops the server by force, so the test still ends.
            group.cancelAll()
        }
        #expect(await sync.subscriberCount == 0, "the stream's end unsubscribes from the sync")
    }
}
