import KioskCore
import PoolFormat

/// A plan in words a volunteer can read (`yinling sync --dry-run`).
enum PlanText {
    static func oneLine(_ report: PlanReport) -> String {
        let summary = report.summary
        var line =
            "plan       download \(summary.downloadResources) (\(ByteSize.format(summary.downloadBytes))), "
            + "keep \(summary.keepResources) (\(ByteSize.format(summary.keepBytes))), "
            + "remove \(summary.evictResources) (\(ByteSize.format(summary.evictBytes))); "
            + "room for \(ByteSize.format(summary.budgetBytes))"
        if summary.leftOutResources > 0 {
            line += "; \(summary.leftOutResources) do not fit (\(ByteSize.format(summary.leftOutBytes)))"
        }
        return line
    }

    static func full(_ report: PlanReport) -> String {
        let disk = report.disk
        let summary = report.summary
        var lines = [
            "Plan for \(report.pool) (published \(report.publishedAt)), from \(report.location)",
            "  Disk: \(ByteSize.format(disk.totalBytes)) in all, \(ByteSize.format(disk.freeBytes)) free; "
                + "the cache uses \(ByteSize.format(disk.cacheBytes)); budget \(ByteSize.format(disk.budgetBytes)), "
                + "always left free \(ByteSize.format(disk.reserveBytes))",
        ]
        if report.download.isEmpty {
            lines.append("  Nothing to download.")
        } else {
            lines.append(
                "  Download \(summary.downloadResources) resource(s), \(ByteSize.format(summary.downloadBytes)) "
                    + "in \(report.files) file(s):")
            for item in report.download {
                lines.append("    \(item.id)  \(item.title)  \(ByteSize.format(item.bytes))")
            }
        }
        lines.append(
            "  Keep \(summary.keepResources) resource(s) already cached (\(ByteSize.format(summary.keepBytes))).")
        if !report.evict.isEmpty {
            lines.append(
                "  Remove \(summary.evictResources) resource(s) no longer chosen or no longer in the pool "
                    + "(\(ByteSize.format(summary.evictBytes))): \(report.evict.joined(separator: ", "))")
        }
        if !report.leftOut.isEmpty {
            lines.append(
                "  Do not fit the budget: \(report.leftOut.count) resource(s), \(ByteSize.format(summary.leftOutBytes)):"
            )
            for item in report.leftOut {
                lines.append(
                    "    \(item.id)  \(item.title)  \(ByteSize.format(item.bytes))\(item.pinned ? "  (pinned)" : "")")
            }
        }
        return lines.joined(separator: "\n")
    }
}
