/// One tile of a menu screen, as the TV page draws it (docs/navigation-state.md).
public struct NavigationItem: Sendable, Hashable, Codable {
    /// What a tile is, and so what 确定 does on it.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 继续观看: plays its resource from ``NavigationItem/position``.
        case resume
        case category
        /// 大家都在看: opens the popular list.
        case popular
        case series
        case resource
        /// Nothing to open (nothing cached yet, an empty category): a friendly, inert tile.
        case empty
    }

    public var kind: Kind
    /// What 确定 opens: a category or series name, or a resource id.
    public var id: String
    public var title: String
    public var subtitle: String
    /// A cover URL or a category icon.
    public var image: String
    /// An optional label, e.g. 继续观看.
    public var badge: String?
    /// For `resume`: where to start, in seconds.
    public var position: Double?

    public init(
        kind: Kind, id: String, title: String, subtitle: String, image: String, badge: String? = nil,
        position: Double? = nil
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.subtitle = subtitle
        self.image = image
        self.badge = badge
        self.position = position
    }

    /// Whether this tile stands for `resourceID` playing.
    func plays(_ resourceID: String) -> Bool {
        id == resourceID && (kind == .resource || kind == .resume)
    }
}
