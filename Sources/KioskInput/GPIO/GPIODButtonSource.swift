import Foundation
import KioskCore
import Logging
import Synchronization

/// Push buttons on GPIO lines, read with libgpiod's edge events (no polling: an idle kiosk uses no CPU).
///
/// Each call to `edges()` requests the lines on a thread of its own, which waits for edges at most
/// `waitTimeout` at a time so that cancelling the stream releases the lines promptly. The edges carry the
/// kernel's monotonic timestamps; debouncing happens downstream.
public struct GPIODButtonSource: ButtonSource {
    /// Bias of an input line, as `[buttons] bias` spells it.
    public enum Bias: String, Sendable, Hashable, CaseIterable {
        case asIs = "as-is"
        case disabled
        case pullUp = "pull-up"
        case pullDown = "pull-down"
    }

    /// One wired button.
    public struct Line: Sendable, Hashable {
        public var offset: UInt32
        public var action: ButtonAction
        public var activeLow: Bool
        public var bias: Bias

        public init(offset: UInt32, action: ButtonAction, activeLow: Bool = true, bias: Bias = .pullUp) {
            self.offset = offset
            self.action = action
            self.activeLow = activeLow
            self.bias = bias
        }
    }

    /// The chip by name (`gpiochip0`, under /dev) or path.
    public var chip: String
    public var lines: [Line]
    /// The consumer name `gpioinfo` shows for the requested lines.
    public var consumer: String
    /// The longest a wait blocks before the thread checks for cancellation.
    public var waitTimeout: Duration
    private let logger: Logger

    public init(
        chip: String, lines: [Line], consumer: String = "yinling", waitTimeout: Duration = .milliseconds(200),
        logger: Logger = Logger(label: "yinling.buttons.gpio")
    ) {
        self.chip = chip
        self.lines = lines
        self.consumer = consumer
        self.waitTimeout = waitTimeout
        self.logger = logger
    }

    /// The `[buttons]` form: action name → offset (-1: not wired), one active-low and bias for all lines.
    public init(
        chip: String, lines: [String: Int], activeLow: Bool, bias: String, consumer: String = "yinling",
        logger: Logger = Logger(label: "yinling.buttons.gpio")
    ) throws(GPIODError) {
        guard let bias = Bias(rawValue: bias) else {
            let known = Bias.allCases.map(\.rawValue).joined(separator: ", ")
            throw GPIODError(
                code: .configuration, chip: chip, message: "[buttons] bias \"\(bias)\" is not one of \(known)")
        }
        var wired: [Line] = []
        for (name, offset) in lines.sorted(by: { $0.key < $1.key }) where offset >= 0 {
            guard let action = ButtonAction(rawValue: name) else {
                throw GPIODError(code: .configuration, chip: chip, message: "[buttons] lines: no button \"\(name)\"")
            }
            guard let offset = UInt32(exactly: offset), !wired.contains(where: { $0.offset == offset }) else {
                throw GPIODError(
                    code: .configuration, chip: chip, line: UInt32(exactly: offset),
                    message: "[buttons] lines: line \(offset) is wired to two buttons")
            }
            wired.append(Line(offset: offset, action: action, activeLow: activeLow, bias: bias))
        }
        guard !wired.isEmpty else {
            throw GPIODError(code: .configuration, chip: chip, message: "[buttons] lines: no button is wired")
        }
        self.init(chip: chip, lines: wired.sorted { $0.offset < $1.offset }, consumer: consumer, logger: logger)
    }

    public var name: String {
        "GPIO \(chip) lines \(lines.map { String($0.offset) }.joined(separator: ", "))"
    }

    /// The libgpiod this build uses: generation 1 (1.6) or 2 (2.x), and its version string.
    public static var library: (generation: Int, version: String) { GPIODLines.library }

    public func edges() -> AsyncThrowingStream<ButtonEdge, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ButtonEdge.self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let thread = Thread { [self] in
            run(continuation, stop: stop)
        }
        thread.name = "gpio \(chip)"
        thread.start()
        return stream
    }

    /// The thread's body: request, wait and read until cancelled; any failure ends the stream with it.
    private func run(_ continuation: AsyncThrowingStream<ButtonEdge, any Error>.Continuation, stop: StopFlag) {
        let actions = Dictionary(lines.map { ($0.offset, $0.action) }, uniquingKeysWith: { first, _ in first })
        do {
            let settings = lines.map {
                GPIODLines.LineSettings(offset: $0.offset, activeLow: $0.activeLow, bias: $0.bias)
            }
            let requested = try GPIODLines(chip: chip, lines: settings, consumer: consumer)
            logger.info("buttons ready", metadata: ["source": "\(name)"])
            while !stop.isSet {
                guard try requested.wait(timeout: waitTimeout) else { continue }
                for event in try requested.read() {
                    guard let action = actions[event.offset] else { continue }
                    let edge = ButtonEdge(
                        input: "\(chip):\(event.offset)", action: action, pressed: event.rising,
                        timestamp: .nanoseconds(Int64(clamping: event.timestampNanoseconds)))
                    continuation.yield(edge)
                }
            }
            continuation.finish()
        } catch {
            continuation.finish(throwing: error)
        }
    }
}
