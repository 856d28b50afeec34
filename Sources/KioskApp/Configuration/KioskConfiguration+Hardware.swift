import KioskCore
import KioskInput
import TOMLKit

extension KioskConfiguration {
    mutating func readButtonsPlayerUpload(_ root: TOMLTable) throws(ConfigurationError) {
        var reader = try ConfigReader(root: root, section: "buttons")
        buttons.enabled = try reader.bool("enabled", default: buttons.enabled)
        buttons.chip = try reader.string("chip", default: buttons.chip)
        buttons.activeLow = try reader.bool("active_low", default: buttons.activeLow)
        buttons.bias = try reader.string(
            "bias", default: buttons.bias, allowed: ["pull-up", "pull-down", "disabled", "as-is"])
        buttons.minimumPressMilliseconds = try reader.int(
            "min_press_ms", default: buttons.minimumPressMilliseconds, range: 0...1000)
        buttons.minimumGapMilliseconds = try reader.int(
            "min_gap_ms", default: buttons.minimumGapMilliseconds, range: 0...2000)
        buttons.keypadDevices = try reader.strings("keypad_devices")
        buttons.sound = try reader.bool("sound", default: buttons.sound)
        var lines = try reader.subsection("lines")
        for action in buttons.lines.keys.sorted() {
            buttons.lines[action] = try lines.int(action, default: buttons.lines[action] ?? -1, range: -1...1023)
        }
        try lines.rejectUnknownKeys()
        let wired = buttons.lines.filter { $0.value >= 0 }
        if let offset = Dictionary(grouping: wired, by: \.value).first(where: { $0.value.count > 1 }) {
            let names = offset.value.map(\.key).sorted().joined(separator: " and ")
            throw ConfigurationError(key: "buttons.lines", "\(names) are both on line \(offset.key)")
        }
        var keys = try reader.subsection("keys")
        for name in keys.allKeys {
            guard EvdevKeys.code(named: name) != nil else {
                throw ConfigurationError(
                    key: keys.name(name),
                    "is not a key name such as KEY_ENTER, KEY_F1 or KEY_123 (linux/input-event-codes.h)")
            }
            buttons.keys[name] = try keys.string(
                name, default: "", allowed: ButtonAction.allCases.map(\.rawValue) + ["none"])
        }
        try reader.rejectUnknownKeys(subsections: ["lines", "keys"])

        reader = try ConfigReader(root: root, section: "player")
        player.kind = try reader.string("kind", default: player.kind, allowed: ["browser", "mpv"])
        player.mpvSocket = try reader.string("mpv_socket", default: player.mpvSocket)
        player.startMPV = try reader.bool("start_mpv", default: player.startMPV)
        player.mpvArguments = try reader.strings("mpv_arguments")
        player.nextEpisodeCountdownSeconds = try reader.int(
            "next_episode_countdown", default: player.nextEpisodeCountdownSeconds, range: 0...120)
        try reader.rejectUnknownKeys()

        try readUpload(root)
    }
}
