/// The state the TV page draws.
extension Navigator {
    /// The current screen: in menus only the focused page's tiles.
    public var state: NavigationState {
        let volumeVisible = volumeShownUntil != nil
        if let playing {
            let countdown = playing.countdown.map { NavigationState.Countdown(seconds: $0.seconds, next: $0.next) }
            let player = NavigationState.Player(
                resource: playing.resource, title: playing.title, position: playing.position,
                duration: playing.duration, paused: playing.paused,
                statusVisible: playing.paused || playing.statusUntil != nil || countdown != nil, countdown: countdown)
            return NavigationState(
                screen: .player, title: playing.title, items: [], focus: 0, page: 1, pages: 1, back: true,
                pending: false, volume: volume, volumeVisible: volumeVisible, player: player)
        }
        let top = stack.last ?? MenuScreen(screen: .home, title: Self.homeTitle, items: [.starting])
        let size = Self.pageSize
        let pages = max(1, (top.items.count + size - 1) / size)
        let page = top.focus / size
        let items = Array(top.items[(page * size)..<min(top.items.count, (page + 1) * size)])
        return NavigationState(
            screen: top.screen, title: top.title, items: items, focus: top.focus - page * size, page: page + 1,
            pages: pages, back: stack.count > 1, pending: waiting != nil, volume: volume,
            volumeVisible: volumeVisible, player: nil)
    }
}
