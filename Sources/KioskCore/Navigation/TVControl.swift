/// The TV's navigation as the HTTP layer sees it: the server-side ``Navigator`` behind the `/tv`
/// page's event stream, its keyboard, and its `<video>` (the browser player).
public protocol TVControl: Sendable {
    /// Every navigation state from now on, starting with the current one.
    func states() async -> AsyncStream<NavigationState>
    /// A press from the page's keyboard (arrows, Enter, Escape), handled as a button press now.
    func press(_ action: ButtonAction, kind: ButtonPress.Kind) async
    /// What the page's `<video>` reports.
    func player(_ event: TVPlayerEvent) async
}

/// What the browser player tells the navigator.
public enum TVPlayerEvent: Sendable, Hashable {
    /// Where playback is, in seconds (so a stop remembers it).
    case position(Double)
    /// The video played to its end.
    case ended
    /// The video could not play.
    case failed
}
