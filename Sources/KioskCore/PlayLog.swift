/// The durable record of plays (USAGE-PROTOCOL.md "The play log on the kiosk").
///
/// Every method returns only after its write is committed, so a play acknowledged to the page
/// survives a power cut. The TV player (buttons issue) and usage counting (usage issue) build on it.
public protocol PlayLog: Sendable {
    /// Records a new play and returns it once committed; playback starts only after this returns.
    func start(_ play: PlayRecord) async throws -> PlayRecord
    /// The play with this token, or nil.
    func play(token: String) async throws -> PlayRecord?
    /// Applies a checked update: sets the position, raises played seconds, marks the end.
    func update(token: String, with update: PlayUpdate) async throws -> PlayRecord
}
