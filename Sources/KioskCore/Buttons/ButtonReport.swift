import Foundation

/// One line of `yinling buttons`: what the press interpreter made of the wiring, for staff.
public struct ButtonReport: Sendable, Hashable, Codable {
    /// `press`, `repeat`, `long_press`, `noise`, `stuck`, `released`, `error`.
    public var kind: String
    /// `gpiochip0:17`, `/dev/input/event3:KEY_ENTER`, `keyboard`.
    public var input: String
    public var action: String
    /// Kernel monotonic time, milliseconds.
    public var milliseconds: Int64
    /// For noise: why; for errors: the message.
    public var detail: String?

    public init(_ output: PressInterpreter.Output) {
        switch output {
        case .press(let press):
            self.init(kind: press.kind.rawValue, input: press.input, action: press.action.rawValue, at: press.timestamp)
        case .noise(let input, let action, let at, let reason):
            self.init(kind: "noise", input: input, action: action.rawValue, at: at, detail: reason.rawValue)
        case .stuck(let input, let action, let at):
            self.init(
                kind: "stuck", input: input, action: action.rawValue, at: at,
                detail: "active for a minute; ignored until released")
        case .released(let input, let action, let at):
            self.init(kind: "released", input: input, action: action.rawValue, at: at)
        case .outOfOrder(let edge):
            self.init(
                kind: "noise", input: edge.input, action: edge.action.rawValue, at: edge.timestamp,
                detail: "out of order")
        }
    }

    public init(kind: String, input: String, action: String, at time: Duration, detail: String? = nil) {
        self.kind = kind
        self.input = input
        self.action = action
        let (seconds, attoseconds) = time.components
        self.milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        self.detail = detail
    }

    /// One line of JSON (sorted keys), as `yinling buttons --json` and the GPIO probe print it.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    /// `  12.345 s  gpiochip0:22  ok  press` for a terminal.
    public var line: String {
        let seconds = Double(milliseconds) / 1000
        return "\(String(format: "%10.3f", seconds)) s  \(input)  \(action)  \(kind)"
            + (detail.map { "  (\($0))" } ?? "")
    }
}
