import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskTesting
import NIOCore
import Testing

@Suite("Menu API and play reports over HTTP")
struct MenuAPITests {
    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test func homeIsUTF8JSONWithAnETagAndRevalidates() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.test { client in
            let etag = try await client.execute(uri: "/api/v1/home?source=tv", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.body.text.contains("\"养生保健\""), "Chinese is sent as UTF-8, not escaped")
                let home = try JSONDecoder().decode(HomeMenu.self, from: Data(response.body.readableBytesView))
                #expect(home.categories.count == 9 && home.popular.count == 6)
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/api/v1/home?source=tv", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/home?source=radio", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func walksHomeCategorySeriesResource() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.test { client in
            let category = try await client.execute(
                uri: "/api/v1/categories/%E5%85%BB%E7%94%9F%E4%BF%9D%E5%81%A5", method: .get
            ) {
                try JSONDecoder().decode(CategoryMenu.self, from: Data($0.body.readableBytesView))
            }
            #expect(category.name == "养生保健" && category.entries.first?.kind == .series)
            let name = category.entries[0].id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)!
            let series = try await client.execute(uri: "/api/v1/series/\(name)?source=tv", method: .get) {
                try JSONDecoder().decode(SeriesMenu.self, from: Data($0.body.readableBytesView))
            }
            #expect(series.episodes.count == 4 && series.next == "YS-TJQ-01")
            let detail = try await client.execute(uri: "/api/v1/resources/YS-TJQ-01?source=tv", method: .get) {
                try JSONDecoder().decode(ResourceDetail.self, from: Data($0.body.readableBytesView))
            }
            #expect(detail.nextInSeries == "YS-TJQ-02")
            try await client.execute(uri: detail.media.url, method: .get, headers: [.range: "bytes=0-3"]) { response in
                #expect(response.status == .partialContent && response.body.readableBytes == 4)
            }
            for uri in [
                "/api/v1/categories/%E6%97%A0", "/api/v1/series/none", "/api/v1/resources/WH-SY-01",
                "/api/v1/categories/%ZZ",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect([.notFound, .badRequest].contains(response.status), "\(uri)")
                    #expect(response.body.text.contains("\"error\""))
                }
            }
        }
    }

    @Test func playReportsAreCheckedAndChangeTheMenu() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.test { client in
            let start = #"{"resource": "YS-TJQ-02", "source": "tv", "position": 0}"#
            let token = try await client.execute(uri: "/api/v1/plays", method: .post, body: Self.json(start)) {
                response in
                #expect(response.status == .created)
                let body =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                return try #require(body?["token"] as? String)
            }
            let etag = try await client.execute(uri: "/api/v1/home?source=tv", method: .get) { $0.headers[.eTag] }
            try await client.execute(
                uri: "/api/v1/plays/\(token)", method: .post, body: Self.json(#"{"position": 12, "played": 0}"#)
            ) {
                #expect($0.status == .ok)
            }
            // The new position changes 继续观看, so the old ETag no longer matches.
            try await client.execute(uri: "/api/v1/home?source=tv", method: .get, headers: [.ifNoneMatch: etag ?? ""]) {
                response in
                #expect(response.status == .ok)
                let home = try JSONDecoder().decode(HomeMenu.self, from: Data(response.body.readableBytesView))
                #expect(home.resume?.resource.id == "YS-TJQ-02")
            }
            let checks: [(String, String, HTTPResponse.Status)] = [
                ("/api/v1/plays/\(token)", #"{"position": 12, "played": 600}"#, .unprocessableContent),
                ("/api/v1/plays/\(token)", #"{"position": -3, "played": 1}"#, .unprocessableContent),
                ("/api/v1/plays/\(token)", #"{"position": "x"}"#, .badRequest),
                ("/api/v1/plays/\(token)", "not json", .badRequest),
                ("/api/v1/plays/unknown", #"{"position": 1, "played": 1}"#, .notFound),
                ("/api/v1/plays", #"{"resource": "NOPE", "source": "tv"}"#, .notFound),
                ("/api/v1/plays", #"{"resource": "YS-TJQ-02", "source": "radio"}"#, .badRequest),
                (
                    "/api/v1/plays", #"{"resource": "YS-TJQ-02", "source": "tv", "position": 9999}"#,
                    .unprocessableContent
                ),
                ("/api/v1/plays/\(token)", #"{"position": 13, "played": 0, "ended": true}"#, .ok),
                ("/api/v1/plays/\(token)", #"{"position": 13, "played": 0, "ended": true}"#, .ok),
                ("/api/v1/plays/\(token)", #"{"position": 14, "played": 0}"#, .conflict),
                ("/api/v1/plays", String(repeating: " ", count: 5000), .contentTooLarge),
            ]
            for (uri, body, status) in checks {
                try await client.execute(uri: uri, method: .post, body: Self.json(body)) { response in
                    #expect(response.status == status, "\(uri) \(body.prefix(60))")
                    if status != .ok {
                        #expect(response.body.text.contains("\"error\""), "\(status): \(response.body.text)")
                    }
                }
            }
        }
    }

    @Test func pagesAreServedWithSafeHeaders() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.test { client in
            for uri in ["/tv/", "/"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(response.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true)
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.body.text.contains("Noto Sans CJK SC") || response.body.text.contains("base.css"))
                }
            }
            try await client.execute(uri: "/tv", method: .get) { #expect($0.status == .movedPermanently) }
            try await client.execute(uri: "/api/v1/health", method: .get) { #expect($0.status == .ok) }
        }
    }
}
