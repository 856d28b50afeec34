import HTTPTypes
import Hummingbird

/// Headers for every answer, and safe handling of the static pages.
///
/// Hummingbird's file middleware mis-answers some ranges (suffix ranges, ranges past the end), and
/// pages are small, so range and precondition headers are removed before it sees a request: pages
/// are always sent whole. Media goes through ``MediaController`` instead, which implements RFC 9110.
struct PageMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var request = request
        if !request.uri.path.hasPrefix("/media/"), request.headers[.range] != nil || request.headers[.ifRange] != nil {
            var head = request.head
            head.headerFields[.range] = nil
            head.headerFields[.ifRange] = nil
            request = Request(head: head, body: request.body)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "no-referrer"
        if response.headers[.contentType]?.hasPrefix("text/html") == true {
            response.headers[.contentSecurityPolicy] =
                "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; script-src 'self'; frame-ancestors 'none'"
            response.headers[.cacheControl] = "no-cache"
        }
        // The staff page and its API show private state: never kept in a cache, errors included.
        let path = request.uri.path
        if path == "/staff" || path.hasPrefix("/staff/") || path.hasPrefix("/api/v1/staff/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }

    static var referrerPolicy: HTTPField.Name { HTTPField.Name("Referrer-Policy")! }
}
