import KioskCore

/// Reads several button sources and decodes their edges with one ``PressInterpreter``, on the
/// kernel's clock: what `yinling serve`, `yinling buttons` and the GPIO probe all run.
///
/// Edges are judged by their kernel timestamps; time passing without edges (a press lasting
/// 30 ms, a repeat, a long press, a stuck line) is decided by waking at the interpreter's next
/// deadline, and at no other time: with no button held, nothing wakes up.
public actor ButtonDecoder {
    /// What the decoder saw and decided, in order.
    public enum Event: Sendable {
        /// An edge as the kernel reported it, with what the interpreter decided at it.
        case edge(ButtonEdge, [PressInterpreter.Output])
        /// What the passing of time decided.
        case decided([PressInterpreter.Output])
        /// A source that could not open, or stopped working; the others go on.
        case failed(source: String, error: any Error)
    }

    public nonisolated let sources: [any ButtonSource]
    private var interpreter: PressInterpreter
    private let now: @Sendable () -> Duration
    private let alarm = Alarm()
    private var stopped = false

    public init(
        sources: [any ButtonSource], settings: PressSettings,
        now: @escaping @Sendable () -> Duration = MonotonicClock.now
    ) {
        self.sources = sources
        self.interpreter = PressInterpreter(settings: settings)
        self.now = now
    }

    /// Reads every source until the task is cancelled or `handle` returns false.
    public func run(_ handle: @escaping @Sendable (Event) async -> Bool) async {
        await withTaskGroup(of: Bool.self) { group in
            for source in sources {
                group.addTask {
                    await self.read(source, handle)
                    return false
                }
            }
            group.addTask {
                await self.keepTime(handle)
                return true
            }
            // A source ending (an error) leaves the others running; the clock ends only on a stop.
            while let clockEnded = await group.next(), !clockEnded {}
            group.cancelAll()
        }
    }

    private func read(_ source: any ButtonSource, _ handle: @Sendable (Event) async -> Bool) async {
        do {
            for try await edge in source.edges() {
                let outputs = interpreter.feed(edge)
                alarm.ring()  // the edge may have moved the next deadline
                await deliver(.edge(edge, outputs), handle)
                if stopped { return }
            }
        } catch {
            await deliver(.failed(source: source.name, error: error), handle)
        }
    }

    private func keepTime(_ handle: @Sendable (Event) async -> Bool) async {
        while !Task.isCancelled, !stopped {
            await alarm.sleep(for: interpreter.nextDeadline.map { max(.zero, $0 - now()) })
            let outputs = interpreter.advance(to: now())
            if !outputs.isEmpty { await deliver(.decided(outputs), handle) }
        }
    }

    private func deliver(_ event: Event, _ handle: @Sendable (Event) async -> Bool) async {
        guard !stopped else { return }
        if await !handle(event) {
            stopped = true
            alarm.ring()
        }
    }
}
