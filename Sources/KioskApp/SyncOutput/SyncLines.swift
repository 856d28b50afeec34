import KioskCore
import PoolFormat

/// One plain line per sync event (logs, pipes, the service's journal).
enum SyncLines {
    static func line(for event: SyncEvent) -> String? {
        switch event {
        case .checking(let location):
            return "checking   \(location)"
        case .manifest(let pool, let publishedAt, let resources, let rejected):
            let refused = rejected.map { "\nREFUSED    \($0.resourceID)  \($0.reason)" }.joined()
            return "manifest   \(pool), published \(publishedAt): \(resources) resources, signature verified"
                + (rejected.isEmpty ? "" : ", \(rejected.count) entries refused") + refused
        case .planned(let report):
            return PlanText.oneLine(report)
        case .evictedFirst(let ids):
            return "evicted    \(ids.count) resource(s) first, to make room: \(ids.joined(separator: ", "))"
        case .fileStarted(let file):
            return "started    \(file.resourceID) \(file.field)  \(ByteSize.format(file.bytes))"
        case .fileProgress:
            return nil
        case .fileDone(let file, let wireBytes):
            let wire = wireBytes == file.bytes ? "" : " (\(ByteSize.format(wireBytes)) downloaded)"
            return "done       \(file.resourceID) \(file.field)  \(ByteSize.format(file.bytes))\(wire)"
        case .resourceReady(let id, let title):
            return "ready      \(id)  \(title)"
        case .resourceFailed(let failure):
            return "FAILED     \(failure.resourceID)  \(failure.title)  \(failure.reason)"
        case .paused:
            return "paused     partial files are kept; resume from the staff page or `yinling sync`"
        case .resumed:
            return "resumed"
        case .stopping(let reason):
            return "STOPPING   \(reason)"
        case .installing:
            return "installing switching the menu to the new content"
        case .finished(let summary):
            return SummaryText.text(summary)
        case .refused(let reason):
            return "REFUSED    \(reason)"
        }
    }
}

/// The summary after a sync: what was added, kept, evicted and failed, each failure with its reason.
enum SummaryText {
    static func text(_ summary: SyncSummary) -> String {
        var lines = [
            "summary    added \(summary.added.count), kept \(summary.kept), evicted \(summary.evicted.count), "
                + "failed \(summary.failed.count); downloaded \(ByteSize.format(summary.bytesDownloaded))"
        ]
        if !summary.added.isEmpty { lines.append("  added:   \(summary.added.joined(separator: ", "))") }
        if !summary.evicted.isEmpty { lines.append("  evicted: \(summary.evicted.joined(separator: ", "))") }
        for failure in summary.failed {
            lines.append("  failed:  \(failure.resourceID)  \(failure.title)  \(failure.reason)")
        }
        lines.append(summary.message)
        return lines.joined(separator: "\n")
    }
}
