/// Catalog answers coming back.
extension Navigator {
    /// The answer to a `.load` effect. An answer nobody waits for any more (the learner pressed
    /// something meanwhile) is ignored; a missing menu leaves the screen as it was.
    public mutating func loaded(_ answer: NavigatorAnswer, at now: Duration) -> [NavigatorEffect] {
        var effects = advance(to: now)
        guard waiting == answer.load else { return effects }
        waiting = nil
        let start = waitingStart
        waitingStart = nil
        switch answer {
        case .home(let menu):
            guard let menu else {
                if stack.first?.items == [.starting] { homeRetryAt = self.now + Self.homeRetry }
                return effects
            }
            showHome(menu)
        case .category(_, let menu):
            guard let menu else { return effects }
            stack.append(MenuScreen(screen: .category, title: menu.name, items: menu.entries.map(NavigationItem.entry)))
        case .series(_, let menu):
            guard let menu else { return effects }
            let items = menu.episodes.map { NavigationItem.card($0, inSeries: menu.name) }
            let focus = items.firstIndex { $0.id == menu.next } ?? 0
            stack.append(MenuScreen(screen: .series, title: menu.name, items: items, focus: focus))
        case .resource(_, let detail):
            guard let detail else { return effects }
            effects += play(detail, from: start ?? detail.resumePosition)
        }
        return effects
    }

    private mutating func showHome(_ menu: HomeMenu) {
        var items: [NavigationItem] = []
        if let resume = menu.resume { items.append(.resume(resume)) }
        items += menu.categories.map(NavigationItem.category)
        if !menu.popular.isEmpty { items.append(.popular(count: menu.popular.count)) }
        popular = menu.popular.map { NavigationItem.card($0) }
        // Back from the player the focus stays on what played; otherwise home starts at the top.
        var focus = 0
        if let old = stack.first, old.screen == .home, old.items.indices.contains(old.focus) {
            let focused = old.items[old.focus]
            if focused.kind == .resume || focused.kind == .resource {
                focus = items.firstIndex { $0.plays(focused.id) } ?? 0
            }
        }
        let home = MenuScreen(screen: .home, title: Self.homeTitle, items: items, focus: focus, fallback: .nothingYet)
        // Screens opened meanwhile without a load (大家都在看) stay open above the new home.
        if stack.isEmpty { stack = [home] } else { stack[0] = home }
    }

    private mutating func play(_ detail: ResourceDetail, from start: Double) -> [NavigatorEffect] {
        let resource = detail.resource
        playing = Playing(
            resource: resource.id, title: resource.title, duration: resource.durationSeconds, position: start,
            nextInSeries: detail.nextInSeries)
        showStatus()
        return [.play(resourceID: resource.id, from: start)]
    }
}
