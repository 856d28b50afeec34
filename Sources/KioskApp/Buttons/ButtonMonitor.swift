import Foundation
import KioskCore
import ServiceLifecycle
import Synchronization

/// What staff watch of the buttons inside `yinling serve`: `yinling buttons` through the control
/// socket and the staff page's 按钮测试 panel both get their reports here, one path for both.
///
/// The reports are ``ButtonService``'s, read through its `watch()`. Each watcher starts with the
/// ready report (the sources listening), then the problems that still hold: sources that failed
/// (a keypad that was missing at start-up says so to whoever looks later, not only to the journal)
/// and lines stuck pressed; then the live reports.
public final class ButtonMonitor: Service, Sendable {
    /// At most this many problems are kept (a source fails once; stuck lines are few).
    static let maximumProblems = 16

    private let reports: AsyncStream<ButtonReport>
    private let state = Mutex(Remembered())
    private let watchers = Subscribers<ButtonReport>()

    struct Remembered {
        var ready: ButtonReport?
        var problems: [ButtonReport] = []

        mutating func record(_ report: ButtonReport) {
            switch report.kind {
            case "ready":
                ready = report
            case "error", "stuck":
                problems.removeAll { $0.kind == report.kind && $0.input == report.input }
                problems = Array((problems + [report]).suffix(ButtonMonitor.maximumProblems))
            case "released":
                problems.removeAll { $0.kind == "stuck" && $0.input == report.input }
            default:
                break
            }
        }
    }

    /// `reports`: a stream from ``ButtonService/watch()``, subscribed before the service runs so
    /// that no start-up error is missed.
    public init(reports: AsyncStream<ButtonReport>) {
        self.reports = reports
    }

    /// The ready report and the problems so far, then every report from now on.
    public func watch() -> AsyncStream<ButtonReport> {
        state.withLock { remembered in
            watchers.subscribe(replaying: (remembered.ready.map { [$0] } ?? []) + remembered.problems)
        }
    }

    public func run() async {
        for await report in reports.cancelOnGracefulShutdown() {
            // Recorded and passed on under one lock, so a new watcher gets each report exactly once.
            state.withLock { remembered in
                remembered.record(report)
                watchers.yield(report)
            }
        }
        watchers.finish()
    }
}
