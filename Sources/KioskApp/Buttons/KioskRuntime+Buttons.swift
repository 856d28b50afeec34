import KioskCore
import KioskInput

extension KioskRuntime {
    /// The button sources the configuration names: the keypads and remotes of
    /// `[buttons] keypad_devices` (GPIO lines come with `[buttons] enabled`).
    func buttonSources() -> [any ButtonSource] {
        let keys = EvdevKeys.map(overrides: configuration.buttons.keys)
        return configuration.buttons.keypadDevices.map { EvdevButtonSource(path: $0, keys: keys) }
    }
}

extension KioskConfiguration {
    /// `[buttons] min_press_ms` and `min_gap_ms` for the press interpreter.
    var pressSettings: PressSettings {
        PressSettings(
            minimumPressMilliseconds: buttons.minimumPressMilliseconds,
            minimumGapMilliseconds: buttons.minimumGapMilliseconds)
    }
}
