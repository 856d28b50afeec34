import KioskCore
import Testing

@Suite("Conditional requests (RFC 9110 §13)")
struct ConditionalRequestTests {
    static let etag = "3f9c"
    static let modified = HTTPDate(secondsSince1970: 1_790_000_000)
    static let before = HTTPDate(secondsSince1970: 1_789_999_000).description
    static let same = modified.description
    static let after = HTTPDate(secondsSince1970: 1_790_001_000).description

    static let table: [(name: String, request: ConditionalRequest, expected: ConditionalRequest.Outcome)] = [
        ("none", .init(), .proceed(honorRange: true)),
        ("If-None-Match same", .init(ifNoneMatch: "\"3f9c\""), .notModified),
        ("If-None-Match list", .init(ifNoneMatch: "\"a\", \"3f9c\""), .notModified),
        ("If-None-Match weak", .init(ifNoneMatch: "W/\"3f9c\""), .notModified),
        ("If-None-Match star", .init(ifNoneMatch: "*"), .notModified),
        ("If-None-Match other", .init(ifNoneMatch: "\"other\""), .proceed(honorRange: true)),
        ("If-None-Match garbage", .init(ifNoneMatch: "3f9c"), .proceed(honorRange: true)),
        ("If-Match same", .init(ifMatch: "\"3f9c\""), .proceed(honorRange: true)),
        ("If-Match other", .init(ifMatch: "\"other\""), .preconditionFailed),
        ("If-Match weak never matches", .init(ifMatch: "W/\"3f9c\""), .preconditionFailed),
        ("If-Modified-Since same", .init(ifModifiedSince: same), .notModified),
        ("If-Modified-Since after", .init(ifModifiedSince: after), .notModified),
        ("If-Modified-Since before", .init(ifModifiedSince: before), .proceed(honorRange: true)),
        ("If-Modified-Since garbage", .init(ifModifiedSince: "yesterday"), .proceed(honorRange: true)),
        (
            "If-None-Match wins over If-Modified-Since", .init(ifNoneMatch: "\"other\"", ifModifiedSince: after),
            .proceed(honorRange: true)
        ),
        ("If-Unmodified-Since before", .init(ifUnmodifiedSince: before), .preconditionFailed),
        ("If-Unmodified-Since same", .init(ifUnmodifiedSince: same), .proceed(honorRange: true)),
        ("If-Range same tag", .init(ifRange: "\"3f9c\""), .proceed(honorRange: true)),
        ("If-Range other tag", .init(ifRange: "\"other\""), .proceed(honorRange: false)),
        ("If-Range weak tag", .init(ifRange: "W/\"3f9c\""), .proceed(honorRange: false)),
        ("If-Range same date", .init(ifRange: same), .proceed(honorRange: true)),
        ("If-Range other date", .init(ifRange: after), .proceed(honorRange: false)),
        ("If-Range garbage", .init(ifRange: "whenever"), .proceed(honorRange: false)),
    ]

    @Test(arguments: table.indices)
    func evaluates(_ row: Int) {
        let (name, request, expected) = Self.table[row]
        #expect(request.evaluate(etag: Self.etag, lastModified: Self.modified) == expected, "\(name)")
    }
}

@Suite("HTTP dates")
struct HTTPDateTests {
    @Test func formatsIMFFixdate() {
        #expect(HTTPDate(secondsSince1970: 784_111_777).description == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate(secondsSince1970: 0).description == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate(secondsSince1970: 951_782_400).description == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"])
    func parsesTheThreeForms(_ text: String) {
        #expect(HTTPDate(text)?.secondsSince1970 == 784_111_777)
    }

    @Test(arguments: [
        "", "Sun, 06 Nov 1994", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "1994-11-06T08:49:37Z",
    ])
    func refusesOthers(_ text: String) {
        #expect(HTTPDate(text) == nil)
    }

    @Test func roundTrips() {
        for seconds in stride(from: Int64(-86_400 * 365), to: 4_102_444_800, by: 7_654_321) {
            let date = HTTPDate(secondsSince1970: seconds)
            #expect(HTTPDate(date.description) == date, "\(date)")
        }
    }
}
