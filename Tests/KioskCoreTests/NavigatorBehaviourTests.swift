import Foundation
import KioskCore
import Testing

/// Paging, the countdown, resume, stale and empty menus, the status bar, the JSON.
@Suite("TV navigator: behaviour")
struct NavigatorBehaviourTests {
    typealias Start = NavigatorScreenTests.Start

    @Test func pagesHoldSixAndFocusCrossesPages() {
        var driver = NavigatorDriver()
        driver.press(.next, .next, .ok)  // 文化艺术: 14 resources
        #expect(driver.state.screen == .category)
        #expect((driver.state.page, driver.state.pages, driver.state.items.count) == (1, 3, 6))
        for _ in 0..<6 { driver.press(.next) }
        #expect((driver.state.page, driver.state.focus, driver.state.items.first?.id) == (2, 0, "C7"))
        for _ in 0..<7 { driver.press(.previous) }  // past the first: wraps to the last page
        #expect((driver.state.page, driver.state.focus, driver.state.items.count) == (3, 1, 2))
        #expect(driver.state.items[driver.state.focus].id == "C14")
        driver.press(.next)
        #expect((driver.state.page, driver.state.focus, driver.state.items.first?.id) == (1, 0, "C1"))
    }

    @Test func episodeTitlesLeaveOutTheSeriesName() {
        let driver = Start.series.driver
        #expect(driver.state.items.map(\.title) == ["第1集", "第2集", "第3集"])
        #expect(driver.state.title == NavigatorFixture.series)
    }

    @Test func countdownCountsTenSecondsThenPlaysTheNextEpisodeFromTheStart() {
        var driver = Start.countdown.driver
        let ended = driver.now
        #expect(driver.state.player?.countdown == .init(seconds: 10, next: "E2"))
        #expect(driver.navigator.nextDeadline == ended + .seconds(1))
        #expect(driver.wait(.seconds(1)).isEmpty)
        #expect(driver.state.player?.countdown?.seconds == 9)
        driver.wait(.milliseconds(8500))
        #expect(driver.state.player?.countdown?.seconds == 1)
        let said = driver.wait(.milliseconds(500))
        #expect(said == [.load(.resource("E2")), .play(resourceID: "E2", from: 0)])
        #expect(driver.state.player?.resource == "E2")
        #expect(driver.state.player?.countdown == nil)
    }

    @Test func aLateTickPlaysTheNextEpisodeOnce() {
        var driver = Start.countdown.driver
        #expect(driver.wait(.seconds(25)) == [.load(.resource("E2")), .play(resourceID: "E2", from: 0)])
        #expect(driver.wait(.seconds(25)).isEmpty)
    }

    @Test func backCancelsTheCountdown() {
        var driver = Start.countdown.driver
        driver.press(.back)
        #expect(driver.wait(.seconds(30)).isEmpty)
        #expect(driver.state.screen == .series)
        #expect(driver.state.items[driver.state.focus].id == "E1")
    }

    @Test func theLastEpisodeReturnsToTheListWithItsFocus() {
        var driver = Start.series.driver
        driver.press(.next, .ok)  // E3
        #expect(driver.end() == [.stop])
        #expect(driver.state.screen == .series)
        #expect(driver.state.items[driver.state.focus].id == "E3")
        #expect(driver.navigator.nextDeadline == nil)
    }

    @Test func aSingleResourceEndingReturnsToItsCategory() {
        var driver = Start.player.driver
        #expect(driver.end() == [.stop])
        #expect(driver.state.screen == .category)
        #expect(driver.state.items[driver.state.focus].id == "R-H1")
    }

    @Test func backFromTheResumeTileRefreshesHomeKeepingTheFocus() {
        var driver = NavigatorDriver()
        driver.catalog.home?.categories.removeLast()  // the new home has one tile less: focus found by id
        driver.press(.ok)
        #expect(driver.press(.back) == [.stop, .load(.home)])
        #expect(driver.state.screen == .home)
        #expect(driver.state.items[driver.state.focus].kind == .resume)
        #expect(driver.state.items.count == 4)
    }

    @Test func playbackFailureReturnsToTheList() {
        var driver = Start.player.driver
        let said = driver.resolve(driver.navigator.playbackFailed(at: driver.now))
        #expect(said == [.stop])
        #expect(driver.state.screen == .category)
    }

    @Test func heldButtons() {
        var driver = Start.category.driver
        driver.press(.next, .repeat)
        #expect(driver.state.focus == 1, "a repeat moves the focus")
        #expect(driver.press(.ok, .repeat).isEmpty, "确定 never repeats")
        #expect(driver.press(.back, .repeat).isEmpty)
        #expect(driver.press(.ok, .longPress).isEmpty, "only 返回 has a long press")
        #expect(driver.state.screen == .category)
        driver.press(.ok)  // 八段锦
        #expect(driver.press(.next, .repeat) == [.seek(by: 30)])
    }

    @Test func statusBarShowsThreeSecondsAfterAPressAndWhilePaused() {
        var driver = Start.player.driver
        #expect(driver.state.player?.statusVisible == true)
        #expect(driver.state.player?.position == 15, "R-H1 resumes at 15 s")
        driver.wait(.seconds(3))
        #expect(driver.state.player?.statusVisible == false)
        driver.press(.previous)
        #expect(driver.state.player?.position == 0, "seeking back stops at the start")
        #expect(driver.state.player?.statusVisible == true)
        driver.press(.ok)
        driver.wait(.seconds(10))
        #expect(driver.state.player?.paused == true)
        #expect(driver.state.player?.statusVisible == true, "a paused video keeps its status bar")
        driver.press(.ok)
        driver.wait(.seconds(3))
        #expect(driver.state.player?.statusVisible == false)
        #expect(driver.navigator.nextDeadline == nil)
    }

    @Test func volumeStaysWithinRangeAndShowsForThreeSeconds() {
        var driver = NavigatorDriver()
        #expect(driver.press(.volumeUp, .volumeUp, .volumeUp) == [.setVolume(90), .setVolume(100), .setVolume(100)])
        #expect(driver.state.volumeVisible)
        driver.wait(.seconds(3))
        #expect(!driver.state.volumeVisible)
        #expect(driver.state.volume == 100)
    }

    @Test func pendingWhileOpeningAndAPressCancelsIt() {
        var driver = NavigatorDriver()
        driver.now += .milliseconds(200)
        #expect(driver.navigator.handle(.next, at: driver.now).isEmpty)
        #expect(driver.navigator.handle(.ok, at: driver.now) == [.load(.category("健康养生"))])
        #expect(driver.state.pending)
        #expect(driver.navigator.handle(.ok, at: driver.now).isEmpty, "a second 确定 does not ask twice")
        #expect(driver.navigator.handle(.next, at: driver.now).isEmpty)
        #expect(!driver.state.pending)
        // The answer comes late: nobody waits for it any more.
        _ = driver.navigator.loaded(driver.catalog.answer(.category("健康养生")), at: driver.now)
        #expect(driver.state.screen == .home)
        #expect(driver.state.focus == 2)
    }

    @Test(arguments: ["category gone", "resource gone"])
    func vanishedContentLeavesTheScreenAsItWas(_ case_: String) {
        var catalog = NavigatorFixture()
        catalog.categories["健康养生"] = nil
        catalog.gone = ["R-H1"]
        var driver = NavigatorDriver(catalog: catalog)
        if case_ == "resource gone" {
            driver.catalog.categories = NavigatorFixture().categories
            driver.press(.next, .ok, .next)
        } else {
            driver.press(.next)
        }
        let before = driver.state
        #expect(driver.press(.ok).count == 1, "only the load")
        #expect(driver.state == before)
    }

    @Test func seriesWithAStaleNextFocusesTheFirstEpisode() {
        var catalog = NavigatorFixture()
        catalog.seriesMenus[NavigatorFixture.series]?.next = "E9"
        var driver = NavigatorDriver(catalog: catalog)
        driver.press(.next, .ok, .ok)
        #expect(driver.state.screen == .series)
        #expect(driver.state.focus == 0)
    }

    @Test func homeIsAskedForAgainUntilItComes() {
        var driver = Start.starting.driver
        #expect(driver.state.items.map(\.id) == ["starting"])
        #expect(driver.navigator.nextDeadline == driver.now + .seconds(3))
        driver.catalog.home = NavigatorFixture().home
        #expect(driver.wait(.seconds(3)) == [.load(.home)])
        #expect(driver.state.items.count == 5)
        #expect(driver.navigator.nextDeadline == nil)
    }

    @Test func stateJSONHasThePageShape() throws {
        let driver = Start.player.driver
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(driver.state)) as? [String: Any]
        #expect(
            Set(json?.keys.map { $0 } ?? []) == [
                "screen", "title", "items", "focus", "page", "pages", "back", "pending", "volume", "volumeVisible",
                "player", "externalPlayer", "clickSound", "presses",
            ])
        let player = json?["player"] as? [String: Any]
        #expect(player?["countdown"] is NSNull)
        #expect(player?["statusVisible"] as? Bool == true)
        let menu = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Start.home.driver.state))
        #expect((menu as? [String: Any])?["player"] is NSNull)
        let decoded = try JSONDecoder().decode(NavigationState.self, from: JSONEncoder().encode(driver.state))
        #expect(decoded == driver.state)
    }

    /// The whole navigator survives a restart of the service (encoded and decoded) mid-countdown.
    @Test func navigatorRoundTripsThroughJSON() throws {
        var driver = Start.countdown.driver
        driver.navigator = try JSONDecoder().decode(Navigator.self, from: JSONEncoder().encode(driver.navigator))
        #expect(driver.state.player?.countdown?.next == "E2")
        #expect(driver.press(.back).isEmpty)
        #expect(driver.state.screen == .series)
    }
}
