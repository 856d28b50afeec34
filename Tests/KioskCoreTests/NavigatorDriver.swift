import KioskCore

/// A navigator wired to a fixture catalog that answers every load at once, with a clock in milliseconds.
struct NavigatorDriver {
    var navigator = Navigator()
    var catalog = NavigatorFixture()
    var now = Duration.seconds(1000)

    init(catalog: NavigatorFixture = NavigatorFixture()) {
        self.catalog = catalog
        _ = resolve(navigator.start(at: now))
    }

    var state: NavigationState { navigator.state }

    /// Presses `action`, answers the loads it asks for; every effect, loads included.
    @discardableResult
    mutating func press(_ action: ButtonAction, _ kind: ButtonPress.Kind = .press) -> [NavigatorEffect] {
        now += .milliseconds(200)
        return resolve(navigator.handle(action, kind: kind, at: now))
    }

    @discardableResult
    mutating func press(_ first: ButtonAction, _ second: ButtonAction, _ rest: ButtonAction...) -> [NavigatorEffect] {
        ([first, second] + rest).flatMap { press($0, .press) }
    }

    @discardableResult
    mutating func wait(_ duration: Duration) -> [NavigatorEffect] {
        now += duration
        return resolve(navigator.advance(to: now))
    }

    @discardableResult
    mutating func end() -> [NavigatorEffect] {
        resolve(navigator.ended(at: now))
    }

    mutating func resolve(_ effects: [NavigatorEffect]) -> [NavigatorEffect] {
        var all: [NavigatorEffect] = []
        for effect in effects {
            all.append(effect)
            if case .load(let load) = effect {
                all += resolve(navigator.loaded(catalog.answer(load), at: now))
            }
        }
        return all
    }
}
