import ContentStore
import KioskCore

/// What one sync has done so far: the engine's working state, and its summary at the end.
struct SyncRun: Sendable {
    var plan: SyncPlan
    var failed: [SyncFailure]
    /// Files now verified in the cache, by sha256.
    var arrived: [String: CachedFile] = [:]
    var bytesDownloaded: Int64 = 0
    /// Why downloads stopped early; nil when they ran to the end.
    var stopReason: String?
    var evictedFirst = false
    var added: [String] = []
    var evicted: [String] = []

    init(plan: SyncPlan, failed: [SyncFailure]) {
        self.plan = plan
        self.failed = failed
    }

    func summary(finishedAt: String) -> SyncSummary {
        let resourceFailures = failed.count
        let outcome = stopReason != nil ? "stopped" : "finished"
        var message: String
        if let stopReason {
            message = "stopped early: \(stopReason); what was already cached still plays"
        } else if resourceFailures > 0 {
            message =
                "finished; \(resourceFailures) resource(s) could not be brought in (see failures); they will be retried next sync"
        } else {
            message = "finished; everything planned is cached"
        }
        if !plan.fits {
            message += "; \(plan.leftOut.count) resource(s) do not fit the disk budget"
        }
        var summary = SyncSummary(outcome: outcome, finishedAt: finishedAt, message: message)
        summary.added = added
        summary.kept = plan.keep.count
        summary.evicted = evicted
        summary.failed = failed
        summary.bytesDownloaded = bytesDownloaded
        return summary
    }
}
