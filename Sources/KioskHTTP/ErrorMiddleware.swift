import Hummingbird
import KioskCore
import Logging

/// Turns domain errors into HTTP answers. The only place that knows which status a failure is;
/// clients never see SQL, paths or errno text, and unexpected errors are logged, not shown.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as KioskError {
            throw HTTPError(Self.status(for: error.code), message: error.message)
        } catch let error as HTTPError where error.body == nil && request.uri.path.hasPrefix("/api/") {
            // API clients always get a JSON body saying what went wrong (e.g. the 413 of a body limit).
            throw HTTPError(error.status, headers: error.headers, message: error.status.reasonPhrase.lowercased())
        } catch let error as any HTTPResponseError {
            throw error
        } catch {
            context.logger.error(
                "request failed", metadata: ["path": .string(request.uri.path), "error": .string("\(error)")])
            throw HTTPError(.internalServerError, message: "internal error; see the kiosk's log")
        }
    }

    static func status(for code: KioskError.Code) -> HTTPResponse.Status {
        switch code {
        case .unknownResource, .unknownPlay: .notFound
        case .playClosed: .conflict
        case .implausibleReport: .unprocessableContent
        }
    }
}
