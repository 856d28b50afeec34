/// One menu screen on the ``Navigator``'s stack: all its tiles and the focus among them.
struct MenuScreen: Sendable, Hashable, Codable {
    var screen: NavigationState.Screen
    var title: String
    /// Never empty: an empty list shows an inert tile, so no screen is blank.
    var items: [NavigationItem]
    /// Index into `items` (not within the page).
    var focus: Int

    init(
        screen: NavigationState.Screen, title: String, items: [NavigationItem], focus: Int = 0,
        fallback: NavigationItem = .emptyList
    ) {
        self.screen = screen
        self.title = title
        self.items = items.isEmpty ? [fallback] : items
        self.focus = self.items.indices.contains(focus) ? focus : 0
    }

    /// Puts the focus on the tile that played `resourceID`, if there is one.
    mutating func focus(on resourceID: String) {
        if let index = items.firstIndex(where: { $0.plays(resourceID) }) {
            focus = index
        }
    }
}
