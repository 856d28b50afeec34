import HTTPTypes
import Hummingbird
import KioskCore
import Logging

/// `POST /api/v1/staff/login`, `POST …/logout`, `GET …/session`: staff sessions by cookie, with a
/// CSRF token for changes (docs/staff.md).
struct StaffController {
    static let cookieName = "yinling_staff"
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!
    /// A password and its JSON quoting fit in this many bytes.
    static let maximumLoginBytes = 4096

    let access: StaffAccess?

    struct LoginRequest: Decodable {
        var password: String
    }

    struct SessionResponse: Encodable {
        var csrfToken: String
    }

    func register(on router: Router<KioskRequestContext>, staff group: RouterGroup<KioskRequestContext>) {
        router.post("/api/v1/staff/login") { request, context in
            guard let access else { throw StaffSessionMiddleware.notConfigured }
            let body = try await StaffJSON.decode(LoginRequest.self, from: request, limit: Self.maximumLoginBytes)
            switch try await access.login(password: body.password, from: context.clientAddress) {
            case .loggedIn(let session):
                context.logger.info("staff login", metadata: ["client": .string(context.clientAddress)])
                let cookie = "\(Self.cookieName)=\(session.token); HttpOnly; SameSite=Strict; Path=/"
                return try StaffJSON.response(
                    SessionResponse(csrfToken: session.csrfToken), headers: [.setCookie: cookie])
            case .wrongPassword(let seconds):
                context.logger.notice(
                    "staff login: wrong password", metadata: ["client": .string(context.clientAddress)])
                throw HTTPError(
                    .unauthorized, headers: [.retryAfter: String(seconds)],
                    message: "wrong password; the next try is possible in \(seconds) s")
            case .tooSoon(let seconds):
                throw HTTPError(
                    .tooManyRequests, headers: [.retryAfter: String(seconds)],
                    message: "too many wrong passwords; try again in \(seconds) s")
            case .noPassword:
                throw HTTPError(
                    .serviceUnavailable,
                    message: "no staff password has been set; on the kiosk run: sudo -u yinling yinling passwd")
            }
        }
        group.get("session") { _, context in
            try StaffJSON.response(SessionResponse(csrfToken: try Self.session(of: context).csrfToken))
        }
        group.post("logout") { _, context in
            await access?.logout(try Self.session(of: context).token)
            let cookie = "\(Self.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0"
            return Response(status: .noContent, headers: [.setCookie: cookie, .cacheControl: "no-store"])
        }
    }

    /// The session ``StaffSessionMiddleware`` found; its absence is a programming error turned 401.
    static func session(of context: KioskRequestContext) throws -> StaffSession {
        guard let session = context.staffSession else { throw StaffSessionMiddleware.notLoggedIn }
        return session
    }
}
