import Foundation
import HubCore
import Testing

@Suite("Rankings: order, filters, limits")
struct RankingTests {
    static func totals(_ resource: String, views: Int, completions: Int = 0, watch: Int = 0) -> ResourceTotals {
        ResourceTotals(
            resource: resource, plays: views + 1, views: views, completions: completions, watchSeconds: watch)
    }

    static let catalog = ResourceCatalog(entries: [
        "A": .init(title: "太极拳入门", category: "养生保健"),
        "B": .init(title: "智能手机微信", category: "科技应用"),
        "C": .init(title: "京剧欣赏", category: "文化艺术"),
        "D": .init(title: "防诈骗", category: "科技应用"),
    ])

    @Test(arguments: [
        // views decide first
        ([totals("A", views: 5), totals("B", views: 9)], ["B", "A"]),
        // equal views: completions
        ([totals("A", views: 5, completions: 1), totals("B", views: 5, completions: 3)], ["B", "A"]),
        // equal views and completions: watch seconds
        (
            [totals("A", views: 5, completions: 3, watch: 900), totals("B", views: 5, completions: 3, watch: 60)],
            ["A", "B"]
        ),
        // all equal: resource id, so the order never depends on the store's
        ([totals("C", views: 5), totals("A", views: 5), totals("B", views: 5)], ["A", "B", "C"]),
    ])
    func ordersByViewsThenCompletionsThenWatchSeconds(totals: [ResourceTotals], expected: [String]) throws {
        let ranking = Ranking(query: try RankingQuery(year: 2026), totals: totals, catalog: Self.catalog)
        #expect(ranking.entries.map(\.resource) == expected)
        #expect(ranking.entries.map(\.rank) == Array(1...expected.count))
    }

    @Test func categoryFilterUsesTheManifestsTopLevelCategoryAndLimitCuts() throws {
        let totals = [
            Self.totals("A", views: 50), Self.totals("B", views: 40), Self.totals("C", views: 30),
            Self.totals("D", views: 45), Self.totals("GONE", views: 99),
        ]
        let technology = Ranking(
            query: try RankingQuery(year: 2026, category: "科技应用"), totals: totals, catalog: Self.catalog)
        #expect(technology.entries.map(\.resource) == ["D", "B"])
        #expect(technology.entries.map(\.title) == ["防诈骗", "智能手机微信"])

        let all = Ranking(query: try RankingQuery(year: 2026, limit: 3), totals: totals, catalog: Self.catalog)
        #expect(all.entries.map(\.resource) == ["GONE", "A", "D"])
        // A resource the manifest does not list is ranked under its id, without a category.
        #expect(all.entries[0].title == "GONE" && all.entries[0].category == "")
        #expect(all.entries[1].views == 50 && all.entries[1].plays == 51)
    }

    @Test func queryChecksEachParameterAndNamesIt() throws {
        let now = ISO8601DateFormatter().date(from: "2026-12-31T16:30:00Z")!  // 2027-01-01 00:30 in UTC+8
        let defaults = try RankingQuery(year: nil, category: "", region: " ", limit: nil, now: now)
        #expect(defaults == (try RankingQuery(year: 2027)))
        #expect(defaults.limit == 100 && defaults.region == nil && defaults.category == nil)
        let full = try RankingQuery(year: "2026", category: "科技应用", region: "徐汇区", limit: "5", now: now)
        #expect(full.year == 2026 && full.category == "科技应用" && full.region == "徐汇区" && full.limit == 5)
        let bad: [(String?, String?, String?, String)] = [
            ("twenty", nil, nil, "year \"twenty\""), ("1999", nil, nil, "year 1999"),
            (nil, "体育", nil, "category \"体育\""), (nil, nil, "0", "limit 0"), (nil, nil, "x", "limit \"x\""),
            (nil, nil, "10001", "limit 10001"),
        ]
        for (year, category, limit, message) in bad {
            #expect {
                try RankingQuery(year: year, category: category, region: nil, limit: limit, now: now)
            } throws: { error in
                (error as? HubError)?.code == .badQuery && (error as? HubError)?.message.contains(message) == true
            }
        }
    }
}
