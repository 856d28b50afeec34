import Foundation
import Hummingbird
import KioskCore
import NIOCore

/// The menu's JSON API (docs/api.md): home, a category, a series, a resource.
struct MenuController<Menu: Catalog> {
    let catalog: Menu
    let cache = ResponseCache()

    func register(on router: Router<some RequestContext>) {
        router.get("/api/v1/home") { request, context in
            let source = try Self.source(of: request)
            return try await respond(request, key: "home?\(source.rawValue)") {
                try await catalog.home(source: source)
            }
        }
        router.get("/api/v1/categories/:name") { request, context in
            let name = try Self.parameter("name", context)
            return try await respond(request, key: "category/\(name)") {
                try await catalog.category(named: name)
            }
        }
        router.get("/api/v1/series/:name") { request, context in
            let name = try Self.parameter("name", context)
            let source = try Self.source(of: request)
            return try await respond(request, key: "series/\(name)?\(source.rawValue)") {
                try await catalog.series(named: name, source: source)
            }
        }
        router.get("/api/v1/resources/:id") { request, context in
            let id = try Self.parameter("id", context)
            let source = try Self.source(of: request)
            return try await respond(request, key: "resource/\(id)?\(source.rawValue)") {
                try await catalog.resource(id: id, source: source)
            }
        }
    }

    /// Answers from the cache when the catalog has not changed, with 304 when the client has it.
    func respond(_ request: Request, key: String, load: () async throws -> (some Encodable)?) async throws -> Response {
        let generation = catalog.generation
        let entry: ResponseCache.Entry
        if let cached = cache.entry(for: key, generation: generation) {
            entry = cached
        } else {
            guard let value = try await load() else {
                throw HTTPError(.notFound, message: "not in the catalog")
            }
            let body = ByteBuffer(bytes: try JSONEncoding.encoder.encode(value))
            entry = .init(generation: generation, etag: ResponseCache.etag(for: body), body: body)
            cache.store(entry, for: key)
        }
        var headers: HTTPFields = [
            .eTag: "\"\(entry.etag)\"",
            .cacheControl: "no-cache",
        ]
        if let ifNoneMatch = request.headers[.ifNoneMatch],
            case .notModified = ConditionalRequest(ifNoneMatch: ifNoneMatch).evaluate(
                etag: entry.etag, lastModified: nil)
        {
            // RFC 9110 §8.6: a 304 may state the length, but only the 200's.
            headers[.contentLength] = String(entry.body.readableBytes)
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: entry.body))
    }

    /// `?source=tv` or `?source=phone` (the default).
    static func source(of request: Request) throws -> PlaySource {
        guard let text = request.uri.queryParameters["source"] else { return .phone }
        guard let source = PlaySource(rawValue: String(text)) else {
            throw HTTPError(.badRequest, message: "source must be tv or phone")
        }
        return source
    }

    static func parameter(_ name: String, _ context: some RequestContext) throws -> String {
        guard let raw = context.parameters.get(name), let value = PercentDecoding.decode(raw), !value.isEmpty else {
            throw HTTPError(.badRequest, message: "\(name) is not valid percent-encoded UTF-8")
        }
        return value
    }
}

/// The JSON encoder of the API: UTF-8 Chinese as is, stable key order.
enum JSONEncoding {
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
