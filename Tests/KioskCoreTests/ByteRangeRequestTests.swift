import KioskCore
import Testing

@Suite("RFC 9110 byte ranges")
struct ByteRangeRequestTests {
    /// (Range header, representation size, expected answer). `nil` resolution: the header is ignored (200).
    static let table: [(header: String, size: Int64, expected: ByteRangeResolution)] = [
        // single ranges
        ("bytes=0-499", 1000, .single(0...499)),
        ("bytes=500-999", 1000, .single(500...999)),
        ("bytes=0-0", 1000, .single(0...0)),
        ("bytes=999-999", 1000, .single(999...999)),
        ("bytes=0-1999", 1000, .single(0...999)),  // last-pos past the end is clamped
        // open-ended
        ("bytes=500-", 1000, .single(500...999)),
        ("bytes=999-", 1000, .single(999...999)),
        ("bytes=0-", 1000, .single(0...999)),
        // suffix
        ("bytes=-500", 1000, .single(500...999)),
        ("bytes=-1", 1000, .single(999...999)),
        ("bytes=-2000", 1000, .single(0...999)),  // longer than the file: all of it
        // unsatisfiable
        ("bytes=1000-", 1000, .unsatisfiable),
        ("bytes=1000-2000", 1000, .unsatisfiable),
        ("bytes=-0", 1000, .unsatisfiable),
        ("bytes=0-", 0, .unsatisfiable),
        ("bytes=-5", 0, .unsatisfiable),
        ("bytes=1000-1001,2000-", 1000, .unsatisfiable),
        // several ranges
        ("bytes=0-0,-1", 1000, .multiple([0...0, 999...999])),
        ("bytes=0-99, 500-599", 1000, .multiple([0...99, 500...599])),
        ("bytes=500-599,0-99", 1000, .multiple([0...99, 500...599])),  // sorted
        ("bytes=0-99,100-199", 1000, .single(0...199)),  // adjacent: merged
        ("bytes=0-99,150-199", 1000, .single(0...199)),  // gap below a part header: merged
        ("bytes=0-99,50-150", 1000, .single(0...150)),  // overlapping: merged
        ("bytes=0-10,1000-2000", 1000, .single(0...10)),  // unsatisfiable ones are dropped
        ("bytes=0-0,,  ,500-500", 1000, .multiple([0...0, 500...500])),  // empty list elements
        // case, whitespace, huge numbers
        ("BYTES=0-1", 1000, .single(0...1)),
        ("bytes = 0-1", 1000, .single(0...1)),
        ("bytes=99999999999999999999999-", 1000, .unsatisfiable),
        ("bytes=0-99999999999999999999999", 1000, .single(0...999)),
        ("bytes=-99999999999999999999999", 1000, .single(0...999)),
    ]

    @Test(arguments: table.indices)
    func resolves(_ row: Int) throws {
        let (header, size, expected) = Self.table[row]
        let request = try #require(ByteRangeRequest(header: header), "\(header) should parse")
        #expect(request.resolve(size: size) == expected, "\(header) of \(size)")
    }

    /// Headers the RFC says to ignore: the whole representation is sent (200), never an error.
    @Test(arguments: [
        "", "bytes", "bytes=", "bytes=,", "bytes=-", "bytes=abc", "bytes=5-1", "items=0-1", "bytes=1-2-3",
        "bytes=--1", "bytes=0x10-20", "bytes=1 -2", "bytes=0-1;2-3", "bytes=+1-2", "bytes=1.5-2", "=0-1",
        "bytes=0-1,x", "bytes=\u{0}0-1", "bytes=٠-١",
    ])
    func ignoresInvalidHeader(_ header: String) {
        #expect(ByteRangeRequest(header: header) == nil, "\(header)")
    }

    @Test func tooManyPartsFallBackToTheWholeFile() {
        let header = "bytes=" + (0..<40).map { "\($0 * 200)-\($0 * 200 + 10)" }.joined(separator: ",")
        #expect(ByteRangeRequest(header: header)?.resolve(size: 100_000) == .full)
    }

    @Test func manyOverlappingRangesCollapseToOne() {
        let header = "bytes=" + Array(repeating: "0-1", count: 1000).joined(separator: ",")
        #expect(ByteRangeRequest(header: header)?.resolve(size: 10) == .single(0...1))
    }
}

@Suite("multipart/byteranges layout")
struct MultipartByteRangesTests {
    @Test func layoutMatchesTheRFCFormatAndLength() {
        let layout = MultipartByteRanges(ranges: [0...1, 8...9], contentType: "video/mp4", size: 10, boundary: "B")
        let data = Array("0123456789".utf8)
        var body = ""
        for part in layout.parts {
            body +=
                part.header
                + String(decoding: data[Int(part.range.lowerBound)...Int(part.range.upperBound)], as: UTF8.self)
        }
        body += layout.closing
        #expect(
            body == "--B\r\nContent-Type: video/mp4\r\nContent-Range: bytes 0-1/10\r\n\r\n01"
                + "\r\n--B\r\nContent-Type: video/mp4\r\nContent-Range: bytes 8-9/10\r\n\r\n89\r\n--B--\r\n")
        #expect(layout.contentLength == Int64(body.utf8.count))
        #expect(layout.contentType == "multipart/byteranges; boundary=B")
    }

    @Test func boundariesDiffer() {
        #expect(MultipartByteRanges.makeBoundary() != MultipartByteRanges.makeBoundary())
    }
}
