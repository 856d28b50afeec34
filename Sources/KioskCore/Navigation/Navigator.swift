/// The TV's navigation state machine (KIOSK-UX.md "Buttons" and "Screens"; docs/navigation-state.md):
/// the menu stack, the focus, the player, the countdown to the next episode. Pure: it does no I/O
/// and reads no clock. Presses and answers come in; ``NavigatorEffect``s come out; ``state`` is
/// what the TV page draws.
///
/// Time comes in with every call (`at now`, the monotonic clock the button edges use) and through
/// ``advance(to:)``, which the service calls at ``nextDeadline``: the status bar hides 3 s after a
/// press, the countdown counts down.
///
/// Catalog reads are effects (`.load`); their answers come back through ``loaded(_:at:)``. Until
/// then the focused tile shows as pending and the screen stays as it was; a press meanwhile
/// cancels the wait (its answer is then ignored), so a slow or failing catalog never traps anyone.
public struct Navigator: Sendable, Codable {
    /// Tiles per page (KIOSK-UX.md: at most 6 per screen).
    public static let pageSize = 6
    /// How far 上一个/下一个 seek in the player.
    public static let seekSeconds = 30.0
    /// How long the status bar (and the volume) shows after a press.
    public static let statusTime = Duration.seconds(3)
    /// The countdown before the next episode.
    public static let countdownSeconds = 10
    /// One volume step.
    public static let volumeStep = 10
    static let homeTitle = "银龄学习站"
    static let popularTitle = "大家都在看"

    /// The menu screens, home first; never empty once home was asked for.
    var stack: [MenuScreen] = []
    /// The popular list from the last home answer, opened by the 大家都在看 tile.
    var popular: [NavigationItem] = []
    /// What plays, or the countdown after it ended; nil in menus.
    var playing: Playing?
    /// The catalog read waited for, and for a resource, where to start (nil: its resume position).
    var waiting: NavigatorLoad?
    var waitingStart: Double?
    var volume: Int
    var volumeShownUntil: Duration?
    /// When home did not come, when to ask again.
    var homeRetryAt: Duration?
    /// The latest time seen, so ``state`` needs no clock.
    var now: Duration = .zero

    /// A navigator showing nothing yet: call ``start(at:)``.
    public init(volume: Int = 80) {
        self.volume = min(100, max(0, volume))
    }

    /// Asks for home; until it comes, a calm "getting ready" tile.
    public mutating func start(at now: Duration) -> [NavigatorEffect] {
        self.now = max(self.now, now)
        return goHome()
    }

    /// One press (from the ``PressInterpreter``), at its kernel timestamp.
    public mutating func handle(_ press: ButtonPress) -> [NavigatorEffect] {
        handle(press.action, kind: press.kind, at: press.timestamp)
    }

    /// One press of `action`; `kind` says whether it is a repeat or a long press.
    public mutating func handle(_ action: ButtonAction, kind: ButtonPress.Kind = .press, at now: Duration)
        -> [NavigatorEffect]
    {
        var effects = advance(to: now)
        switch (action, kind) {
        case (.back, .longPress), (.home, .press):
            effects += goHome()
        case (_, .longPress), (.ok, .repeat), (.back, .repeat), (.home, .repeat):
            break  // only 返回 has a long press; only previous, next and volume repeat
        case (.volumeUp, _), (.volumeDown, _):
            effects += changeVolume(up: action == .volumeUp)
        case _ where playing != nil:
            effects += pressInPlayer(action)
        default:
            effects += pressInMenu(action)
        }
        return effects
    }

    private mutating func pressInMenu(_ action: ButtonAction) -> [NavigatorEffect] {
        guard var top = stack.last else { return [] }
        // A press cancels waiting for a menu (its answer will be ignored), but home is always wanted.
        let opening = waiting
        if waiting != .home { waiting = nil }
        let count = top.items.count
        switch action {
        case .previous where count > 0:
            top.focus = (top.focus - 1 + count) % count
        case .next where count > 0:
            top.focus = (top.focus + 1) % count
        case .back where stack.count > 1:
            stack.removeLast()
            return []
        case .ok:
            guard top.items.indices.contains(top.focus) else { return [] }
            return open(top.items[top.focus], alreadyOpening: opening)
        default:
            return []
        }
        stack[stack.count - 1] = top
        return []
    }

    /// 确定 on a tile.
    private mutating func open(_ item: NavigationItem, alreadyOpening: NavigatorLoad?) -> [NavigatorEffect] {
        let load: NavigatorLoad
        switch item.kind {
        case .category: load = .category(item.id)
        case .series: load = .series(item.id)
        case .resource, .resume: load = .resource(item.id)
        case .popular:
            stack.append(MenuScreen(screen: .popular, title: Self.popularTitle, items: popular, fallback: .emptyList))
            return []
        case .empty:
            // The "getting ready" tile asks again; the others are inert.
            return item.id == NavigationItem.starting.id ? goHome() : []
        }
        waiting = load
        waitingStart = item.kind == .resume ? item.position : nil
        // A second 确定 while the same tile is opening does not ask twice.
        return alreadyOpening == load ? [] : [.load(load)]
    }

    /// Home from anywhere: stop what plays, show the home screen at once, and refresh it.
    mutating func goHome() -> [NavigatorEffect] {
        var effects: [NavigatorEffect] = []
        if let playing, playing.countdown == nil {
            effects.append(.stop)
        }
        playing = nil
        if let home = stack.first, home.screen == .home {
            stack = [home]
            stack[0].focus = 0
        } else {
            stack = [MenuScreen(screen: .home, title: Self.homeTitle, items: [.starting])]
        }
        let asked = waiting == .home
        waiting = .home
        homeRetryAt = nil
        return asked ? effects : effects + [.load(.home)]
    }

    private mutating func changeVolume(up: Bool) -> [NavigatorEffect] {
        volume = min(100, max(0, volume + (up ? Self.volumeStep : -Self.volumeStep)))
        volumeShownUntil = now + Self.statusTime
        if playing != nil { showStatus() }
        return [.setVolume(volume)]
    }
}
