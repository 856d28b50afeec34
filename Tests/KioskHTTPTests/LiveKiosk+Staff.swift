import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskApp
import KioskCore
import KioskTesting
import Logging
import NIOCore

extension LiveKiosk {
    static let staffPassword = "老师好 correct horse"

    /// Runs `body` against the live server with the staff API over `sync`, timed by `clock`.
    /// With `buttons`, the staff button check follows it.
    func staffTest(
        sync: FakeSyncControl?, usage: (any UsageControl)? = nil, clock: ManualClock = ManualClock(),
        setPassword: Bool = true, buttons: (@Sendable () async -> AsyncStream<ButtonReport>)? = nil,
        _ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void
    ) async throws {
        if setPassword { try await runtime.staffPassword.set(Self.staffPassword) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try runtime.application(
            logger: logger, syncControl: sync, staffAccess: runtime.makeStaffAccess(clock: clock), buttons: buttons,
            usage: usage,
            onRunning: { _ in })
        try await app.test(.live) { client in try await body(client) }
    }
}

/// A logged-in staff member: the cookie to send and the CSRF token for changes.
struct StaffLogin {
    var cookie: String
    var csrfToken: String

    var headers: HTTPFields { [.cookie: cookie] }
    var changeHeaders: HTTPFields { [.cookie: cookie, StaffLogin.csrf: csrfToken, .contentType: "application/json"] }

    static let csrf = HTTPField.Name("X-CSRF-Token")!
}

extension TestClientProtocol {
    /// `POST /api/v1/staff/login`; the raw response.
    func staffLogin(_ password: String) async throws -> TestResponse {
        let body = try JSONEncoder().encode(["password": password])
        return try await execute(
            uri: "/api/v1/staff/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(bytes: body))
    }

    /// Logs in with the right password and returns the session.
    func staffSession() async throws -> StaffLogin {
        let response = try await staffLogin(LiveKiosk.staffPassword)
        guard response.status == .ok, let setCookie = response.headers[.setCookie],
            let token = response.json["csrfToken"] as? String
        else { throw StaffTestError("login failed: \(response.status) \(response.body.text)") }
        return StaffLogin(cookie: String(setCookie.prefix { $0 != ";" }), csrfToken: token)
    }
}

extension TestResponse {
    /// The body as a JSON object ([:] when it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    /// The error message of a `{"error": {"message": …}}` body.
    var errorMessage: String {
        (json["error"] as? [String: Any])?["message"] as? String ?? ""
    }
}

struct StaffTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
