/// The running service's content sync, as the staff API and the control socket see it.
///
/// `yinling serve` implements it; staff commands reach it over the control socket, the staff page
/// over HTTP. Tests use a fake.
public protocol SyncControl: Sendable {
    /// The current status.
    func status() async -> SyncStatus
    /// Every status change, starting with the current one; ends when the caller stops iterating.
    func updates() async -> AsyncStream<SyncStatus>
    /// Starts a sync now unless one runs; returns false when one was already running.
    @discardableResult func startSync(trigger: String) async -> Bool
    /// Pauses a running sync (downloads stop, partial files are kept).
    func pause() async
    /// Resumes a paused sync.
    func resume() async
    /// The curation in force and where each value comes from.
    func curation() async -> EffectiveCuration
    /// Replaces the staff page's overrides; applies from the next sync.
    func setCurationOverrides(_ overrides: CurationOverrides) async throws
}
