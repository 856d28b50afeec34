import KioskCore
import Testing

/// Every screen × every button (KIOSK-UX.md "Buttons"; docs/navigation-state.md).
@Suite("TV navigator: screens and buttons")
struct NavigatorScreenTests {
    /// Where a row starts.
    enum Start: String, CaseIterable, CustomTestStringConvertible {
        case home, category, series, popular, player, countdown, emptyCategory, starting, nothingCached

        var testDescription: String { rawValue }

        var driver: NavigatorDriver {
            var catalog = NavigatorFixture()
            switch self {
            case .starting: catalog.home = nil
            case .nothingCached: catalog.home = HomeMenu(resume: nil, categories: [], popular: [])
            default: break
            }
            var driver = NavigatorDriver(catalog: catalog)
            switch self {
            case .home, .starting, .nothingCached: break
            case .category: driver.press(.next, .ok)  // 健康养生
            case .series: driver.press(.next, .ok, .ok)  // 太极拳入门, focus on E2
            case .popular: driver.press(.previous, .ok)  // 大家都在看
            case .player: driver.press(.next, .ok, .next, .ok)  // 八段锦 (R-H1)
            case .countdown:
                driver.press(.next, .ok, .ok, .previous, .ok)  // E1
                driver.end()
            case .emptyCategory: driver.press(.next, .next, .next, .ok)  // 空类
            }
            return driver
        }
    }

    static let series = NavigatorFixture.series
    typealias Row = (
        start: Start, action: ButtonAction, screen: NavigationState.Screen, focus: Int,
        effects: [NavigatorEffect]
    )

    static let table: [Row] = [
        // home: 继续观看, 健康养生, 文化艺术, 空类, 大家都在看
        (.home, .previous, .home, 4, []),
        (.home, .next, .home, 1, []),
        (.home, .ok, .player, 0, [.load(.resource("R-RES")), .play(resourceID: "R-RES", from: 120)]),
        (.home, .back, .home, 0, []),
        (.home, .home, .home, 0, [.load(.home)]),
        (.home, .volumeUp, .home, 0, [.setVolume(90)]),
        (.home, .volumeDown, .home, 0, [.setVolume(70)]),
        // a category: 太极拳入门 (series), 八段锦, 护膝
        (.category, .previous, .category, 2, []),
        (.category, .next, .category, 1, []),
        (.category, .ok, .series, 1, [.load(.series(series))]),
        (.category, .back, .home, 1, []),
        (.category, .home, .home, 0, [.load(.home)]),
        (.category, .volumeUp, .category, 0, [.setVolume(90)]),
        // a series: E1, E2, E3; E2 is the next unwatched one
        (.series, .previous, .series, 0, []),
        (.series, .next, .series, 2, []),
        (.series, .ok, .player, 0, [.load(.resource("E2")), .play(resourceID: "E2", from: 42)]),
        (.series, .back, .category, 0, []),
        (.series, .home, .home, 0, [.load(.home)]),
        (.series, .volumeDown, .series, 1, [.setVolume(70)]),
        // 大家都在看: P1, P2, P3
        (.popular, .previous, .popular, 2, []),
        (.popular, .next, .popular, 1, []),
        (.popular, .ok, .player, 0, [.load(.resource("P1")), .play(resourceID: "P1", from: 0)]),
        (.popular, .back, .home, 4, []),
        (.popular, .home, .home, 0, [.load(.home)]),
        // the player, started from the category
        (.player, .previous, .player, 0, [.seek(by: -30)]),
        (.player, .next, .player, 0, [.seek(by: 30)]),
        (.player, .ok, .player, 0, [.togglePause]),
        (.player, .back, .category, 1, [.stop]),
        (.player, .home, .home, 0, [.stop, .load(.home)]),
        (.player, .volumeUp, .player, 0, [.setVolume(90)]),
        // the countdown after E1 ended (the play was already closed with .stop)
        (.countdown, .previous, .player, 0, []),
        (.countdown, .next, .player, 0, []),
        (.countdown, .ok, .player, 0, [.load(.resource("E2")), .play(resourceID: "E2", from: 0)]),
        (.countdown, .back, .series, 0, []),
        (.countdown, .home, .home, 0, [.load(.home)]),
        // a category that turned out empty: one inert tile, and 返回 works
        (.emptyCategory, .previous, .category, 0, []),
        (.emptyCategory, .next, .category, 0, []),
        (.emptyCategory, .ok, .category, 0, []),
        (.emptyCategory, .back, .home, 3, []),
        (.emptyCategory, .home, .home, 0, [.load(.home)]),
        // the kiosk has not answered yet: "正在准备"; 确定 asks again
        (.starting, .previous, .home, 0, []),
        (.starting, .next, .home, 0, []),
        (.starting, .back, .home, 0, []),
        (.starting, .ok, .home, 0, [.load(.home)]),
        (.starting, .home, .home, 0, [.load(.home)]),
        // nothing cached yet: "节目正在准备中", inert
        (.nothingCached, .next, .home, 0, []),
        (.nothingCached, .ok, .home, 0, []),
        (.nothingCached, .back, .home, 0, []),
    ]

    @Test(arguments: table.indices)
    func button(_ row: Int) {
        let (start, action, screen, focus, effects) = Self.table[row]
        var driver = start.driver
        let said = driver.press(action)
        let state = driver.state
        #expect(said == effects, "\(start) \(action)")
        #expect(state.screen == screen, "\(start) \(action)")
        #expect((state.page - 1) * Navigator.pageSize + state.focus == focus, "\(start) \(action)")
        #expect(state.pending == false, "\(start) \(action): every answer came")
    }

    /// No screen traps the learner: 返回 three times always reaches home, and home shows something.
    @Test(arguments: Start.allCases)
    func backAlwaysLeadsHome(_ start: Start) {
        var driver = start.driver
        driver.press(.back, .back, .back)
        #expect(driver.state.screen == .home)
        #expect(driver.state.back == false)
        #expect(!driver.state.items.isEmpty)
    }

    /// Held 返回 (long press) goes home from anywhere; the press before it went one level up.
    @Test(arguments: Start.allCases)
    func longPressBackGoesHome(_ start: Start) {
        var driver = start.driver
        let playing = driver.state.screen == .player && driver.state.player?.countdown == nil
        let said = driver.press(.back, .longPress)
        #expect(driver.state.screen == .home)
        #expect(driver.state.back == false)
        #expect(said.contains(.stop) == playing, "only a playing video is stopped")
    }
}
