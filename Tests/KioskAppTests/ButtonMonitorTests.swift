import Foundation
import KioskCore
import Logging
import Testing

@testable import KioskApp

@Suite("Button monitor: what staff see when they start watching")
struct ButtonMonitorTests {
    /// A keypad that is not there: fails at once, as `EvdevButtonSource` does.
    struct MissingKeypad: ButtonSource {
        var name: String { "input device /dev/input/missing" }
        func edges() -> AsyncThrowingStream<ButtonEdge, any Error> {
            AsyncThrowingStream { $0.finish(throwing: AppError("cannot open the input device /dev/input/missing")) }
        }
    }

    static func report(_ kind: String, _ input: String) -> ButtonReport {
        ButtonReport(kind: kind, input: input, action: kind == "ready" ? "" : "ok", at: .seconds(1))
    }

    @Test(
        "problems are kept until they no longer hold",
        arguments: [
            ([("ready", "a, b")], [String]()),
            ([("ready", "a, b"), ("error", "a")], ["error a"]),
            ([("ready", "a, b"), ("error", "a"), ("error", "a"), ("press", "b")], ["error a"]),
            ([("stuck", "gpiochip0:17"), ("press", "gpiochip0:22")], ["stuck gpiochip0:17"]),
            ([("stuck", "gpiochip0:17"), ("released", "gpiochip0:17")], []),
            ([("stuck", "gpiochip0:17"), ("released", "gpiochip0:22")], ["stuck gpiochip0:17"]),
            ([("error", "a"), ("noise", "b"), ("long_press", "b")], ["error a"]),
        ])
    func problems(reports: [(String, String)], kept: [String]) {
        var remembered = ButtonMonitor.Remembered()
        for (kind, input) in reports { remembered.record(Self.report(kind, input)) }
        #expect(remembered.problems.map { "\($0.kind) \($0.input)" } == kept)
        #expect(remembered.ready?.input == reports.first { $0.0 == "ready" }?.1)
    }

    @Test(.timeLimit(.minutes(1)))
    func aWatcherWhoComesLaterStillSeesTheReadyReportAndTheSourceThatFailed() async {
        var logger = Logger(label: "test")
        logger.logLevel = .critical  // the failing keypad is logged as an error; expected here
        let service = ButtonService(
            sources: [MissingKeypad()], settings: PressSettings(), logger: logger, onPress: { _ in })
        let monitor = ButtonMonitor(reports: await service.watch())
        let early = monitor.watch()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await service.run() }
            group.addTask { await monitor.run() }
            var live = early.makeAsyncIterator()
            var seen: [String] = []
            while let report = await live.next() {
                seen.append(report.kind)
                if report.kind == "error" { break }
            }
            #expect(seen == ["ready", "error"])
            var later = monitor.watch().makeAsyncIterator()
            let ready = await later.next()
            let error = await later.next()
            #expect(ready?.kind == "ready" && ready?.input == "input device /dev/input/missing")
            #expect(error?.kind == "error" && error?.input == "input device /dev/input/missing")
            #expect(error?.detail?.contains("cannot open") == true, "\(String(describing: error))")
            group.cancelAll()
        }
    }
}
