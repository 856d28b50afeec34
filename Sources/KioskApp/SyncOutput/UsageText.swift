import KioskCore

/// The usage lines of `yinling status` and the output of `yinling upload`.
enum UsageText {
    static func lines(_ status: UsageStatus) -> [String] {
        let indent = "           "
        guard status.enabled else {
            return [
                "Usage:     upload off (set [upload] hub_url and token, and [site] id); "
                    + "\(status.unbatchedPlays) plays kept in the play log"
            ]
        }
        var lines = [
            "Usage:     to \(status.hubURL ?? "the hub"): \(status.pendingBatches) batch"
                + (status.pendingBatches == 1 ? "" : "es") + " waiting"
                + (status.lastBatch.map { " (newest #\($0))" } ?? "")
        ]
        if let acknowledged = status.lastAcknowledgedBatch {
            lines.append(indent + "last acknowledged: #\(acknowledged) at \(status.lastAcknowledgedAt ?? "?")")
        } else {
            lines.append(indent + "last acknowledged: none yet")
        }
        if let error = status.lastError {
            let code = error.status.map { "\($0)" } ?? "no answer"
            lines.append(indent + "last error (\(code), \(error.at)): \(error.message)")
        }
        lines.append(
            indent + "clock: "
                + (status.clockTrusted
                    ? "trusted"
                    : "not trusted yet (\(status.waitingForClock) plays wait for network time or the hub)"))
        lines.append(indent + "plays not yet in a batch: \(status.unbatchedPlays)")
        if let next = status.nextAttemptAt { lines.append(indent + "next round: \(next)") }
        return lines
    }
}
