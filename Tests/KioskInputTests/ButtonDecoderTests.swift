import KioskCore
import KioskInput
import Synchronization
import Testing

/// The decoding loop shared by `yinling serve`, `yinling buttons` and the GPIO probe, with scripted
/// sources and an injected clock (the real sources are tested with a FIFO and in the gpio-sim VM).
@Suite struct ButtonDecoderTests {
    /// Edges from a list, then open until cancelled (as a device is); or an error at once.
    struct ScriptedSource: ButtonSource {
        var name: String
        var script: [ButtonEdge]
        var failure: InputError?

        func edges() -> AsyncThrowingStream<ButtonEdge, any Error> {
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: ButtonEdge.self)
            if let failure {
                continuation.finish(throwing: failure)
            } else {
                script.forEach { continuation.yield($0) }
            }
            return stream
        }
    }

    final class Events: Sendable {
        let list = Mutex<[ButtonDecoder.Event]>([])
        func append(_ event: ButtonDecoder.Event) -> Int {
            list.withLock {
                $0.append(event); return $0.count
            }
        }
        var reports: [ButtonReport] {
            list.withLock { events in
                events.flatMap { event -> [ButtonReport] in
                    switch event {
                    case .edge(_, let outputs), .decided(let outputs): outputs.map(ButtonReport.init)
                    case .failed(let source, _): [ButtonReport(kind: "error", input: source, action: "", at: .zero)]
                    }
                }
            }
        }
    }

    static func edge(_ action: ButtonAction, _ pressed: Bool, ms: Int64) -> ButtonEdge {
        ButtonEdge(input: "chip:\(action)", action: action, pressed: pressed, timestamp: .milliseconds(ms))
    }

    @Test func decidesOnKernelTimesAndStopsWhenTheHandlerSaysSo() async {
        // ok pressed 200 ms; back held 3.5 s: press, then long press. The process reads them late:
        // "now" is already past them all, and the decisions still follow the kernel's times.
        let source = ScriptedSource(
            name: "scripted",
            script: [
                Self.edge(.ok, true, ms: 1000), Self.edge(.ok, false, ms: 1200), Self.edge(.back, true, ms: 2000),
                Self.edge(.back, false, ms: 5500),
            ])
        let events = Events()
        let decoder = ButtonDecoder(sources: [source], settings: PressSettings(), now: { .seconds(6) })
        await decoder.run { event in
            guard case .edge(let edge, _) = event else { return events.append(event) > 0 }
            _ = events.append(event)
            return edge.timestamp < .milliseconds(5500)  // stop after the last edge's decisions
        }
        let reports = events.reports.map { "\($0.action) \($0.kind) \($0.milliseconds)" }
        #expect(reports == ["ok press 1030", "back press 2030", "back long_press 5000"])
    }

    @Test func aFailingSourceIsReportedAndTheOthersGoOn() async {
        let broken = ScriptedSource(
            name: "broken", script: [], failure: InputError(.open, "/dev/input/event9: no such device"))
        let working = ScriptedSource(
            name: "working", script: [Self.edge(.next, true, ms: 100), Self.edge(.next, false, ms: 300)])
        let events = Events()
        let decoder = ButtonDecoder(sources: [broken, working], settings: PressSettings(), now: { .seconds(1) })
        await decoder.run { event in
            _ = events.append(event)
            let seen = events.reports.map { "\($0.input) \($0.kind)" }
            return !(seen.contains("broken error") && seen.contains("chip:next press"))
        }
        let reports = events.reports.map { "\($0.input) \($0.kind)" }
        #expect(reports.contains("broken error"))
        #expect(reports.contains("chip:next press"))
    }
}
