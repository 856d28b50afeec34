import Foundation
import HubCore
import HubStore
import KioskTesting
import PoolFormat
import Testing

@Suite("SQLite usage store: exactly once, totals, activity")
struct SQLiteUsageStoreTests {
    typealias Sample = UsageBatchSamples

    @Test func storesOnceThenAnswersDuplicateThenConflict() async throws {
        let hub = try await HubStoreFixture()
        let batch = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [Sample.count("A", day: "2026-11-20", views: 9, completions: 4, watchSeconds: 5400)])
        #expect(try await hub.usage.ingest(hub.received(batch)) == .stored)
        #expect(try await hub.usage.ingest(hub.received(batch)) == .duplicate)
        var changed = batch
        changed.counts[0].views = 8
        let conflict = try await hub.usage.ingest(hub.received(changed))
        #expect(conflict == .conflict(storedSHA256: SiteToken.sha256(batch.encoded())))
        let totals = try await hub.usage.totals(year: 2026, region: nil)
        #expect(totals == [ResourceTotals(resource: "A", plays: 9, views: 9, completions: 4, watchSeconds: 5400)])
        #expect(try hub.rows(in: "batch") == 1 && hub.rows(in: "total") == 1)
        #expect(try hub.bodies() == [batch.encoded()], "the body is kept byte for byte")
    }

    @Test func countsOfOneResourceAddUpAcrossDaysSourcesAndBatches() async throws {
        let hub = try await HubStoreFixture()
        let first = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                Sample.count("A", day: "2026-11-20", plays: 3, views: 2, completions: 1, watchSeconds: 100),
                Sample.count(
                    "A", day: "2026-11-20", source: .phone, plays: 5, views: 4, completions: 0, watchSeconds: 50),
                Sample.count("A", day: "2026-11-21", plays: 1, views: 1, completions: 1, watchSeconds: 7),
                Sample.count("A", day: "2025-12-31", plays: 9, views: 9, completions: 9, watchSeconds: 9),
            ])
        let second = Sample.batch(
            site: "sh-xuhui-0012", number: 2, counts: [Sample.count("A", day: "2026-01-01", views: 10)])
        #expect(try await hub.usage.ingest(hub.received(first)) == .stored)
        #expect(try await hub.usage.ingest(hub.received(second)) == .stored)
        #expect(
            try await hub.usage.totals(year: 2026, region: nil) == [
                ResourceTotals(resource: "A", plays: 19, views: 17, completions: 2, watchSeconds: 157)
            ])
        #expect(
            try await hub.usage.totals(year: 2025, region: nil) == [
                ResourceTotals(resource: "A", plays: 9, views: 9, completions: 9, watchSeconds: 9)
            ])
        #expect(try hub.rows(in: "total") == 2, "one row per site, year and resource")
        #expect(try hub.bodies() == [first.encoded(), second.encoded()])

        let daily = try await hub.usage.dailyCounts(site: nil)
        #expect(
            daily.map { "\($0.count.day ?? "-") \($0.count.source) \($0.count.views)" } == [
                "2025-12-31 tv 9", "2026-01-01 tv 10", "2026-11-20 phone 4", "2026-11-20 tv 2", "2026-11-21 tv 1",
            ])
        #expect(try await hub.usage.dailyCounts(site: "bj-haidian-0001").isEmpty)
        #expect(try await hub.usage.dailyCounts(site: "sh-xuhui-0012") == daily)
    }

    @Test func concurrentIdenticalBatchesStoreOnce() async throws {
        let hub = try await HubStoreFixture()
        let batch = Sample.batch(site: "sh-xuhui-0012", number: 7, counts: Sample.counts(rows: 200))
        let received = hub.received(batch)
        let outcomes = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
            for _ in 0..<32 { group.addTask { try await hub.usage.ingest(received) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .stored }.count == 1)
        #expect(outcomes.filter { $0 == .duplicate }.count == 31)
        #expect(try hub.rows(in: "batch") == 1 && hub.rows(in: "batchBody") == 1 && hub.rows(in: "total") == 200)
        let totals = try await hub.usage.totals(year: nil, region: nil)
        #expect(totals.count == 200 && totals.allSatisfy { $0.views == 9 && $0.plays == 12 })
    }

    @Test(arguments: [1, 64])
    func manyConcurrentBatchesAreEachStoredWithAllTheirCounts(maximumGroup: Int) async throws {
        let hub = try await HubStoreFixture(maximumGroup: maximumGroup)
        let outcomes = try await withThrowingTaskGroup(of: IngestOutcome.self) { group in
            for number in 1...100 {
                let site = number % 2 == 0 ? "sh-xuhui-0012" : "bj-haidian-0001"
                let batch = Sample.batch(site: site, number: number, counts: Sample.counts(rows: 20))
                group.addTask { try await hub.usage.ingest(hub.received(batch)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.count == 100 && outcomes.allSatisfy { $0 == .stored })
        #expect(try hub.rows(in: "batch") == 100 && hub.rows(in: "batchBody") == 100)
        #expect(try hub.rows(in: "total") == 40, "20 resources of 2 sites")
        let totals = try await hub.usage.totals(year: 2026, region: "徐汇区")
        #expect(totals.count == 20 && totals.allSatisfy { $0.views == 9 * 50 })
    }

    @Test func aBatchThatCannotBeStoredFailsAloneAndLeavesNothing() async throws {
        let hub = try await HubStoreFixture()
        // A site the registry does not know breaks the foreign key: that batch fails, in its
        // savepoint; the batches written in the same transaction are stored.
        let unknown = Sample.batch(site: "nowhere-1", number: 1, counts: Sample.counts(rows: 5))
        let results = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await hub.usage.ingest(hub.received(unknown))) != nil }
            for number in 1...10 {
                let batch = Sample.batch(site: "sh-xuhui-0012", number: number, counts: Sample.counts(rows: 5))
                group.addTask { (try? await hub.usage.ingest(hub.received(batch))) == .stored }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter { !$0 }.count == 1)
        #expect(try hub.rows(in: "batch") == 10 && hub.rows(in: "batchBody") == 10)
        let views = try await hub.usage.totals(year: nil, region: nil).map(\.views)
        #expect(views == Array(repeating: 90, count: 5), "10 batches of 9 views per resource, none of the refused one")
        await #expect(throws: StoreError.self) { try await hub.usage.ingest(hub.received(unknown)) }
    }

    @Test func totalsByYearAndRegionPutDaylessCountsInTheYearTheyArrived() async throws {
        let hub = try await HubStoreFixture()
        let newYear = ISO8601DateFormatter().date(from: "2026-12-31T16:30:00Z")!  // 2027-01-01 00:30 UTC+8
        let first = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                Sample.count("A", day: "2026-12-31", views: 3), Sample.count("A", day: nil, views: 5),
                Sample.count("B", day: "2025-05-01", views: 7),
            ])
        let second = Sample.batch(
            site: "bj-haidian-0001", number: 1, counts: [Sample.count("A", day: "2026-03-01", source: .phone, views: 2)]
        )
        #expect(try await hub.usage.ingest(hub.received(first, at: newYear)) == .stored)
        #expect(try await hub.usage.ingest(hub.received(second)) == .stored)
        func views(_ year: Int?, _ region: String?) async throws -> [String: Int] {
            Dictionary(
                uniqueKeysWithValues: try await hub.usage.totals(year: year, region: region).map {
                    ($0.resource, $0.views)
                })
        }
        #expect(try await views(2026, nil) == ["A": 5])
        #expect(try await views(2027, nil) == ["A": 5])
        #expect(try await views(2025, nil) == ["B": 7])
        #expect(try await views(2026, "海淀区") == ["A": 2])
        #expect(try await views(2026, "徐汇区") == ["A": 3])
        #expect(try await views(2026, "黄浦区") == [:])
        #expect(try await views(nil, nil) == ["A": 10, "B": 7])
    }

    @Test func activityShowsEachInstallationsLastBatchAndSurvivesReopening() async throws {
        var hub: HubStoreFixture? = try await HubStoreFixture()
        let directory = hub!.directory
        let other = "0b7e4c1a-2f3d-4e5f-8a9b-1c2d3e4f5a6b"
        for (number, installation) in [(1, Sample.installation), (2, Sample.installation), (1, other)] {
            let batch = Sample.batch(
                site: "sh-xuhui-0012", installation: installation, number: number, counts: Sample.counts(rows: 1))
            let at = HubStoreFixture.arrival.addingTimeInterval(Double(number) * 60)
            #expect(try await hub!.usage.ingest(hub!.received(batch, at: at)) == .stored)
        }
        try hub!.database.close()
        hub = nil
        let reopened = SQLiteUsageStore(database: try HubDatabase(directory: directory.appending("data")))
        let activity = try await reopened.activity()
        #expect(activity.map(\.site.id) == ["bj-haidian-0001", "sh-xuhui-0012"])
        #expect(activity[0].installations.isEmpty && activity[0].lastArrival == nil)
        let xuhui = activity[1]
        #expect(xuhui.site.region == "徐汇区")
        #expect(xuhui.installations.map(\.id) == [other, Sample.installation].sorted())
        let main = try #require(xuhui.installations.first { $0.id == Sample.installation })
        #expect(main.lastBatch == 2 && main.lastArrival == HubStoreFixture.arrival.addingTimeInterval(120))
        #expect(xuhui.lagSeconds(now: HubStoreFixture.arrival.addingTimeInterval(3720)) == 3600)
        _ = directory
    }
}
