/// The TV's video player (KIOSK-UX.md "Player"): `MPVPlayer` on boards, the `/tv` page's `<video>`
/// as the fallback.
///
/// Commands return once the player has accepted them; what actually happens (the file started,
/// the position moved, the end was reached) arrives as ``PlayerEvent``s.
public protocol Player: Sendable {
    /// Plays `item` from `position` seconds, replacing whatever was playing.
    func load(_ item: PlayerItem, at position: Double) async throws
    /// Pauses (`true`) or resumes (`false`).
    func setPaused(_ paused: Bool) async throws
    /// Pauses when playing, resumes when paused (确定 in the player).
    func togglePause() async throws
    /// Moves the position by `seconds` (±30 for 上一个/下一个); clamped at the start, ends at the end.
    func seek(by seconds: Double) async throws
    /// Sets the volume, 0–100 (values outside are clamped).
    func setVolume(_ volume: Double) async throws
    /// Changes the volume by `delta` percentage points (音量+ / 音量-), within 0–100.
    func adjustVolume(by delta: Double) async throws
    /// Stops playback (返回 in the player).
    func stop() async throws
    /// A new stream of everything that happens from now on; each call gets its own stream.
    func events() -> AsyncStream<PlayerEvent>
}

/// What the player plays: a resource of the catalog and where its file is.
public struct PlayerItem: Sendable, Hashable {
    public var resourceID: String
    /// A path in the media cache, or a URL the player can open.
    public var location: String
    /// The resource's length from the manifest, in seconds.
    public var durationSeconds: Int

    public init(resourceID: String, location: String, durationSeconds: Int) {
        self.resourceID = resourceID
        self.location = location
        self.durationSeconds = durationSeconds
    }
}
