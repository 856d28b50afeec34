import Foundation
import HubCore
import KioskTesting
import PoolFormat
import Testing

@Suite("Ingest rules: counting years, tokens, sites")
struct IngestRulesTests {
    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(
        arguments: [
            // A day counts in its own year, whenever it arrives.
            ("2026-12-31", "2027-01-05T03:00:00Z", 2026),
            ("2025-06-01", "2026-11-21T00:00:00Z", 2025),
            // No day: the year the batch arrived in UTC+8.
            (nil, "2026-12-31T15:59:59Z", 2026),
            (nil, "2026-12-31T16:00:00Z", 2027),
            (nil, "2026-01-01T00:00:00Z", 2026),
        ] as [(String?, String, Int)])
    func countingYear(day: String?, arrivedAt: String, year: Int) {
        #expect(CountingYear.year(of: day, arrivedAt: Self.date(arrivedAt)) == year)
    }

    @Test func receivedBatchHashesTheExactBytesAndGivesEachCountItsYear() {
        let batch = UsageBatchSamples.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                UsageBatchSamples.count("A", day: "2026-12-31", views: 1),
                UsageBatchSamples.count("B", day: nil, views: 1),
            ])
        let body = batch.encoded()
        let received = ReceivedBatch(batch: batch, body: body, receivedAt: Self.date("2027-01-01T01:00:00Z"))
        #expect(received.years == [2026, 2027])
        #expect(received.bodySHA256 == SiteToken.sha256(body) && received.bodyBytes == body.count)
        #expect(received.key == "sh-xuhui-0012/\(UsageBatchSamples.installation)/1")
    }

    @Test func tokensAreRandom256BitHexAndStoredAsSHA256() {
        let tokens = (0..<100).map { _ in SiteToken.generate() }
        #expect(Set(tokens.map(\.text)).count == 100)
        for token in tokens {
            #expect(token.text.count == 64 && token.text.allSatisfy { $0.isHexDigit && !$0.isUppercase })
            #expect(token.sha256 != token.text && token.sha256.count == 64)
        }
        #expect(SiteToken.sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func tokenSiteMustBeTheBatchSite() {
        #expect(IngestRules.refusal(tokenSite: "a-1", batchSite: "a-1") == nil)
        #expect(IngestRules.refusal(tokenSite: nil, batchSite: "a-1") == .unknownToken)
        #expect(
            IngestRules.refusal(tokenSite: "b-2", batchSite: "a-1") == .otherSite(tokenSite: "b-2", batchSite: "a-1"))
    }

    @Test func siteIDsFollowTheProtocol() throws {
        try Site.validate(id: "sh-xuhui-0012")
        for bad in ["", "SH-XUHUI", "sh_xuhui", "上海", String(repeating: "a", count: 65)] {
            #expect(throws: HubError.self) { try Site.validate(id: bad) }
        }
        #expect(Site.region("  徐汇区 ") == "徐汇区" && Site.region("") == nil && Site.region(nil) == nil)
    }
}

@Suite("Daily counts: sums per site, resource, day and source")
struct DailyCountTests {
    typealias Sample = UsageBatchSamples

    @Test func sumsEachSiteResourceDayAndSourceAcrossBatches() throws {
        var summer = DailyCount.Summer()
        summer.add(
            Sample.batch(
                site: "b-1", number: 1,
                counts: [
                    Sample.count("R2", day: "2026-11-20", plays: 3, views: 2, completions: 1, watchSeconds: 60),
                    Sample.count("R2", day: nil, views: 1),
                    Sample.count("R1", day: "2026-11-20", source: .phone, views: 4),
                ]))
        summer.add(
            Sample.batch(
                site: "b-1", number: 2,
                counts: [Sample.count("R2", day: "2026-11-20", plays: 1, views: 1, completions: 1, watchSeconds: 9)]))
        summer.add(Sample.batch(site: "a-1", number: 1, counts: [Sample.count("R2", day: "2026-11-20", views: 7)]))
        let counts = summer.counts
        #expect(
            counts.map { "\($0.site) \($0.count.resource) \($0.count.day ?? "-") \($0.count.source)" } == [
                "a-1 R2 2026-11-20 tv", "b-1 R1 2026-11-20 phone", "b-1 R2 - tv", "b-1 R2 2026-11-20 tv",
            ])
        #expect(
            counts[3].count.plays == 4 && counts[3].count.views == 3 && counts[3].count.completions == 2
                && counts[3].count.watchSeconds == 69)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(
            String(decoding: try encoder.encode(counts[2]), as: UTF8.self)
                == #"{"completions":0,"day":null,"plays":1,"resource":"R2","site":"b-1","source":"tv","views":1,"watchSeconds":0}"#
        )
    }
}
