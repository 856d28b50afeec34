/// The layout of a `multipart/byteranges` body (RFC 9110 §14.6): each part's header text, the
/// range it carries, and the closing delimiter. The bytes themselves are read by the server.
public struct MultipartByteRanges: Sendable, Hashable {
    /// One part: its delimiter and headers, then the bytes of `range`.
    public struct Part: Sendable, Hashable {
        public let header: String
        public let range: ClosedRange<Int64>
    }

    public let boundary: String
    public let parts: [Part]
    /// Written after the last part's bytes.
    public let closing: String

    /// - Parameters:
    ///   - ranges: the ranges to send, from ``ByteRangeResolution/multiple(_:)``.
    ///   - contentType: the type of the representation, repeated in every part.
    ///   - size: the representation's full size, for `Content-Range`.
    ///   - boundary: the delimiter; random unless a test fixes it.
    public init(ranges: [ClosedRange<Int64>], contentType: String, size: Int64, boundary: String = Self.makeBoundary())
    {
        self.boundary = boundary
        self.parts = ranges.enumerated().map { index, range in
            let lead = index == 0 ? "" : "\r\n"
            let header =
                "\(lead)--\(boundary)\r\nContent-Type: \(contentType)\r\n"
                + "Content-Range: bytes \(range.lowerBound)-\(range.upperBound)/\(size)\r\n\r\n"
            return Part(header: header, range: range)
        }
        self.closing = "\r\n--\(boundary)--\r\n"
    }

    /// The `Content-Type` of the whole response.
    public var contentType: String { "multipart/byteranges; boundary=\(boundary)" }

    /// The exact length of the body.
    public var contentLength: Int64 {
        parts.reduce(Int64(closing.utf8.count)) { total, part in
            total + Int64(part.header.utf8.count) + Int64(part.range.count)
        }
    }

    /// 32 random alphanumerics: long enough never to occur inside a video by chance.
    public static func makeBoundary() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return "yinling-" + String((0..<32).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
