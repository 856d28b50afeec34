import Foundation
import KioskCore
import PoolFormat

/// `yinling status`, and the lines `yinling sync` prints while following the service.
enum StatusText {
    static func progress(_ status: SyncStatus) -> String {
        switch status.state {
        case .idle: return "idle"
        case .checking: return "checking the pool"
        case .installing: return "switching the menu to the new content"
        case .downloading, .paused:
            let inFlight = status.current.reduce(0) { $0 + $1.bytesDone }
            var text =
                "\(status.state == .paused ? "paused" : "downloading") \(status.filesDone)/\(status.filesTotal) files, "
                + "\(ByteSize.format(status.bytesDone + inFlight)) of \(ByteSize.format(status.bytesTotal))"
            if status.bytesPerSecond > 0 { text += ", \(ByteSize.format(Int64(status.bytesPerSecond)))/s" }
            if let eta = status.etaSeconds { text += ", about \(max(1, eta / 60)) min left" }
            return text
        }
    }

    static func full(_ status: SyncStatus, serviceRunning: Bool) -> String {
        var lines = [
            "Service:   " + (serviceRunning ? "running" : "not running (yinling sync works on its own)"),
            "Sync:      " + progress(status) + (status.trigger.map { " (started by \($0))" } ?? ""),
        ]
        if let last = status.last {
            lines.append(
                "Last sync: \(last.outcome) \(last.finishedAt): added \(last.added.count), kept \(last.kept), "
                    + "evicted \(last.evicted.count), failed \(last.failed.count)")
            lines.append("           \(last.message)")
            for failure in last.failed {
                lines.append("  failed:  \(failure.resourceID)  \(failure.title)  \(failure.reason)")
            }
        } else {
            lines.append("Last sync: never")
        }
        lines.append(
            "Next sync: "
                + (status.nextScheduled ?? (serviceRunning ? "not scheduled (no pool)" : "when the service runs")))
        if let disk = status.disk {
            lines.append(
                "Disk:      \(ByteSize.format(disk.freeBytes)) free of \(ByteSize.format(disk.totalBytes)); "
                    + "cache \(ByteSize.format(disk.cacheBytes)); budget \(ByteSize.format(disk.budgetBytes)); "
                    + "kept free \(ByteSize.format(disk.reserveBytes))")
        }
        if let curation = status.curation { lines.append(contentsOf: self.curation(curation)) }
        if let usage = status.usage { lines.append(contentsOf: UsageText.lines(usage)) }
        return lines.joined(separator: "\n")
    }

    static func curation(_ effective: EffectiveCuration) -> [String] {
        let curation = effective.curation
        let values: [String: String] = [
            "categories": curation.categories.isEmpty ? "all" : curation.categories.joined(separator: ", "),
            "pinned_series": list(curation.pinnedSeries), "pinned_resources": list(curation.pinnedResources),
            "excluded_series": list(curation.excludedSeries), "excluded_resources": list(curation.excludedResources),
            "budget": curation.budget.description, "reserve": ByteSize.format(curation.reserveBytes),
        ]
        return ["Curation:"]
            + Curation.keys.map { key in
                let source = effective.sources[key] == .staffPage ? "staff page" : "config file"
                let padded = key.padding(toLength: 19, withPad: " ", startingAt: 0)
                return "  \(padded) \(values[key] ?? "")   (\(source))"
            }
    }

    private static func list(_ items: [String]) -> String { items.isEmpty ? "—" : items.joined(separator: ", ") }
}
