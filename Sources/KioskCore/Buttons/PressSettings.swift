/// The numbers the ``PressInterpreter`` judges presses by (KIOSK-UX.md "Buttons").
public struct PressSettings: Sendable, Hashable {
    /// A press shorter than this is noise; a longer one is reported as soon as it lasted this long
    /// (`buttons.min_press_ms`, 30 ms).
    public var minimumPress: Duration
    /// A press that starts within this of the release of the last accepted press on the same input
    /// is noise: it catches release bounce and tremor double presses (`buttons.min_gap_ms`, 150 ms).
    public var minimumGap: Duration
    /// Held this long, a button also gives one long press (返回: home).
    public var longPress: Duration
    /// The actions that give a long press.
    public var longPressActions: Set<ButtonAction>
    /// Held this long from its start, a repeating button gives its first repeat...
    public var repeatDelay: Duration
    /// ... then one every this long: 250 ms is 4 per second, the most KIOSK-UX.md allows.
    public var repeatInterval: Duration
    /// The actions that repeat while held: previous and next, never OK.
    public var repeatingActions: Set<ButtonAction>
    /// Active this long, a line is stuck: reported once and ignored until it is released.
    public var stuckAfter: Duration

    public init(
        minimumPress: Duration = .milliseconds(30), minimumGap: Duration = .milliseconds(150),
        longPress: Duration = .seconds(3), longPressActions: Set<ButtonAction> = [.back],
        repeatDelay: Duration = .milliseconds(600), repeatInterval: Duration = .milliseconds(250),
        repeatingActions: Set<ButtonAction> = [.previous, .next], stuckAfter: Duration = .seconds(60)
    ) {
        self.minimumPress = minimumPress
        self.minimumGap = minimumGap
        self.longPress = longPress
        self.longPressActions = longPressActions
        self.repeatDelay = repeatDelay
        // Never faster than 4 per second, whatever a caller asks for.
        self.repeatInterval = max(repeatInterval, .milliseconds(250))
        self.repeatingActions = repeatingActions.subtracting([.ok])
        self.stuckAfter = stuckAfter
    }

    /// From the configuration's `buttons.min_press_ms` and `buttons.min_gap_ms`.
    public init(minimumPressMilliseconds: Int, minimumGapMilliseconds: Int) {
        self.init(
            minimumPress: .milliseconds(minimumPressMilliseconds), minimumGap: .milliseconds(minimumGapMilliseconds))
    }
}
