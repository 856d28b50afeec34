import KioskApp
import KioskCore
import KioskTesting
import Testing

@Suite("TV navigation: the page's click")
struct TVNavigationPressTests {
    /// The state a page that connects now gets first.
    static func current(_ tv: TVNavigation) async -> NavigationState? {
        var states = await tv.states().makeAsyncIterator()
        return await states.next()
    }

    static func press(_ tv: TVNavigation, _ action: ButtonAction, _ kind: ButtonPress.Kind = .press) async {
        await tv.handle(ButtonPress(input: "test", action: action, kind: kind, timestamp: .seconds(10)))
    }

    @Test func onlyPressesTheTVActsOnAreCountedForTheClick() async throws {
        // Nothing cached: home is the one inert tile 节目正在准备中.
        let tv = TVNavigation(catalog: StaticCatalog(durations: [:]), clickSound: true, now: { .seconds(10) })
        #expect(await Self.current(tv)?.presses == 0)
        await Self.press(tv, .home)  // shows and loads home
        let home = try #require(await Self.current(tv))
        #expect(home.presses == 1 && home.screen == .home && home.items.map(\.id) == ["empty"])
        await Self.press(tv, .back)  // nowhere to go from home
        await Self.press(tv, .next)  // one tile: the focus stays
        await Self.press(tv, .ok)  // the inert tile
        await Self.press(tv, .ok, .repeat)  // 确定 does not repeat
        #expect(await Self.current(tv)?.presses == 1)
        await Self.press(tv, .volumeUp)
        let louder = try #require(await Self.current(tv))
        #expect(louder.presses == 2 && louder.volumeVisible)
        #expect(louder.clickSound)
    }

    @Test func theClickIsOffUnlessTheConfigurationTurnsItOn() async throws {
        let tv = TVNavigation(catalog: StaticCatalog(durations: [:]), now: { .seconds(10) })
        #expect(await Self.current(tv)?.clickSound == false)
    }
}
