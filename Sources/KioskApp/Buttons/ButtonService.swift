import Foundation
import KioskCore
import KioskInput
import Logging
import ServiceLifecycle

/// The buttons inside `yinling serve`: every configured source's edges go through one press
/// interpreter (``ButtonDecoder``, on the kernel's timestamps) to the TV's navigator; staff can
/// watch the decoded presses (`yinling buttons`, the staff page).
///
/// A source that cannot open (a missing chip, a busy line, an unplugged keypad) is reported once
/// in plain words; the menu keeps working with the others and the TV page's keyboard.
public actor ButtonService: Service {
    private let decoder: ButtonDecoder
    private let onPress: @Sendable (ButtonPress) async -> Void
    private let logger: Logger
    private let now: @Sendable () -> Duration
    let reports = Subscribers<ButtonReport>()

    public init(
        sources: [any ButtonSource], settings: PressSettings, logger: Logger,
        now: @escaping @Sendable () -> Duration = MonotonicClock.now,
        onPress: @escaping @Sendable (ButtonPress) async -> Void
    ) {
        self.decoder = ButtonDecoder(sources: sources, settings: settings, now: now)
        self.onPress = onPress
        self.logger = logger
        self.now = now
    }

    /// Decoded presses and diagnostics from now on.
    public func watch() -> AsyncStream<ButtonReport> {
        reports.subscribe(
            current: ButtonReport(
                kind: "ready", input: decoder.sources.map(\.name).joined(separator: ", "), action: "", at: now()))
    }

    public func run() async throws {
        guard !decoder.sources.isEmpty else { return try await gracefulShutdown() }
        await cancelWhenGracefulShutdown {
            await self.decoder.run { event in
                await self.handle(event)
                return true
            }
        }
        reports.finish()
    }

    private func handle(_ event: ButtonDecoder.Event) async {
        switch event {
        case .edge(_, let outputs), .decided(let outputs):
            for output in outputs { await deliver(output) }
        case .failed(let source, let error):
            logger.error("buttons: \(source) does not work: \(error); the other buttons and the keyboard still do")
            reports.yield(ButtonReport(kind: "error", input: source, action: "", at: now(), detail: "\(error)"))
        }
    }

    private func deliver(_ output: PressInterpreter.Output) async {
        reports.yield(ButtonReport(output))
        if case .press(let press) = output { await onPress(press) }
        if case .stuck(let input, _, _) = output {
            logger.warning(
                "buttons: \(input) has been pressed for a minute; ignored until it is released (check the wiring)")
        }
    }
}
