/// The running service's usage upload, as the staff API and the control socket see it.
///
/// `yinling serve` implements it when uploads are enabled; `yinling upload` reaches it over the
/// control socket, the staff page over HTTP.
public protocol UsageControl: Sendable {
    /// The status now.
    func usageStatus() async -> UsageStatus
    /// Batches what is settled and sends every pending batch now, in order; returns the status
    /// after that round (waits for a round already under way first).
    func uploadNow() async -> UsageStatus
}
