import HubCore
import Hummingbird
import Logging

/// Turns errors into HTTP answers: the only place that knows which status a domain failure is.
/// Clients never see SQL or paths: unexpected errors are logged and answered with a plain 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HubError {
            throw HTTPError(.badRequest, message: error.message)
        } catch let error as HTTPError where error.body == nil {
            // Every answer says what went wrong, in the `{"error": {"message": …}}` form.
            throw HTTPError(error.status, headers: error.headers, message: error.status.reasonPhrase.lowercased())
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error(
                "request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            throw HTTPError(.internalServerError, message: "internal error; see the hub's log")
        }
    }
}
