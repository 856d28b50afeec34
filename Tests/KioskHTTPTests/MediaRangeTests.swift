import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskTesting
import NIOCore
import Testing

@Suite("Media over HTTP with RFC 9110 ranges")
struct MediaRangeTests {
    @Test(arguments: [true, false])
    func wholeFileWithStrongETagAndImmutableCaching(sendFile: Bool) async throws {
        let kiosk = try await LiveKiosk(sendFile: sendFile)
        let media = try kiosk.media("YS-TJQ-01")
        try await kiosk.test { client in
            try await client.execute(uri: media.url, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.body.bytes == media.bytes)
                #expect(response.headers[.contentLength] == String(media.bytes.count))
                #expect(response.headers[.contentType] == "video/mp4")
                #expect(response.headers[.eTag] == "\"\(media.sha256)\"")
                #expect(response.headers[.acceptRanges] == "bytes")
                #expect(response.headers[.cacheControl]?.contains("immutable") == true)
                #expect(response.headers[.lastModified] != nil)
                // The sendfile instruction is for the pipeline only, never for clients.
                #expect(response.headers[HTTPField.Name("X-Yinling-Sendfile")!] == nil)
            }
        }
    }

    /// (Range header, expected status, expected slice of the file as a closed range).
    static let ranges: [(header: String, status: Int, slice: (Int, Int)?)] = [
        ("bytes=0-99", 206, (0, 99)),
        ("bytes=100-", 206, (100, -1)),
        ("bytes=-500", 206, (-500, -1)),
        ("bytes=0-99999999", 206, (0, -1)),
        ("bytes=-99999999", 206, (0, -1)),
        ("bytes=7-7", 206, (7, 7)),
    ]

    /// Each range by `sendfile(2)` and through buffers.
    @Test(arguments: ranges.indices, [true, false])
    func singleRangeIsByteExact(_ row: Int, sendFile: Bool) async throws {
        let (header, status, slice) = Self.ranges[row]
        let kiosk = try await LiveKiosk(sendFile: sendFile)
        let media = try kiosk.media("KJ-WX-01")
        let size = media.bytes.count
        let lower = slice!.0 < 0 ? size + slice!.0 : slice!.0
        let upper = slice!.1 < 0 ? size - 1 : slice!.1
        try await kiosk.test { client in
            try await client.execute(uri: media.url, method: .get, headers: [.range: header]) { response in
                #expect(response.status.code == status, "\(header)")
                #expect(response.headers[.contentRange] == "bytes \(lower)-\(upper)/\(size)", "\(header)")
                #expect(response.headers[.contentLength] == String(upper - lower + 1))
                #expect(response.body.bytes == Array(media.bytes[lower...upper]), "\(header)")
            }
        }
    }

    @Test func unsatisfiableRangeIs416WithTheSize() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("KJ-WX-01")
        try await kiosk.test { client in
            for header in ["bytes=\(media.bytes.count)-", "bytes=99999999-99999999", "bytes=-0"] {
                try await client.execute(uri: media.url, method: .get, headers: [.range: header]) { response in
                    #expect(response.status == .rangeNotSatisfiable, "\(header)")
                    #expect(response.headers[.contentRange] == "bytes */\(media.bytes.count)")
                    #expect(response.body.readableBytes == 0)
                }
            }
        }
    }

    @Test func headAnswersLikeGetWithoutTheBody() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("KJ-WX-01")
        try await kiosk.test { client in
            try await client.execute(uri: media.url, method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == String(media.bytes.count))
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: media.url, method: .head, headers: [.range: "bytes=-100"]) { response in
                #expect(response.status == .partialContent)
                #expect(response.headers[.contentLength] == "100")
                #expect(
                    response.headers[.contentRange]
                        == "bytes \(media.bytes.count - 100)-\(media.bytes.count - 1)/\(media.bytes.count)")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test func multipleRangesAreSentAsMultipartByteranges() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("SX-JF-01")
        try await kiosk.test { client in
            try await client.execute(uri: media.url, method: .get, headers: [.range: "bytes=-10,0-9,5000-5099"]) {
                response in
                #expect(response.status == .partialContent)
                let type = try #require(response.headers[.contentType])
                let boundary = try #require(type.split(separator: "boundary=").last.map(String.init))
                #expect(type.hasPrefix("multipart/byteranges; boundary="))
                let body = response.body.bytes
                #expect(response.headers[.contentLength] == String(body.count))
                let parts = Self.parts(of: body, boundary: boundary)
                let size = media.bytes.count
                let expected = [(0, 9), (5000, 5099), (size - 10, size - 1)]
                #expect(parts.count == 3)
                for (part, (lower, upper)) in zip(parts, expected) {
                    #expect(part.headers.contains("Content-Range: bytes \(lower)-\(upper)/\(size)"))
                    #expect(part.headers.contains("Content-Type: video/mp4"))
                    #expect(part.data == Array(media.bytes[lower...upper]))
                }
            }
        }
    }

    /// Splits a multipart body into (header text, data) per part.
    static func parts(of body: [UInt8], boundary: String) -> [(headers: String, data: [UInt8])] {
        let delimiter = Array("--\(boundary)".utf8)
        var starts: [Int] = []
        var index = 0
        while index + delimiter.count <= body.count {
            if Array(body[index..<index + delimiter.count]) == delimiter { starts.append(index) }
            index += 1
        }
        var result: [(String, [UInt8])] = []
        for (start, next) in zip(starts, starts.dropFirst()) {
            let part = Array(body[(start + delimiter.count + 2)..<(next - 2)])  // after CRLF, before CRLF
            let separator = Array("\r\n\r\n".utf8)
            guard let split = (0..<part.count - 3).first(where: { Array(part[$0..<$0 + 4]) == separator }) else {
                continue
            }
            result.append((String(decoding: part[..<split], as: UTF8.self), Array(part[(split + 4)...])))
        }
        return result
    }

    @Test func ifRangeAppliesTheRangeOnlyWhileTheValidatorMatches() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("KJ-WX-01")
        try await kiosk.test { client in
            let lastModified = try await client.execute(uri: media.url, method: .head) { $0.headers[.lastModified]! }
            let cases: [(String, HTTPResponse.Status)] = [
                ("\"\(media.sha256)\"", .partialContent), ("\"0000\"", .ok), ("W/\"\(media.sha256)\"", .ok),
                (lastModified, .partialContent), ("Thu, 01 Jan 1970 00:00:00 GMT", .ok),
            ]
            for (ifRange, status) in cases {
                try await client.execute(
                    uri: media.url, method: .get, headers: [.range: "bytes=0-9", .ifRange: ifRange]
                ) { response in
                    #expect(response.status == status, "If-Range: \(ifRange)")
                    #expect(response.body.bytes == (status == .ok ? media.bytes : Array(media.bytes[0...9])))
                }
            }
        }
    }

    @Test func conditionalRequestsAnswer304And412() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("KJ-WX-01")
        try await kiosk.test { client in
            try await client.execute(uri: media.url, method: .get, headers: [.ifNoneMatch: "\"\(media.sha256)\""]) {
                response in
                #expect(response.status == .notModified)
                #expect(response.headers[.eTag] == "\"\(media.sha256)\"")
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: media.url, method: .get, headers: [.ifMatch: "\"other\""]) { response in
                #expect(response.status == .preconditionFailed)
            }
        }
    }

    /// Garbage never earns a 5xx: invalid headers are ignored (200), valid but unsatisfiable is 416.
    static let garbage: [String] = [
        "bytes=abc", "bytes=5-1", "bytes=", "bytes=-", "bytes", "pages=1-2", "bytes=1-2-3", "bytes=0-1,",
        "bytes=99999999999999999999999999999-", "bytes=-99999999999999999999999999999", "bytes=0-0,-0",
        "bytes=0-1;q=0.5", "bytes=١-٢", String(repeating: "bytes=0-1,", count: 300), "\u{7f}\u{7f}",
        "bytes=" + (0..<64).map { "\($0 * 3)-\($0 * 3 + 1)" }.joined(separator: ","),
    ]

    @Test func garbageRangeHeadersNeverFail() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("DJ-HB-01")
        try await kiosk.test { client in
            for header in Self.garbage {
                try await client.execute(uri: media.url, method: .get, headers: [.range: header]) { response in
                    #expect(response.status.code < 500, "\(header.prefix(40)): \(response.status)")
                    if response.status == .ok { #expect(response.body.bytes == media.bytes) }
                }
            }
            // The static pages ignore ranges altogether (Hummingbird's file middleware mishandles them).
            for header in ["bytes=-500", "bytes=999999-", "bytes=5-1"] {
                try await client.execute(uri: "/tv/index.html", method: .get, headers: [.range: header]) { response in
                    #expect(response.status == .ok, "\(header)")
                }
            }
        }
    }

    @Test func onlyIndexedFilesAreServed() async throws {
        let kiosk = try await LiveKiosk()
        let media = try kiosk.media("DJ-HB-01")
        let other = String(repeating: "a", count: 64)
        try await kiosk.test { client in
            for uri in [
                "/media/\(other).mp4", "/media/\(media.sha256).mp3", "/media/\(media.sha256)",
                "/media/..%2f..%2fetc%2fpasswd",
                "/media/manifest.json",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    // A traversal attempt is refused before lookup (400); anything else is simply not there.
                    #expect(response.status == (uri.contains("..") ? .badRequest : .notFound), "\(uri)")
                }
            }
        }
    }
}
