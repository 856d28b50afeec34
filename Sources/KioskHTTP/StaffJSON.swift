import Foundation
import Hummingbird
import NIOCore

/// Reading and writing the staff API's small JSON bodies.
enum StaffJSON {
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws
        -> Response
    {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(
            status: status, headers: fields,
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoding.encoder.encode(value))))
    }

    /// A JSON body of at most `limit` bytes. Invalid JSON is a 400; a field of the wrong type or
    /// value is a 422 naming the field.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw HTTPError(.contentTooLarge, message: "the body is at most \(limit) bytes")
        }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            guard let field = Self.field(of: error) else {
                throw HTTPError(.badRequest, message: "the body is not JSON")
            }
            throw HTTPError(.unprocessableContent, message: "\(field): \(Self.problem(error))")
        }
    }

    static func problem(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: "missing"
        case .typeMismatch(let type, _): "must be \(type == String.self ? "a string" : "of type \(type)")"
        case .valueNotFound: "missing"
        case .dataCorrupted(let context): context.debugDescription
        @unknown default: "not valid"
        }
    }

    /// The field a decoding error is about; nil when the body is not JSON at all.
    static func field(of error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        @unknown default: path = []
        }
        return path.isEmpty ? nil : path.map(\.stringValue).joined(separator: ".")
    }
}
