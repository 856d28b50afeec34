import Foundation
import HubCore
import PoolFormat
import Testing

@Suite("Ranking renderings: JSON, CSV, the page")
struct RankingRenderingTests {
    static func ranking(category: String? = nil) throws -> Ranking {
        let catalog = ResourceCatalog(entries: [
            "A": .init(title: #"太极拳, "入门" <b>第1集</b>"#, category: "养生保健"),
            "B": .init(title: "智能手机 & 微信", category: "科技应用"),
        ])
        let totals = [
            ResourceTotals(resource: "A", plays: 12, views: 9, completions: 4, watchSeconds: 5400),
            ResourceTotals(resource: "B", plays: 30, views: 20, completions: 2, watchSeconds: 7200),
        ]
        return Ranking(query: try RankingQuery(year: 2026, category: category), totals: totals, catalog: catalog)
    }

    @Test func jsonHasSortedKeysUTF8AndLeavesOutWhatWasNotAsked() throws {
        let text = String(decoding: try Self.ranking(category: "科技应用").json(), as: UTF8.self)
        #expect(
            text
                == #"{"category":"科技应用","limit":100,"ranking":[{"category":"科技应用","completions":2,"plays":30,"rank":1,"#
                + #""resource":"B","title":"智能手机 & 微信","views":20,"watchSeconds":7200}],"year":2026}"#)
        let all = String(decoding: try Self.ranking().json(), as: UTF8.self)
        #expect(!all.contains("\"category\":null") && !all.contains("region"))
    }

    @Test func csvHasABOMTheStandardsWordsAndQuotesCells() throws {
        let csv = try Self.ranking().csv()
        #expect(csv.hasPrefix("\u{FEFF}排名,资源ID,资源名称,分类,点击量,完成次数,观看秒数,播放次数\r\n"))
        let lines = csv.dropFirst().split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1] == "1,B,智能手机 & 微信,科技应用,20,2,7200,30")
        #expect(lines[2] == #"2,A,"太极拳, ""入门"" <b>第1集</b>",养生保健,9,4,5400,12"#)
    }

    @Test func pageIsChineseWithTheTableAndAnInlineChartAndEscapesText() throws {
        let page = RankingPage.html(try Self.ranking())
        #expect(page.contains("<title>市民喜爱的学习视频课程 2026</title>"))
        #expect(page.contains("<h1>市民喜爱的学习视频课程 2026</h1>"))
        #expect(page.contains("<svg") && page.contains("<rect") && page.contains("</svg>"))
        #expect(page.contains("<table>") && page.contains("点击量") && page.contains("观看时长（小时）"))
        #expect(page.contains("<td>太极拳, &quot;入门&quot; &lt;b&gt;第1集&lt;/b&gt;</td>"))
        #expect(page.contains("智能手机 &amp; 微信"))
        #expect(!page.contains("<b>") && !page.lowercased().contains("<script"))
        #expect(
            !page.contains("http://") || page.components(separatedBy: "http://").count == 2, "only the SVG namespace")
        // Watch hours with one decimal: 7200 s is 2.0 h.
        #expect(page.contains("<td class=\"number\">2.0</td>"))
        // The longer bar is the one with more views.
        #expect(page.contains("width=\"420\""))
    }

    @Test func emptyRankingSaysSo() throws {
        let page = RankingPage.html(Ranking(query: try RankingQuery(year: 2030), totals: [], catalog: .init()))
        #expect(page.contains("暂无统计数据") && page.contains("<table>"))
    }

    @Test func nationalCountsReplaceOnlyWhatTheHubCounted() throws {
        let counts = NationalCounts([ResourceTotals(resource: "A", plays: 9, views: 7, completions: 3, watchSeconds: 1)]
        )
        let cover = FileObject(
            path: "covers/aa/x.jpg", sha256: String(repeating: "a", count: 64), bytes: 1, mime: "image/jpeg")
        func resource(_ id: String) -> Resource {
            Resource(
                id: id, title: id, type: .onlineCourse, link: "https://example.edu.cn/\(id)", summary: "s",
                duration: nil, copyrightHolder: "甲", lecturers: ["李"], clicks: 120, learners: 45, cover: cover,
                category: ["科技应用"], media: nil)
        }
        let counted = counts.applied(to: resource("A"))
        #expect(counted.clicks == 7 && counted.learners == 3)
        let kept = counts.applied(to: resource("B"))
        #expect(kept.clicks == 120 && kept.learners == 45)
        #expect(counts.covered([resource("A"), resource("B")]) == 1)
    }
}
