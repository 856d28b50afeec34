import Foundation
import HTTPTypes
import HubCore
import HubStore
import HummingbirdTesting
import KioskTesting
import NIOCore
import PoolFormat
import Testing

@Suite("Rankings and the sites' status over HTTP")
struct RankingAPITests {
    typealias Sample = UsageBatchSamples

    /// Xuhui (徐汇区) and Haidian (海淀区) send counts of 2025, 2026 and of no known day.
    static func seed(_ hub: LiveHub, client: some TestClientProtocol) async throws {
        let xuhui = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                Sample.count("YS-TJQ-01", day: "2026-03-01", views: 10, completions: 2, watchSeconds: 3000),
                Sample.count("KJ-WX-01", day: "2026-03-01", views: 10, completions: 5, watchSeconds: 100),
                Sample.count("KJ-FZP-01", day: "2025-12-31", views: 50),
                Sample.count("KJ-FZP-01", day: nil, views: 4),
            ])
        let haidian = Sample.batch(
            site: "bj-haidian-0001", number: 1,
            counts: [
                Sample.count("KJ-FZP-01", day: "2026-06-01", source: .phone, views: 3, completions: 1),
                Sample.count("GONE-01", day: "2026-06-01", views: 1),
            ])
        for (batch, token) in [(xuhui, hub.xuhuiToken), (haidian, hub.haidianToken)] {
            let response = try await client.postUsage(batch.encoded(), token: token)
            #expect(response.status == .ok, "\(response.text)")
        }
    }

    static func ranking(_ client: some TestClientProtocol, _ query: String) async throws -> [[String: Any]] {
        let response = try await client.execute(uri: "/api/v1/ranking?" + query, method: .get)
        #expect(response.status == .ok, "\(query): \(response.text)")
        let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
        return object?["ranking"] as? [[String: Any]] ?? []
    }

    static func ids(_ ranking: [[String: Any]]) -> [String] { ranking.compactMap { $0["resource"] as? String } }

    @Test func rankingOrdersFiltersAndCountsDaylessPlaysInTheirArrivalYear() async throws {
        let hub = try await LiveHub()
        try await hub.test { client in
            try await Self.seed(hub, client: client)
            let year2026 = try await Self.ranking(client, "year=2026")
            // KJ-FZP-01: 4 views of no known day (arrived in 2026) + 3 in Haidian = 7.
            #expect(Self.ids(year2026) == ["KJ-WX-01", "YS-TJQ-01", "KJ-FZP-01", "GONE-01"])
            let first = year2026[0]
            #expect(first["rank"] as? Int == 1 && first["views"] as? Int == 10 && first["completions"] as? Int == 5)
            #expect(first["title"] as? String == "智能手机：微信视频通话" && first["category"] as? String == "科技应用")
            #expect(year2026[2]["views"] as? Int == 7 && year2026[2]["plays"] as? Int == 7)
            #expect(year2026[3]["title"] as? String == "GONE-01" && year2026[3]["category"] as? String == "")

            #expect(try await Self.ids(Self.ranking(client, "year=2025")) == ["KJ-FZP-01"])
            let technology = "year=2026&category=%E7%A7%91%E6%8A%80%E5%BA%94%E7%94%A8"  // 科技应用
            #expect(try await Self.ids(Self.ranking(client, technology)) == ["KJ-WX-01", "KJ-FZP-01"])
            let haidian = "year=2026&region=%E6%B5%B7%E6%B7%80%E5%8C%BA"  // 海淀区
            #expect(try await Self.ids(Self.ranking(client, haidian)) == ["KJ-FZP-01", "GONE-01"])
            #expect(try await Self.ids(Self.ranking(client, "year=2026&limit=2")) == ["KJ-WX-01", "YS-TJQ-01"])

            // No year: this year at the hub (the test's clock says 2026).
            #expect(try await Self.ids(Self.ranking(client, "")).count == 4)
            // The same counts, sent with no day in the first hours of 2027 (UTC+8), count in 2027.
            hub.clock.set(ISO8601DateFormatter().date(from: "2026-12-31T16:30:00Z")!)
            let late = Sample.batch(
                site: "sh-xuhui-0012", number: 2, counts: [Sample.count("YS-TJQ-01", day: nil, views: 6)])
            #expect(try await client.postUsage(late.encoded(), token: hub.xuhuiToken).status == .ok)
            let year2027 = try await Self.ranking(client, "year=2027")
            #expect(Self.ids(year2027) == ["YS-TJQ-01"] && year2027[0]["views"] as? Int == 6)

            for (query, message) in [
                ("year=26x", "year \"26x\""), ("year=2026&category=%E4%BD%93", "category"), ("limit=0", "limit 0"),
            ] {
                let response = try await client.execute(uri: "/api/v1/ranking?" + query, method: .get)
                #expect(response.status == .badRequest && response.errorMessage.contains(message), "\(response.text)")
            }
        }
    }

    @Test func rankingPageIsChineseHTMLWithTheTableAndAnInlineChart() async throws {
        let hub = try await LiveHub()
        try await hub.test { client in
            try await Self.seed(hub, client: client)
            let response = try await client.execute(uri: "/ranking?year=2026", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            let page = response.text
            #expect(page.contains("<h1>市民喜爱的学习视频课程 2026</h1>"))
            #expect(page.contains("<svg") && page.contains("<rect") && page.contains("<table>"))
            #expect(page.contains("太极拳入门 &lt;第1集&gt;") && !page.contains("<第1集>"))
            #expect(!page.lowercased().contains("<script") && !page.contains("<link"))
            let rows = page.components(separatedBy: "<tr>").count - 2  // the header row, and the text before it
            #expect(rows == 4, "\(page)")
        }
    }

    @Test func sitesNeedTheAdminTokenAndShowLastBatchesAndLag() async throws {
        let hub = try await LiveHub()
        try await hub.test { client in
            try await Self.seed(hub, client: client)
            for token in [nil, hub.xuhuiToken, SiteToken.generate().text] {
                let response = try await client.execute(
                    uri: "/api/v1/sites", method: .get,
                    headers: token.map { [.authorization: "Bearer \($0)"] } ?? [:])
                #expect(response.status == .unauthorized, "\(response.text)")
            }
            hub.clock.set(hub.clock.now.addingTimeInterval(3600))
            let response = try await client.execute(
                uri: "/api/v1/sites", method: .get, headers: [.authorization: "Bearer \(hub.adminToken)"])
            #expect(response.status == .ok)
            let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            let sites = try #require(object?["sites"] as? [[String: Any]])
            #expect(sites.compactMap { $0["site"] as? String } == ["bj-haidian-0001", "sh-xuhui-0012"])
            let xuhui = sites[1]
            #expect(xuhui["region"] as? String == "徐汇区" && xuhui["lagSeconds"] as? Int == 3600)
            #expect(xuhui["lastArrival"] as? String == "2026-11-21T02:00:06Z")
            let installations = try #require(xuhui["installations"] as? [[String: Any]])
            #expect(installations.count == 1 && installations[0]["lastBatch"] as? Int == 1)
            #expect(installations[0]["installation"] as? String == Sample.installation)
        }
    }
}
