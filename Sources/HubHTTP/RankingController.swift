import HubCore
import Hummingbird

/// `GET /api/v1/ranking` (JSON) and `GET /ranking` (the Chinese page with the chart): the same
/// query parameters (`year`, `category`, `region`, `limit`), the same ``Ranking``.
struct RankingController {
    let dependencies: HubServer.Dependencies

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/ranking") { request, _ in
            JSONResponse.ok(try await ranking(for: request).json())
        }
        router.get("/ranking") { request, _ in
            let page = RankingPage.html(try await ranking(for: request))
            return JSONResponse.make(.init(page.utf8), status: .ok, contentType: "text/html; charset=utf-8")
        }
    }

    func ranking(for request: Request) async throws -> Ranking {
        let parameters = request.uri.queryParameters
        let query = try RankingQuery(
            year: parameters.get("year"), category: parameters.get("category"), region: parameters.get("region"),
            limit: parameters.get("limit"), now: dependencies.now())
        return try await Ranking.compute(query, store: dependencies.usage, catalog: dependencies.catalog)
    }
}
