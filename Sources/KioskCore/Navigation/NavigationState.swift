/// What the TV page draws, and nothing else: sent to it as JSON over server-sent events
/// (docs/navigation-state.md).
public struct NavigationState: Sendable, Hashable, Codable {
    /// Which screen.
    public enum Screen: String, Sendable, Hashable, Codable {
        case home, category, series, popular, player
    }

    public var screen: Screen
    /// The heading: 银龄学习站 on home, else the category, series or resource.
    public var title: String
    /// The tiles of the current page only, at most ``Navigator/pageSize``.
    public var items: [NavigationItem]
    /// The focused tile, within the page.
    public var focus: Int
    /// 1-based page and page count: 第 page/pages 页 when pages > 1.
    public var page: Int
    public var pages: Int
    /// Whether 返回 leads somewhere (false on home).
    public var back: Bool
    /// The focused tile is being opened.
    public var pending: Bool
    /// The volume, 0–100, and whether to show it (3 s after a volume press).
    public var volume: Int
    public var volumeVisible: Bool
    /// nil in menus.
    public var player: Player?
    /// Video plays in mpv next to the browser (the TV session on a board), not in the page's
    /// `<video>`: the page then only draws the menus.
    public var externalPlayer = false
    /// The page plays a short click on each accepted press (`[buttons] sound`).
    public var clickSound = false
    /// How many presses the TV acted on since the service started: the page clicks when it grows.
    public var presses = 0

    /// The player's part of the state.
    public struct Player: Sendable, Hashable, Codable {
        public var resource: String
        public var title: String
        /// Seconds.
        public var position: Double
        public var duration: Int
        public var paused: Bool
        /// The status bar shows: 3 s after every press, and while paused.
        public var statusVisible: Bool
        /// The countdown to the next episode, after a video ended.
        public var countdown: Countdown?

        private enum CodingKeys: String, CodingKey {
            case resource, title, position, duration, paused, statusVisible, countdown
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(resource, forKey: .resource)
            try container.encode(title, forKey: .title)
            try container.encode(position, forKey: .position)
            try container.encode(duration, forKey: .duration)
            try container.encode(paused, forKey: .paused)
            try container.encode(statusVisible, forKey: .statusVisible)
            try container.encode(countdown, forKey: .countdown)  // null, as the page expects
        }
    }

    /// `{"seconds": 7, "next": "<id>"}`.
    public struct Countdown: Sendable, Hashable, Codable {
        /// Whole seconds left, 10 down to 1.
        public var seconds: Int
        /// The episode that will play.
        public var next: String

        public init(seconds: Int, next: String) {
            self.seconds = seconds
            self.next = next
        }
    }

    private enum CodingKeys: String, CodingKey {
        case screen, title, items, focus, page, pages, back, pending, volume, volumeVisible, player, externalPlayer
        case clickSound, presses
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(screen, forKey: .screen)
        try container.encode(title, forKey: .title)
        try container.encode(items, forKey: .items)
        try container.encode(focus, forKey: .focus)
        try container.encode(page, forKey: .page)
        try container.encode(pages, forKey: .pages)
        try container.encode(back, forKey: .back)
        try container.encode(pending, forKey: .pending)
        try container.encode(volume, forKey: .volume)
        try container.encode(volumeVisible, forKey: .volumeVisible)
        try container.encode(player, forKey: .player)  // null in menus, as the page expects
        try container.encode(externalPlayer, forKey: .externalPlayer)
        try container.encode(clickSound, forKey: .clickSound)
        try container.encode(presses, forKey: .presses)
    }
}
