import Foundation
import Hummingbird
import KioskCore
import NIOCore

/// `POST /api/v1/plays` and `POST /api/v1/plays/:token`: the pages' reports of playback, limited
/// per client address (``BeaconLimits``: 429 with `Retry-After` past the limit).
struct PlayController<Log: PlayLog, Menu: Catalog, Clock: EventClock> {
    let reports: PlayReports<Log, Menu, Clock>
    let limits: BeaconLimits
    /// Reports are a few dozen bytes; anything larger is not a report.
    static var maximumBodyBytes: Int { 4096 }

    struct StartRequest: Decodable {
        var resource: String
        var source: PlaySource
        var position: Double?
    }

    struct ReportRequest: Decodable {
        var position: Double
        var played: Double
        var ended: Bool?
    }

    struct PlayResponse: Encodable {
        var token: String
        var resource: String
        var position: Double
        var playedSeconds: Double
        var ended: Bool

        init(_ record: PlayRecord) {
            token = record.token
            resource = record.resourceID
            position = record.position
            playedSeconds = record.playedSeconds
            ended = record.ended
        }
    }

    func register(on router: Router<KioskRequestContext>) {
        router.post("/api/v1/plays") { request, context in
            try limits.take(start: true, context: context)
            let body: StartRequest = try await Self.decode(request, context)
            let record = try await reports.start(
                resourceID: body.resource, source: body.source, position: body.position ?? 0)
            return try Self.json(PlayResponse(record), status: .created)
        }
        // Progress and end; pages send the end with `navigator.sendBeacon`, which can only POST.
        router.post("/api/v1/plays/:token") { request, context in
            try limits.take(start: false, context: context)
            let token = context.parameters.get("token") ?? ""
            let body: ReportRequest = try await Self.decode(request, context)
            let record = try await reports.report(
                token: token, position: body.position, playedSeconds: body.played, ended: body.ended ?? false)
            return try Self.json(PlayResponse(record), status: .ok)
        }
    }

    /// Reads a small JSON body whatever its Content-Type (`sendBeacon` sends text/plain).
    static func decode<T: Decodable>(_ request: Request, _ context: some RequestContext) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "a play report is at most \(maximumBodyBytes) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw HTTPError(.badRequest, message: "body: \(describe(error))")
        }
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
        let body = ByteBuffer(bytes: try JSONEncoding.encoder.encode(value))
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: body))
    }

    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case .dataCorrupted(let context):
            context.codingPath.isEmpty
                ? "not valid JSON"
                : "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\": \(context.debugDescription)"
        @unknown default: "not valid"
        }
    }
}
