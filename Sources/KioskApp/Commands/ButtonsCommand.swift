import ArgumentParser
import Foundation
import KioskCore
import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `yinling buttons`: live presses, to check the wiring of GPIO buttons and keypads.
struct ButtonsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "buttons",
        abstract: "Print button presses as the kiosk decodes them (line, action, press or long press).",
        discussion: """
            Press each button and watch its line. While yinling serve runs it holds the buttons, so \
            this asks the service; otherwise it opens them itself. Ends with Ctrl-C, or after --count \
            presses or --seconds.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(help: "One JSON object per line.")
    var json = false

    @Option(help: "Stop after this many lines.")
    var count: Int?

    @Option(help: "Stop after this many seconds.")
    var seconds: Int?

    func run() async throws {
        try RootGuard.refuse("yinling buttons")
        let configuration = try options.load()
        let printer = ReportPrinter(json: json, limit: count)
        if let client = ControlClient.connect(configuration.controlSocketPath) {
            if !json { say("yinling serve holds the buttons; showing what it decodes.") }
            try await withDeadline {
                try await client.follow("/v1/buttons") { line in
                    guard let report = try? JSONDecoder().decode(ButtonReport.self, from: line) else { return true }
                    return printer.print(report)
                }
            }
            return
        }
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling buttons")
        let sources = try runtime.buttonSources()
        guard !sources.isEmpty else {
            throw AppError("no buttons are configured: set [buttons] keypad_devices, or enabled = true for GPIO lines")
        }
        // Every report is printed, errors included: the log would only repeat them.
        let buttons = ButtonService(
            sources: sources, settings: configuration.pressSettings, logger: makeLogger(level: "critical"),
            onPress: { _ in })
        try await withDeadline {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let reports = await buttons.watch()
                group.addTask {
                    var failed = 0
                    for await report in reports {
                        guard printer.print(report) else { return }
                        guard report.kind == "error" else { continue }
                        // With nothing left to listen to, the check is over: say why and fail.
                        failed += 1
                        if failed == sources.count { throw AppError(report.detail ?? "no button source works") }
                    }
                }
                group.addTask {
                    let services = ServiceGroup(
                        configuration: .init(
                            services: [buttons], gracefulShutdownSignals: [.sigterm, .sigint],
                            logger: Logger(label: "buttons")))
                    try await services.run()
                }
                try await group.next()
                group.cancelAll()
            }
        }
    }

    /// Runs `body`, ending it after `--seconds` if given.
    private func withDeadline(_ body: @escaping @Sendable () async throws -> Void) async throws {
        guard let seconds else { return try await body() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask { try await Task.sleep(for: .seconds(seconds)) }
            try await group.next()
            group.cancelAll()
        }
    }
}

/// Prints reports and counts them against `--count`.
final class ReportPrinter: Sendable {
    let json: Bool
    let limit: Int?
    private let printed = Mutex(0)

    init(json: Bool, limit: Int?) {
        self.json = json
        self.limit = limit
    }

    /// Prints one report; false once the limit is reached.
    func print(_ report: ButtonReport) -> Bool {
        if report.kind == "ready", !json {
            say("listening to \(report.input)")
            return true
        }
        say(json ? report.json : report.line)
        if report.kind == "ready" { return true }  // the first line in JSON: listening, not a press
        let count = printed.withLock { value in
            value += 1
            return value
        }
        return limit.map { count < $0 } ?? true
    }
}
