import Hummingbird
import KioskCore

/// Guards every staff route but login: a valid session cookie (401 otherwise), and for anything
/// that changes state, the session's CSRF token in `X-CSRF-Token` (403 otherwise).
///
/// The CSRF token is not a cookie, so a page of another site cannot send it, even where a
/// browser would send the cookie along (`SameSite=Strict` already stops most).
struct StaffSessionMiddleware: RouterMiddleware {
    typealias Context = KioskRequestContext

    let access: StaffAccess?

    static var notConfigured: HTTPError { HTTPError(.serviceUnavailable, message: "the staff page is not configured") }
    static var notLoggedIn: HTTPError {
        HTTPError(.unauthorized, message: "not logged in (or the session ended); log in at /staff/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let access else { throw Self.notConfigured }
        guard let token = request.cookies[StaffController.cookieName]?.value, !token.isEmpty,
            let session = await access.session(token)
        else { throw Self.notLoggedIn }
        if ![.get, .head].contains(request.method) {
            guard let sent = request.headers[StaffController.csrfHeader], StaffToken.equal(sent, session.csrfToken)
            else {
                throw HTTPError(
                    .forbidden, message: "the X-CSRF-Token header is missing or wrong; reload the staff page")
            }
        }
        var context = context
        context.staffSession = session
        return try await next(request, context)
    }
}
