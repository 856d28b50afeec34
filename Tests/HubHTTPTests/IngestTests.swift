import Foundation
import HTTPTypes
import HubCore
import HubStore
import HummingbirdTesting
import KioskTesting
import NIOCore
import PoolFormat
import Testing

@Suite("POST /api/v1/usage over HTTP")
struct IngestTests {
    typealias Sample = UsageBatchSamples
    static let batch = Sample.batch(
        site: "sh-xuhui-0012", number: 1,
        counts: [Sample.count("YS-TJQ-01", day: "2026-11-20", plays: 12, views: 9, completions: 4, watchSeconds: 5400)])

    @Test func storesThenAnswersDuplicateThenConflictEachWithADate() async throws {
        let hub = try await LiveHub()
        let token = hub.xuhuiToken
        try await hub.test { client in
            let first = try await client.postUsage(Self.batch.encoded(), token: token)
            #expect(first.status == .ok && first.text == #"{"accepted":true,"duplicate":false}"#)
            #expect(first.headers[.contentType] == "application/json; charset=utf-8")
            let again = try await client.postUsage(Self.batch.encoded(), token: token)
            #expect(again.status == .ok && again.text == #"{"accepted":true,"duplicate":true}"#)
            var changed = Self.batch
            changed.counts[0].views = 10
            let conflict = try await client.postUsage(changed.encoded(), token: token)
            #expect(conflict.status == .conflict)
            #expect(conflict.errorMessage.contains("already stored with another body"), "\(conflict.text)")
            for response in [first, again, conflict] {
                let date = try #require(response.headers[.date])
                #expect(date.hasSuffix(" GMT"), "an HTTP date: \(date)")
            }
        }
        #expect(try await hub.storedViews() == ["YS-TJQ-01": 9])
    }

    @Test func badRequestsGetTheirStatusAndStoreNothing() async throws {
        let hub = try await LiveHub()
        let good = Self.batch.encoded()
        var otherFormat = try #require(String(data: good, encoding: .utf8))
        otherFormat = otherFormat.replacingOccurrences(of: "yinling-usage/1", with: "yinling-usage/9")
        var badField = Self.batch
        badField.counts[0].views = 20  // more views than plays
        let huge = Data(repeating: UInt8(ascii: " "), count: 2 << 20)
        let cases: [(String, Data, String?, HTTPResponse.Status, String)] = [
            ("no token", good, nil, .unauthorized, "no site token"),
            ("wrong token", good, SiteToken.generate().text, .unauthorized, "unknown site token"),
            ("another site's token", good, hub.haidianToken, .forbidden, "belongs to site bj-haidian-0001"),
            (
                "malformed JSON", Data(#"{"format": "yinling-usage/1", "#.utf8), hub.xuhuiToken, .badRequest,
                "not valid JSON"
            ),
            ("unknown format", Data(otherFormat.utf8), hub.xuhuiToken, .badRequest, "yinling-usage/9"),
            ("a bad field", badField.encoded(), hub.xuhuiToken, .badRequest, "counts[0].views"),
            ("2 MiB body", huge, hub.xuhuiToken, .contentTooLarge, "at most 1048576 bytes"),
        ]
        try await hub.test { client in
            for (name, body, token, status, message) in cases {
                let response = try await client.postUsage(body, token: token)
                #expect(response.status == status, "\(name): \(response.text)")
                #expect(response.errorMessage.contains(message), "\(name): \(response.text)")
                #expect(response.headers[.date] != nil, "\(name)")
            }
            if let missing = try? await client.postUsage(good, token: nil) {
                #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            }
        }
        #expect(try await hub.storedViews().isEmpty)
        #expect(try await hub.usage.activity().allSatisfy { $0.installations.isEmpty })

        // A batch re-sent with another body after the first was stored: 409, the first stays.
        try await hub.test { client in
            let stored = try await client.postUsage(good, token: hub.xuhuiToken)
            #expect(stored.status == .ok)
            var resent = Self.batch
            resent.counts.append(Sample.count("KJ-WX-01", day: "2026-11-20", views: 1))
            let conflict = try await client.postUsage(resent.encoded(), token: hub.xuhuiToken)
            #expect(conflict.status == .conflict)
        }
        #expect(try await hub.storedViews() == ["YS-TJQ-01": 9])
    }

    @Test func exactlyOneMebibyteIsAccepted() async throws {
        let hub = try await LiveHub()
        var padded = Self.batch.encoded()
        padded.append(Data(repeating: UInt8(ascii: " "), count: UsageBatch.maximumBytes - padded.count))
        let body = padded
        try await hub.test { client in
            let response = try await client.postUsage(body, token: hub.xuhuiToken)
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    @Test func identicalPostsRacingOnSeparateConnectionsStoreOnce() async throws {
        let hub = try await LiveHub()
        let batch = Sample.batch(site: "sh-xuhui-0012", number: 3, counts: Sample.counts(rows: 200))
        let body = batch.encoded()
        let token = hub.xuhuiToken
        try await hub.test { client in
            let port = try #require(client.port)
            let answers = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<16 {
                    group.addTask {
                        let connection = TestClient(host: "localhost", port: port)
                        connection.connect()
                        let response: TestClient.Response
                        do {
                            response = try await connection.post(
                                "/api/v1/usage", headers: [.authorization: "Bearer \(token)"],
                                body: ByteBuffer(bytes: body))
                        } catch {
                            try? await connection.shutdown()
                            throw error
                        }
                        try await connection.shutdown()
                        return "\(response.status.code) \(String(buffer: response.body ?? ByteBuffer()))"
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0 == #"200 {"accepted":true,"duplicate":false}"# }.count == 1, "\(answers)")
            #expect(answers.filter { $0 == #"200 {"accepted":true,"duplicate":true}"# }.count == 15, "\(answers)")
        }
        let totals = try await hub.usage.totals(year: 2026, region: nil)
        #expect(totals.count == 200 && totals.allSatisfy { $0.views == 9 })
    }
}
