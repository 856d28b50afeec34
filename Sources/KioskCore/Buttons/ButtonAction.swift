/// What a button means to the kiosk (KIOSK-UX.md "Buttons"), whichever device it came from.
public enum ButtonAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// 上一个: previous item; back 30 s in the player.
    case previous
    /// 下一个: next item; forward 30 s in the player.
    case next
    /// 确定: open, play, pause/resume.
    case ok
    /// 返回: one level up; stop and return in the player. Held ≥ 3 s: home.
    case back
    /// 主页 (optional).
    case home
    /// 音量+ / 音量- (optional).
    case volumeUp = "volume_up"
    case volumeDown = "volume_down"
}

/// One raw change of a button's state as the kernel reported it, before debouncing.
///
/// `timestamp` is the kernel's event time (libgpiod's line event timestamp, evdev's `input_event`
/// time), on the monotonic clock, not when the process read it: bounce and long presses are judged
/// on it.
public struct ButtonEdge: Sendable, Hashable {
    /// Which input: `gpiochip0:17`, `/dev/input/event3:KEY_ENTER`, `keyboard`.
    public var input: String
    public var action: ButtonAction
    /// true: pressed (went active); false: released.
    public var pressed: Bool
    /// Kernel monotonic time of the edge.
    public var timestamp: Duration

    public init(input: String, action: ButtonAction, pressed: Bool, timestamp: Duration) {
        self.input = input
        self.action = action
        self.pressed = pressed
        self.timestamp = timestamp
    }
}

/// A press after debouncing: what the navigator acts on.
public struct ButtonPress: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A short press (acted on at press time, so the response is immediate).
        case press
        /// A held previous/next repeating (at most 4 per second).
        case `repeat`
        /// Held ≥ 3 s (返回: home).
        case longPress = "long_press"
    }

    public var input: String
    public var action: ButtonAction
    public var kind: Kind
    /// Kernel monotonic time the press (or repeat, or long press) was decided at.
    public var timestamp: Duration

    public init(input: String, action: ButtonAction, kind: Kind, timestamp: Duration) {
        self.input = input
        self.action = action
        self.kind = kind
        self.timestamp = timestamp
    }
}

/// A device that produces button edges: GPIO lines (libgpiod), Linux input devices (evdev), the TV
/// page's keyboard. Implementations are named by mechanism (`GPIODButtonSource`, `EvdevButtonSource`).
public protocol ButtonSource: Sendable {
    /// For staff messages: `GPIO gpiochip0 lines 17, 27, 22, 23`.
    var name: String { get }
    /// Edges until the task is cancelled; a source that cannot open its device throws at once with
    /// a message naming it (the chip, the line, the device path).
    func edges() -> AsyncThrowingStream<ButtonEdge, any Error>
}
