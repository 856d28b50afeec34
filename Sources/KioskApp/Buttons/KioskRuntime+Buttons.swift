import KioskCore
import KioskInput

extension KioskRuntime {
    /// The button sources the configuration names (``KioskConfiguration/buttonSources()``).
    func buttonSources() throws -> [any ButtonSource] {
        try configuration.buttonSources()
    }
}

extension KioskConfiguration {
    /// The button sources named here: the GPIO lines of `[buttons]` when `enabled`, and the keypads
    /// and remotes of `keypad_devices`.
    func buttonSources() throws -> [any ButtonSource] {
        let keys = EvdevKeys.map(overrides: buttons.keys)
        var sources: [any ButtonSource] = buttons.keypadDevices.map { EvdevButtonSource(path: $0, keys: keys) }
        if buttons.enabled {
            do {
                sources.insert(
                    try GPIODButtonSource(
                        chip: buttons.chip, lines: buttons.lines, activeLow: buttons.activeLow, bias: buttons.bias),
                    at: 0)
            } catch {
                throw AppError("\(error)")
            }
        }
        return sources
    }

    /// `[buttons] min_press_ms` and `min_gap_ms` for the press interpreter.
    var pressSettings: PressSettings {
        PressSettings(
            minimumPressMilliseconds: buttons.minimumPressMilliseconds,
            minimumGapMilliseconds: buttons.minimumGapMilliseconds)
    }
}
