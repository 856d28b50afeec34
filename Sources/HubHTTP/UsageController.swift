import Foundation
import HubCore
import Hummingbird
import Logging
import NIOCore
import PoolFormat

/// `POST /api/v1/usage`: a kiosk's usage batch (USAGE-PROTOCOL.md, "The hub's ingest API").
///
/// The checks run cheapest first and each answer stores nothing: the token (401), the size
/// (413, from `Content-Length` before reading, or as soon as the body passes 1 MiB), the batch
/// itself (400, naming the field), the token's site against the batch's (403). Then the store
/// decides: stored, duplicate (both 200) or conflict (409).
struct UsageController {
    let dependencies: HubServer.Dependencies

    static let stored = Data(#"{"accepted":true,"duplicate":false}"#.utf8)
    static let duplicate = Data(#"{"accepted":true,"duplicate":true}"#.utf8)

    func register(on router: Router<some RequestContext>) {
        router.post("/api/v1/usage") { request, context in
            try await ingest(request, context: context)
        }
    }

    func ingest(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let token = BearerToken.from(request) else {
            throw BearerToken.unauthorized("no site token: send Authorization: Bearer <token>")
        }
        guard let site = try await dependencies.sites.site(tokenSHA256: SiteToken.sha256(token)) else {
            throw BearerToken.unauthorized("unknown site token (issued by yinling-hub sites add)")
        }
        let body = try await Self.collectBody(request)
        let batch: UsageBatch
        do {
            batch = try UsageBatchDecoder.decode(body)
        } catch {
            throw HTTPError(.badRequest, message: error.message)
        }
        if case .otherSite(let tokenSite, let batchSite) = IngestRules.refusal(
            tokenSite: site.id, batchSite: batch.site)
        {
            context.logger.warning(
                "usage batch refused: token of another site",
                metadata: ["tokenSite": .string(tokenSite), "batchSite": .string(batchSite)])
            throw HTTPError(.forbidden, message: "this token belongs to site \(tokenSite), not to \(batchSite)")
        }
        let received = ReceivedBatch(batch: batch, body: body, receivedAt: dependencies.now())
        switch try await dependencies.usage.ingest(received) {
        case .stored:
            return JSONResponse.ok(Self.stored)
        case .duplicate:
            return JSONResponse.ok(Self.duplicate)
        case .conflict(let storedSHA256):
            context.logger.warning(
                "usage batch conflict: same key, another body",
                metadata: ["batch": .string(received.key), "stored": .string(storedSHA256)])
            throw HTTPError(
                .conflict,
                message: "batch \(batch.batch) of installation \(batch.installation) of site \(batch.site) was "
                    + "already stored with another body (sha256 \(storedSHA256), this one \(received.bodySHA256)); "
                    + "a batch is never rewritten: a kiosk bug, or a copied SD card")
        }
    }

    /// The body, at most `UsageBatch.maximumBytes`; a 413 without reading further otherwise
    /// (Hummingbird discards what the client still sends; `Connection: close` asks it to stop).
    static func collectBody(_ request: Request) async throws -> Data {
        let limit = UsageBatch.maximumBytes
        let tooLarge = HTTPError(
            .contentTooLarge, headers: [.connection: "close"],
            message: "a usage batch is at most \(limit) bytes; split it")
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw tooLarge
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
    }
}
