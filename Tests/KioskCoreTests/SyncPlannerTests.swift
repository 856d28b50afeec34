import KioskCore
import PoolFormat
import Testing

/// A small pool: two series and three single resources; each file's size is given in the name table.
private func resource(
    _ id: String, category: String, series: String? = nil, clicks: Int = 0, media: Int64 = 100, cover: Int64 = 10,
    mediaHash: String? = nil
) -> Resource {
    Resource(
        id: id, title: "标题 \(id)", type: .video, series: series, seriesOrder: series == nil ? nil : 1,
        summary: "简介", duration: MediaDuration(seconds: 60), copyrightHolder: "学校", lecturers: ["讲师"],
        clicks: clicks,
        cover: FileObject(path: "covers/\(id).jpg", sha256: "cover-\(id)", bytes: cover, mime: "image/jpeg"),
        category: [category],
        media: FileObject(path: "media/\(id).mp4", sha256: mediaHash ?? "media-\(id)", bytes: media, mime: "video/mp4"))
}

private let pool: [Resource] = [
    resource("TJ-1", category: "养生保健", series: "太极", clicks: 50),
    resource("TJ-2", category: "养生保健", series: "太极", clicks: 30),
    resource("WX-1", category: "科技应用", clicks: 100),
    resource("FL-1", category: "法律法规", clicks: 10),
    resource("SF-1", category: "文化艺术", series: "书法", clicks: 5),
    resource("SF-2", category: "文化艺术", series: "书法", clicks: 5),
]

@Suite struct SyncPlannerTests {
    func plan(
        _ curation: Curation = Curation(), cached: [String: Int64] = [:], catalog: Set<String> = [],
        capacity: Int64 = 10_000, views: [String: Int] = [:]
    ) -> SyncPlan {
        SyncPlanner(curation: curation, popularity: Popularity(localViews: views))
            .plan(resources: pool, cachedFiles: cached, catalog: catalog, capacityBytes: capacity)
    }

    @Test func everythingFitsOnAnEmptyCache() {
        let plan = plan()
        #expect(plan.chosen.map(\.id) == pool.map(\.id))
        #expect(plan.download.count == 6 && plan.keep.isEmpty && plan.fits)
        #expect(plan.summary.downloadBytes == 660)
        #expect(plan.files.count == 12)
    }

    @Test func secondRunDownloadsNothing() {
        let cached = Dictionary(uniqueKeysWithValues: pool.flatMap(\.files).map { ($0.sha256, $0.bytes) })
        let plan = plan(cached: cached, catalog: Set(pool.map(\.id)))
        #expect(plan.files.isEmpty && plan.download.isEmpty && plan.evict.isEmpty && plan.evictFiles.isEmpty)
        #expect(plan.keep.count == 6 && plan.summary.keepBytes == 660)
    }

    @Test(arguments: [
        // capacity → chosen ids: popular first (WX 100 clicks, then 太极 avg 40, 法律 10, 书法 5)
        (Int64(110), ["WX-1"]),
        (Int64(330), ["TJ-1", "TJ-2", "WX-1"]),
        // 书法 (220) does not fit after 太极+WX (330), but 法律 (110) does: smaller units fill the rest.
        (Int64(500), ["TJ-1", "TJ-2", "WX-1", "FL-1"]),
        (Int64(109), []),
    ])
    func budgetIsFilledByPopularityAndSeriesStayWhole(capacity: Int64, expected: [String]) {
        let plan = plan(capacity: capacity)
        #expect(plan.chosen.map(\.id) == expected)
        #expect(plan.chosenBytes <= capacity)
        #expect(Set(plan.leftOut.map(\.id)) == Set(pool.map(\.id)).subtracting(expected))
        let series = Dictionary(grouping: plan.chosen.compactMap(\.series), by: { $0 }).mapValues(\.count)
        #expect(series.values.allSatisfy { $0 == 2 })
    }

    @Test func localViewsComeBeforeNationalClicks() {
        let plan = plan(capacity: 220, views: ["SF-1": 3, "SF-2": 1])
        #expect(plan.chosen.map(\.id) == ["SF-1", "SF-2"])
    }

    @Test func pinnedComesFirstAndIgnoresTheCategoryFilter() {
        var curation = Curation()
        curation.categories = ["科技应用"]
        curation.pinnedSeries = ["书法"]
        let plan = plan(curation, capacity: 220)
        #expect(plan.chosen.map(\.id) == ["SF-1", "SF-2"])
        #expect(plan.leftOut.map(\.id) == ["WX-1"] && plan.leftOut[0].pinned == false)
    }

    @Test func pinnedThatDoesNotFitIsReportedAsPinned() {
        var curation = Curation()
        curation.pinnedResources = ["TJ-2"]
        let plan = plan(curation, capacity: 150)
        #expect(plan.chosen.map(\.id) == ["WX-1"])
        #expect(plan.leftOut.filter(\.pinned).map(\.id) == ["TJ-1", "TJ-2"])
    }

    @Test func exclusionBeatsPinningAndCategories() {
        var curation = Curation()
        curation.categories = ["养生保健", "科技应用"]
        curation.excludedSeries = ["太极"]
        curation.excludedResources = ["WX-1"]
        curation.pinnedResources = ["WX-1"]
        let plan = plan(curation)
        #expect(plan.chosen.isEmpty && plan.leftOut.isEmpty)
    }

    @Test func curationChangeEvictsAndAdds() {
        let cached = Dictionary(uniqueKeysWithValues: pool.prefix(3).flatMap(\.files).map { ($0.sha256, $0.bytes) })
        var curation = Curation()
        curation.categories = ["科技应用", "法律法规"]
        let plan = plan(curation, cached: cached, catalog: ["TJ-1", "TJ-2", "WX-1"])
        #expect(plan.keep == ["WX-1"] && plan.download == ["FL-1"])
        #expect(plan.evict == ["TJ-1", "TJ-2"])
        #expect(plan.evictFiles == ["cover-TJ-1", "cover-TJ-2", "media-TJ-1", "media-TJ-2"])
        #expect(plan.summary.evictBytes == 220 && plan.peakBytes == 330 + 110)
    }

    @Test func resourcesGoneUpstreamAreEvicted() {
        let plan = plan(cached: ["media-OLD": 5], catalog: ["OLD"])
        #expect(plan.evict == ["OLD"] && plan.evictFiles == ["media-OLD"])
    }

    @Test func sharedFilesCountOnceAndDownloadOnce() {
        let shared = [
            resource("A", category: "科技应用", mediaHash: "same"), resource("B", category: "科技应用", mediaHash: "same"),
        ]
        let plan = SyncPlanner(curation: Curation())
            .plan(resources: shared, cachedFiles: [:], catalog: [], capacityBytes: 120)
        #expect(plan.chosen.map(\.id) == ["A", "B"] && plan.chosenBytes == 120)
        #expect(plan.files.filter { $0.file.sha256 == "same" }.count == 1)
    }

    @Test func aWrongSizedCachedFileIsDownloadedAgain() {
        let plan = plan(cached: ["media-WX-1": 99, "cover-WX-1": 10], catalog: ["WX-1"])
        #expect(plan.download.contains("WX-1") && plan.files.contains { $0.file.sha256 == "media-WX-1" })
    }
}
