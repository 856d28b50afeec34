import Foundation
import HubCore
import Hummingbird

/// `GET /api/v1/sites` (admin token): every site, the last batch of each installation, when it
/// arrived and how long ago, so the office sees which sites stopped sending.
struct SitesController {
    let dependencies: HubServer.Dependencies

    struct Body: Encodable {
        var now: String
        var sites: [SiteStatus]
    }

    struct SiteStatus: Encodable {
        var site: String
        var region: String?
        var addedAt: String
        var installations: [InstallationStatus]
        var lastArrival: String?
        var lagSeconds: Int?
    }

    struct InstallationStatus: Encodable {
        var installation: String
        var lastBatch: Int
        var lastArrival: String
    }

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/sites") { request, _ in
            try await requireAdmin(request)
            let now = dependencies.now()
            let sites = try await dependencies.usage.activity().map { activity in
                SiteStatus(
                    site: activity.site.id, region: activity.site.region, addedAt: Self.format(activity.site.addedAt),
                    installations: activity.installations.map {
                        InstallationStatus(
                            installation: $0.id, lastBatch: $0.lastBatch, lastArrival: Self.format($0.lastArrival))
                    },
                    lastArrival: activity.lastArrival.map(Self.format), lagSeconds: activity.lagSeconds(now: now))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return JSONResponse.ok(try encoder.encode(Body(now: Self.format(now), sites: sites)))
        }
    }

    private func requireAdmin(_ request: Request) async throws {
        guard let token = BearerToken.from(request) else {
            throw BearerToken.unauthorized("no admin token: send Authorization: Bearer <token>")
        }
        guard let expected = try await dependencies.sites.adminTokenSHA256() else {
            throw BearerToken.unauthorized("no admin token was made yet: run yinling-hub admin-token")
        }
        guard SiteToken.sha256(token) == expected else {
            throw BearerToken.unauthorized("not the admin token")
        }
    }

    /// ISO 8601 in UTC, to the second: `2026-11-21T02:00:06Z`.
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
