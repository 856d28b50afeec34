import Foundation
import KioskCore
import PoolFormat
import Testing

@testable import KioskApp

@Suite struct SyncScheduleTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [
        // now (UTC) → next start with jitter 0 and 1 (a quarter of the 3-hour window: 45 min)
        ("2026-11-23T10:00:00Z", "2026-11-23T18:00:00Z", "2026-11-23T18:45:00Z"),  // 18:00 Shanghai → 02:00 next day
        ("2026-11-22T17:30:00Z", "2026-11-22T18:00:00Z", "2026-11-22T18:45:00Z"),  // 01:30 → 02:00 today
        ("2026-11-22T18:10:00Z", "2026-11-23T18:00:00Z", "2026-11-22T18:45:00Z"),  // 02:10: 02:00 passed; 02:45 not yet
    ])
    func nextStartIsInTheFirstQuarterOfTheWindow(now: String, earliest: String, latest: String) throws {
        let schedule = try #require(SyncSchedule(window: "02:00-05:00", timeZone: "Asia/Shanghai"))
        #expect(schedule.next(after: date(now), jitter: 0) == date(earliest))
        #expect(schedule.next(after: date(now), jitter: 1) == date(latest))
    }

    @Test func windowAcrossMidnight() throws {
        let schedule = try #require(SyncSchedule(window: "23:00-01:00", timeZone: "Asia/Shanghai"))
        // 30 min is a quarter of the 2-hour window.
        #expect(schedule.next(after: date("2026-11-23T10:00:00Z"), jitter: 1) == date("2026-11-23T15:30:00Z"))
    }
}

@Suite struct SyncTrackerTests {
    final class Clock: @unchecked Sendable {
        var now = 0.0
    }

    @Test func rateAndTimeLeftFollowTheBytes() {
        let clock = Clock()
        let tracker = SyncTracker(uptime: { clock.now })
        tracker.record(.checking(location: "/pool"))
        #expect(tracker.status.state == .checking)
        var summary = PlanSummaryFixture.summary(downloadBytes: 10_000)
        summary.downloadResources = 1
        tracker.record(.planned(report: PlanSummaryFixture.report(summary, files: 1)))
        let file = FileTask(resourceID: "A", title: "甲", field: "media", sha256: "aa", bytes: 10_000)
        tracker.record(.fileStarted(file: file))
        tracker.record(.fileProgress(file: file, bytesDone: 0))
        clock.now = 2
        tracker.record(.fileProgress(file: file, bytesDone: 2_000))
        #expect(tracker.status.state == .downloading)
        #expect(tracker.status.bytesPerSecond == 1_000)
        #expect(tracker.status.etaSeconds == 8)
        tracker.record(.fileDone(file: file, wireBytes: 10_000))
        #expect(tracker.status.filesDone == 1 && tracker.status.current.isEmpty)
        tracker.record(.finished(summary: .init(outcome: "finished", finishedAt: "t", message: "m")))
        #expect(tracker.status.state == .idle && tracker.status.last?.outcome == "finished")
    }
}

enum PlanSummaryFixture {
    static func summary(downloadBytes: Int64) -> PlanSummary {
        var summary = PlanSummary()
        summary.downloadBytes = downloadBytes
        return summary
    }

    static func report(_ summary: PlanSummary, files: Int) -> PlanReport {
        var plan = SyncPlan()
        plan.summary = summary
        var report = PlanReport(
            plan, disk: DiskStatus(totalBytes: 0, freeBytes: 0, cacheBytes: 0, budgetBytes: 0, reserveBytes: 0),
            manifest: Manifest(pool: "池", publishedAt: "t", resources: []), location: "/pool")
        report.files = files
        return report
    }
}
