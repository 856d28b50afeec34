/// What the ``Navigator`` asks the service to do; the navigator itself does no I/O.
public enum NavigatorEffect: Sendable, Hashable {
    /// Read a menu or a resource from the catalog, then give the answer to ``Navigator/loaded(_:at:)``.
    case load(NavigatorLoad)
    /// Log the play's start (committed first), then play `resourceID` from `from` seconds.
    case play(resourceID: String, from: Double)
    /// Move playback by this many seconds (−30 or +30).
    case seek(by: Double)
    /// Pause a playing video, or resume a paused one.
    case togglePause
    /// Log the play's end at the player's position (the resume position), then stop the player.
    /// Also emitted when a video ended by itself, so the play log closes the play once, in one place.
    case stop
    /// Set the volume to this level, 0–100.
    case setVolume(Int)
}

/// A catalog read the navigator waits for.
public enum NavigatorLoad: Sendable, Hashable, Codable {
    /// ``Catalog/home(source:)`` for the TV.
    case home
    /// ``Catalog/category(named:)``.
    case category(String)
    /// ``Catalog/series(named:source:)`` for the TV.
    case series(String)
    /// ``Catalog/resource(id:source:)`` for the TV.
    case resource(String)
}

/// A catalog answer for the navigator: nil when the catalog had nothing or the read failed.
public enum NavigatorAnswer: Sendable, Hashable {
    case home(HomeMenu?)
    case category(String, CategoryMenu?)
    case series(String, SeriesMenu?)
    case resource(String, ResourceDetail?)

    /// The load this answers.
    public var load: NavigatorLoad {
        switch self {
        case .home: .home
        case .category(let name, _): .category(name)
        case .series(let name, _): .series(name)
        case .resource(let id, _): .resource(id)
        }
    }
}
