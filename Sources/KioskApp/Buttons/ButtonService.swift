import Foundation
import KioskCore
import Logging
import ServiceLifecycle

/// The buttons inside `yinling serve`: every configured source's edges go through one press
/// interpreter (on the kernel's timestamps) to the TV's navigator; staff can watch the decoded
/// presses (`yinling buttons`, the staff page).
///
/// A source that cannot open (a missing chip, a busy line, an unplugged keypad) is reported once
/// in plain words; the menu keeps working with the others and the TV page's keyboard.
public actor ButtonService: Service {
    let sources: [any ButtonSource]
    private var interpreter: PressInterpreter
    private let onPress: @Sendable (ButtonPress) async -> Void
    private let logger: Logger
    private let now: @Sendable () -> Duration
    let reports = Subscribers<ButtonReport>()
    private let alarm = Alarm()

    public init(
        sources: [any ButtonSource], settings: PressSettings, logger: Logger,
        now: @escaping @Sendable () -> Duration = TVNavigation.monotonicNow,
        onPress: @escaping @Sendable (ButtonPress) async -> Void
    ) {
        self.sources = sources
        self.interpreter = PressInterpreter(settings: settings)
        self.onPress = onPress
        self.logger = logger
        self.now = now
    }

    /// Decoded presses and diagnostics from now on.
    public func watch() -> AsyncStream<ButtonReport> {
        reports.subscribe(
            current: ButtonReport(
                kind: "ready", input: sources.map(\.name).joined(separator: ", "), action: "", at: now()))
    }

    public func run() async throws {
        guard !sources.isEmpty else { return try await gracefulShutdown() }
        await withTaskGroup(of: Void.self) { group in
            for source in sources {
                group.addTask { await self.read(source) }
            }
            group.addTask { await self.keepTime() }
            try? await gracefulShutdown()
            group.cancelAll()
        }
        reports.finish()
    }

    private func read(_ source: any ButtonSource) async {
        do {
            for try await edge in source.edges() {
                await feed(edge)
            }
        } catch {
            logger.error("buttons: \(source.name) does not work: \(error); the other buttons and the keyboard still do")
            reports.yield(ButtonReport(kind: "error", input: source.name, action: "", at: now(), detail: "\(error)"))
        }
    }

    private func feed(_ edge: ButtonEdge) async {
        await deliver(interpreter.feed(edge))
        alarm.ring()  // the edge may have moved the next deadline
    }

    private func deliver(_ outputs: [PressInterpreter.Output]) async {
        for output in outputs {
            reports.yield(ButtonReport(output))
            if case .press(let press) = output { await onPress(press) }
            if case .stuck(let input, _, _) = output {
                logger.warning(
                    "buttons: \(input) has been pressed for a minute; ignored until it is released (check the wiring)")
            }
        }
    }

    /// Presses are decided 30 ms after the edge, repeats and long presses later: wakes at the
    /// interpreter's deadlines, and sleeps otherwise.
    private func keepTime() async {
        while !Task.isCancelled {
            await alarm.sleep(for: interpreter.nextDeadline.map { max(.zero, $0 - now()) })
            await deliver(interpreter.advance(to: now()))
        }
    }
}
