import KioskCore

/// Linux input key codes (`linux/input-event-codes.h`) that keypads and remotes send, and what they
/// mean to the kiosk by default. The configuration's `[buttons.keys]` can map others.
public enum EvdevKeys {
    /// Names a configuration may use, and their codes.
    public static let codes: [String: UInt16] = [
        "KEY_ESC": 1, "KEY_BACKSPACE": 14, "KEY_ENTER": 28, "KEY_SPACE": 57, "KEY_KPENTER": 96,
        "KEY_HOME": 102, "KEY_UP": 103, "KEY_PAGEUP": 104, "KEY_LEFT": 105, "KEY_RIGHT": 106,
        "KEY_DOWN": 108, "KEY_PAGEDOWN": 109, "KEY_VOLUMEDOWN": 114, "KEY_VOLUMEUP": 115, "KEY_BACK": 158,
        "KEY_HOMEPAGE": 172, "KEY_OK": 352, "KEY_SELECT": 353, "KEY_NEXT": 407, "KEY_PREVIOUS": 412,
        "KEY_KP4": 75, "KEY_KP6": 77, "KEY_KP5": 76, "KEY_KP0": 82,
        "KEY_F1": 59, "KEY_F2": 60, "KEY_F3": 61, "KEY_F4": 62, "KEY_F5": 63, "KEY_F6": 64, "KEY_F7": 65,
        "KEY_F8": 66, "KEY_F9": 67, "KEY_F10": 68, "KEY_F11": 87, "KEY_F12": 88,
    ]

    /// Arrows, Enter/OK, Esc/Back, Home and volume, as keyboards, number pads and TV remotes send them.
    public static let defaults: [UInt16: ButtonAction] = {
        let names: [String: ButtonAction] = [
            "KEY_LEFT": .previous, "KEY_UP": .previous, "KEY_PAGEUP": .previous, "KEY_PREVIOUS": .previous,
            "KEY_KP4": .previous,
            "KEY_RIGHT": .next, "KEY_DOWN": .next, "KEY_PAGEDOWN": .next, "KEY_NEXT": .next, "KEY_KP6": .next,
            "KEY_ENTER": .ok, "KEY_KPENTER": .ok, "KEY_OK": .ok, "KEY_SELECT": .ok, "KEY_SPACE": .ok, "KEY_KP5": .ok,
            "KEY_ESC": .back, "KEY_BACKSPACE": .back, "KEY_BACK": .back, "KEY_KP0": .back,
            "KEY_HOME": .home, "KEY_HOMEPAGE": .home,
            "KEY_VOLUMEUP": .volumeUp, "KEY_VOLUMEDOWN": .volumeDown,
        ]
        var map: [UInt16: ButtonAction] = [:]
        for (name, action) in names { if let code = codes[name] { map[code] = action } }
        return map
    }()

    /// The code of a key name: a known name, or `KEY_<number>` for any other key.
    public static func code(named name: String) -> UInt16? {
        if let code = codes[name] { return code }
        guard name.hasPrefix("KEY_"), let number = UInt16(name.dropFirst(4)), number < 0x300 else { return nil }
        return number
    }

    /// The built-in map with a configuration's `[buttons.keys]` on top (`none` removes a key).
    public static func map(overrides: [String: String]) -> [UInt16: ButtonAction] {
        var map = defaults
        for (name, action) in overrides {
            guard let code = code(named: name) else { continue }
            map[code] = ButtonAction(rawValue: action)
        }
        return map
    }

    /// The name of a code, for messages (`KEY_ENTER`, or `KEY_28` when unnamed).
    public static func name(of code: UInt16) -> String {
        codes.first { $0.value == code }?.key ?? "KEY_\(code)"
    }
}
