/// Turns raw button edges into presses: debouncing, long press, repeat and stuck lines
/// (KIOSK-UX.md "Buttons"). Pure: no clock, no I/O.
///
/// Everything is judged on the kernel's edge timestamps, never on when the process read an edge,
/// so a busy process decides exactly as an idle one. Time passing without edges (a press lasting
/// 30 ms, a button held) comes in through ``advance(to:)``: the caller asks again at
/// ``nextDeadline``, on the same monotonic clock as the edges (`CLOCK_MONOTONIC`: libgpiod's
/// default; evdev needs `EVIOCSCLOCKID` set to it). Feed every edge already read before advancing
/// to "now": an edge still waiting in the kernel's queue cannot be taken into account.
///
/// Choices:
/// - A press is reported once the line has been active for ``PressSettings/minimumPress`` (30 ms),
///   not at release: the learner sees a response within 100 ms however long they hold.
/// - 返回 held 3 s gives `.press` at 30 ms and then `.longPress` at 3 s. Acting on back only at
///   release would make every short back wait for the release; going one level up first is harmless
///   because home is where the long press ends anyway, and nothing about either is destructive.
/// - Each input has its own state: two buttons pressed together are two presses.
/// - An edge older than the last edge of its input is out of order: reported and ignored.
public struct PressInterpreter: Sendable {
    /// What the interpreter decided, in timestamp order.
    public enum Output: Sendable, Hashable {
        /// A press, repeat or long press to act on.
        case press(ButtonPress)
        /// A pulse that was not a press: too short, or too soon after the last press.
        case noise(input: String, action: ButtonAction, at: Duration, reason: NoiseReason)
        /// The line has been active for ``PressSettings/stuckAfter``; ignored until released.
        case stuck(input: String, action: ButtonAction, at: Duration)
        /// A stuck line was released and works again.
        case released(input: String, action: ButtonAction, at: Duration)
        /// An edge older than the previous edge of its input; ignored.
        case outOfOrder(ButtonEdge)

        /// The press, if this is one.
        public var press: ButtonPress? {
            if case .press(let press) = self { press } else { nil }
        }
    }

    /// Why a pulse was noise.
    public enum NoiseReason: String, Sendable, Hashable {
        /// Released before ``PressSettings/minimumPress``.
        case tooShort = "too_short"
        /// Started within ``PressSettings/minimumGap`` of the last accepted press's release.
        case tooSoon = "too_soon"
    }

    public let settings: PressSettings
    private var lines: [String: PressLine] = [:]

    public init(settings: PressSettings = PressSettings()) {
        self.settings = settings
    }

    /// One edge, in the order the kernel delivered them for its input.
    public mutating func feed(_ edge: ButtonEdge) -> [Output] {
        var line = lines[edge.input] ?? PressLine(input: edge.input, action: edge.action)
        var outputs: [Output] = []
        if let last = line.lastEdge, edge.timestamp < last {
            return [.outOfOrder(edge)]
        }
        // What happened on this line before the edge comes first.
        line.advance(to: edge.timestamp, settings: settings, into: &outputs)
        line.apply(edge, settings: settings, into: &outputs)
        lines[edge.input] = line
        return outputs
    }

    /// Time has passed up to `now` (monotonic, the edges' clock) without further edges.
    public mutating func advance(to now: Duration) -> [Output] {
        var outputs: [(Duration, Output)] = []
        for input in lines.keys.sorted() {
            var mine: [Output] = []
            lines[input]?.advance(to: now, settings: settings, into: &mine)
            outputs += mine.map { ($0.timestamp ?? now, $0) }
        }
        // Stable: equal timestamps keep the input order.
        return outputs.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .map(\.element.1)
    }

    /// When ``advance(to:)`` next has something to decide; nil while every line is idle.
    public var nextDeadline: Duration? {
        lines.values.compactMap { $0.nextDeadline(settings: settings) }.min()
    }

    /// The inputs currently stuck, for the staff page.
    public var stuckInputs: [String] {
        lines.values.filter(\.stuck).map(\.input).sorted()
    }
}

extension PressInterpreter.Output {
    /// When it happened, by the kernel's clock.
    var timestamp: Duration? {
        switch self {
        case .press(let press): press.timestamp
        case .noise(_, _, let at, _), .stuck(_, _, let at), .released(_, _, let at): at
        case .outOfOrder(let edge): edge.timestamp
        }
    }
}
