import KioskCore
import KioskTesting
import PoolFormat
import Testing

@testable import KioskStore

@Suite("Menu reads from the catalog and play log")
struct SQLiteCatalogTests {
    let fixture = StoreFixture()

    func catalog() async throws -> (SQLiteCatalog, KioskDatabase) {
        let database = try fixture.open()
        try await StoreFixture.installDemo(into: database)
        return (SQLiteCatalog(database: database), database)
    }

    @Test func homeListsCategoriesInThePoolsOrderWithPlayableCounts() async throws {
        let (catalog, _) = try await catalog()
        let home = try await catalog.home(source: .tv)
        #expect(
            home.categories.map(\.name) == ["思想道德", "文化艺术", "养生保健", "心理健康", "法律法规", "家庭理财", "闲暇生活", "代际沟通", "科技应用"])
        #expect(home.categories.first { $0.name == "文化艺术" }?.count == 2, "the online course (A03) is not listed")
        #expect(home.categories.first { $0.name == "科技应用" }?.icon == "/icons/category-10.svg")
        #expect(home.resume == nil)
    }

    @Test func popularFallsBackToNationalClicks() async throws {
        let (catalog, _) = try await catalog()
        let popular = try await catalog.home(source: .tv).popular.map(\.id)
        #expect(popular == ["KJ-WX-01", "KJ-WX-02", "KJ-WX-03", "YS-TJQ-01", "FL-FZ-01", "YS-TJQ-02"])
    }

    @Test func localViewsComeBeforeNationalClicks() async throws {
        let (catalog, database) = try await catalog()
        // Two views of a little-clicked resource; a short glance (below min(30 s, half)) is no view.
        try await StoreFixture.play("DJ-HB-01", on: .phone, position: 15, played: 15, duration: 22, in: database)
        try await StoreFixture.play("DJ-HB-01", on: .tv, position: 20, played: 20, duration: 22, in: database)
        try await StoreFixture.play("LC-CS-01", on: .tv, position: 20, played: 20, duration: 21, in: database)
        try await StoreFixture.play("XX-YY-01", on: .tv, position: 3, played: 3, duration: 23, in: database)
        let popular = try await catalog.home(source: .tv).popular.map(\.id)
        #expect(Array(popular.prefix(3)) == ["DJ-HB-01", "LC-CS-01", "KJ-WX-01"])
        #expect(!popular.contains("XX-YY-01"))
    }

    @Test func resumeIsTheLatestUnfinishedPlayOfThatSource() async throws {
        let (catalog, database) = try await catalog()
        try await StoreFixture.play("YS-TJQ-02", on: .tv, position: 12, played: 12, duration: 22, in: database)
        // Watched to the end: not a resume candidate.
        try await StoreFixture.play("SX-JF-01", on: .tv, position: 23, played: 23, duration: 23, in: database)
        try await StoreFixture.play("KJ-CX-01", on: .phone, position: 11, played: 11, duration: 20, in: database)
        let tv = try #require(try await catalog.home(source: .tv).resume)
        #expect(tv.resource.id == "YS-TJQ-02" && tv.position == 12)
        #expect(try await catalog.home(source: .phone).resume?.resource.id == "KJ-CX-01")
        #expect(try await catalog.resource(id: "YS-TJQ-02", source: .tv)?.resumePosition == 12)
        #expect(try await catalog.resource(id: "SX-JF-01", source: .tv)?.resumePosition == 0)
        // Watching it to the end removes it from 继续观看.
        try await StoreFixture.play("YS-TJQ-02", on: .tv, position: 22, played: 10, duration: 22, in: database)
        #expect(try await catalog.home(source: .tv).resume == nil)
    }

    @Test func categoryShowsASeriesAsOneTileWhereItStarts() async throws {
        let (catalog, _) = try await catalog()
        let menu = try #require(try await catalog.category(named: "科技应用"))
        #expect(menu.entries.map(\.kind) == [.series, .resource])
        let series = menu.entries[0]
        #expect(series.id == "手机微信课" && series.episodes == 3 && series.durationSeconds == 22 + 21 + 25)
        #expect(series.lecturers == ["王晓燕", "陈志明"])
        #expect(menu.entries[1].id == "KJ-CX-01")
        #expect(try await catalog.category(named: "生命尊严") == nil)
        #expect(try await catalog.category(named: "不存在") == nil)
    }

    @Test func seriesIsInOrderAndFocusesTheFirstUnfinishedEpisode() async throws {
        let (catalog, database) = try await catalog()
        var series = try #require(try await catalog.series(named: "太极拳入门", source: .tv))
        #expect(series.episodes.map(\.seriesOrder) == [1, 2, 3, 4])
        #expect(series.next == "YS-TJQ-01" && series.category == "养生保健")
        try await StoreFixture.play("YS-TJQ-01", on: .tv, position: 23, played: 23, duration: 24, in: database)
        try await StoreFixture.play("YS-TJQ-02", on: .tv, position: 5, played: 5, duration: 22, in: database)
        series = try #require(try await catalog.series(named: "太极拳入门", source: .tv))
        #expect(series.next == "YS-TJQ-02")
        #expect(try await catalog.series(named: "太极拳入门", source: .phone)?.next == "YS-TJQ-01")
        #expect(try await catalog.series(named: "无此系列", source: .tv) == nil)
    }

    @Test func resourceDetailCarriesMediaAndMetadata() async throws {
        let (catalog, _) = try await catalog()
        let detail = try #require(try await catalog.resource(id: "KJ-WX-02", source: .phone))
        let manifest = try StoreFixture.demoManifest().resources.first { $0.id == "KJ-WX-02" }!
        #expect(detail.media.url == "/media/\(manifest.media!.sha256).mp4" && detail.media.mime == "video/mp4")
        #expect(detail.resource.cover == "/media/\(manifest.cover.sha256).jpg")
        #expect(detail.summary == manifest.summary && detail.copyrightHolder == "杭州市老年电视大学")
        #expect(detail.nextInSeries == "KJ-WX-03")
        #expect(try await catalog.resource(id: "KJ-WX-03", source: .phone)?.nextInSeries == nil)
        #expect(try await catalog.resource(id: "WH-SY-01", source: .phone) == nil, "online courses are not playable")
        #expect(try await catalog.file(sha256: manifest.media!.sha256)?.bytes == manifest.media!.bytes)
    }
}
