import Foundation
import Hummingbird
import KioskCore
import Logging
import NIOCore
import ServiceLifecycle

/// The service's local control socket (ARCHITECTURE.md §3): staff commands (`yinling sync`,
/// `yinling status`, `yinling upload`) ask the running service here instead of touching the cache themselves.
///
/// HTTP/1.1 over a Unix domain socket whose file permissions are the access control (the socket's
/// directory belongs to the `yinling` user), so there is no password here.
public enum ControlServer {
    /// The routes; `/v1/events` streams one JSON status per line until the client goes away.
    /// `setPassword` stores the staff password (`yinling passwd` while the service runs);
    /// `usage` runs an upload round for `yinling upload` (503 when uploads are off).
    public static func buildRouter<Report: Encodable & Sendable>(
        control: any SyncControl, setPassword: @escaping @Sendable (String) async throws -> Void,
        buttons: @escaping @Sendable () async -> AsyncStream<Report>, usage: (any UsageControl)? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.post("/v1/upload") { _, _ in
            guard let usage else { throw HTTPError(.serviceUnavailable, message: "usage upload is off") }
            return try json(await usage.uploadNow())
        }
        router.post("/v1/password") { request, context in
            let body = try await request.decode(as: [String: String].self, context: context)
            try await setPassword(body["password"] ?? "")
            return try json(["stored": true])
        }
        router.get("/v1/status") { _, _ in
            var status = await control.status()
            // The usage part as it is now, not as of the service's last round.
            if let usage { status.usage = await usage.usageStatus() }
            return try json(status)
        }
        router.post("/v1/sync") { _, _ in try json(["started": await control.startSync(trigger: "command")]) }
        router.post("/v1/pause") { _, _ in
            await control.pause()
            return try json(await control.status())
        }
        router.post("/v1/resume") { _, _ in
            await control.resume()
            return try json(await control.status())
        }
        router.get("/v1/curation") { _, _ in try json(await control.curation()) }
        router.put("/v1/curation") { request, context in
            let overrides = try await request.decode(as: CurationOverrides.self, context: context)
            try await control.setCurationOverrides(overrides)
            return try json(await control.curation())
        }
        router.get("/v1/events") { _, _ in lines(await control.updates()) }
        // Decoded button presses, for `yinling buttons` while the service holds the lines.
        router.get("/v1/buttons") { _, _ in lines(await buttons()) }
        return router
    }

    /// One JSON value per line until the stream ends or the client goes away.
    static func lines<Value: Encodable & Sendable>(_ values: AsyncStream<Value>) -> Response {
        let body = ResponseBody { writer in
            for await value in values.cancelOnGracefulShutdown() {
                var line = try encoder.encode(value)
                line.append(0x0A)
                try await writer.write(ByteBuffer(bytes: line))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: body)
    }

    /// The application serving the router on `socketPath` (a stale socket file is replaced).
    public static func buildApplication<Report: Encodable & Sendable>(
        control: any SyncControl, setPassword: @escaping @Sendable (String) async throws -> Void,
        buttons: @escaping @Sendable () async -> AsyncStream<Report>, usage: (any UsageControl)? = nil,
        socketPath: String, logger: Logger
    ) -> some ApplicationProtocol {
        unlink(socketPath)
        return Application(
            router: buildRouter(control: control, setPassword: setPassword, buttons: buttons, usage: usage),
            configuration: .init(address: .unixDomainSocket(path: socketPath), serverName: nil),
            // Owner and group only: the group is how staff accounts reach the service.
            onServerRunning: { _ in chmod(socketPath, 0o660) },
            logger: logger)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func json(_ value: some Encodable) throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
