import Foundation
import KioskCore
import Logging
import ServiceLifecycle
import Synchronization

/// The button sources' first reports (`ready` or `error`) for `yinling doctor`: from the running
/// service over the control socket, or from the sources opened here for up to `seconds` and closed.
struct ButtonProbe: Sendable {
    let configuration: KioskConfiguration
    let serviceRuns: Bool
    var seconds = 3

    func reports() async -> [ButtonReport] {
        let collected = Mutex<[ButtonReport]>([])
        let note: @Sendable (ButtonReport) -> Void = { report in
            guard report.kind == "ready" || report.kind == "error" else { return }
            collected.withLock { $0.append(report) }
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listen(note) }
            group.addTask { try? await Task.sleep(for: .seconds(seconds)) }
            await group.next()
            group.cancelAll()
        }
        return collected.withLock { $0 }
    }

    private func listen(_ note: @escaping @Sendable (ButtonReport) -> Void) async {
        if serviceRuns, let client = ControlClient.connect(configuration.controlSocketPath) {
            // The service sends what it remembers (ready, problems) at once, then only presses.
            try? await client.follow("/v1/buttons", quietSeconds: 2) { line in
                if let report = try? JSONDecoder().decode(ButtonReport.self, from: line) { note(report) }
                return !Task.isCancelled
            }
            return
        }
        let sources: [any ButtonSource]
        do {
            sources = try configuration.buttonSources()
        } catch {
            note(
                ButtonReport(
                    kind: "error", input: configuration.buttons.chip, action: "", at: .zero, detail: "\(error)"))
            return
        }
        let buttons = ButtonService(
            sources: sources, settings: configuration.pressSettings,
            logger: Logger(label: "doctor") { _ in
                SwiftLogNoOpLogHandler()
            }, onPress: { _ in })
        let reports = await buttons.watch()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                let services = ServiceGroup(services: [buttons], logger: Logger(label: "doctor"))
                try? await services.run()
            }
            for await report in reports { note(report) }
        }
    }
}
