/// One input's state inside the ``PressInterpreter``.
struct PressLine: Sendable {
    let input: String
    var action: ButtonAction
    /// When the current activity started; nil while released.
    var activeSince: Duration?
    /// The current activity was accepted as a press.
    var accepted = false
    /// The current activity was rejected (too soon); it stays ignored until released.
    var rejected = false
    var repeats = 0
    var longPressed = false
    var stuck = false
    /// Release of the last accepted press: the gap rule counts from it.
    var lastAcceptedRelease: Duration?
    var lastEdge: Duration?

    init(input: String, action: ButtonAction) {
        self.input = input
        self.action = action
    }

    /// The next moment something is decided for this line, or nil.
    func nextDeadline(settings: PressSettings) -> Duration? {
        guard let start = activeSince, !stuck else { return nil }
        var candidates = [start + settings.stuckAfter]
        if !accepted && !rejected {
            candidates.append(start + settings.minimumPress)
        }
        if accepted && settings.longPressActions.contains(action) && !longPressed {
            candidates.append(start + settings.longPress)
        }
        if accepted && settings.repeatingActions.contains(action) {
            candidates.append(start + settings.repeatDelay + settings.repeatInterval * repeats)
        }
        return candidates.min()
    }

    /// Decides every deadline up to and including `now`, in order.
    mutating func advance(to now: Duration, settings: PressSettings, into outputs: inout [PressInterpreter.Output]) {
        while let deadline = nextDeadline(settings: settings), deadline <= now {
            decide(at: deadline, settings: settings, into: &outputs)
        }
    }

    private mutating func decide(
        at time: Duration, settings: PressSettings, into outputs: inout [PressInterpreter.Output]
    ) {
        guard let start = activeSince else { return }
        if time >= start + settings.stuckAfter {
            stuck = true
            outputs.append(.stuck(input: input, action: action, at: time))
            return
        }
        if !accepted && !rejected {
            if let release = lastAcceptedRelease, start - release < settings.minimumGap {
                rejected = true
                outputs.append(.noise(input: input, action: action, at: time, reason: .tooSoon))
            } else {
                accepted = true
                outputs.append(press(.press, at: time))
            }
            return
        }
        if settings.longPressActions.contains(action) && !longPressed && time >= start + settings.longPress {
            longPressed = true
            outputs.append(press(.longPress, at: time))
        }
        if settings.repeatingActions.contains(action)
            && time >= start + settings.repeatDelay + settings.repeatInterval * repeats
        {
            repeats += 1
            outputs.append(press(.repeat, at: time))
        }
    }

    /// An edge at or after every decision before it.
    mutating func apply(_ edge: ButtonEdge, settings: PressSettings, into outputs: inout [PressInterpreter.Output]) {
        lastEdge = edge.timestamp
        if edge.pressed {
            // A second press edge without a release between (a lost edge) continues the activity.
            guard activeSince == nil else { return }
            action = edge.action
            activeSince = edge.timestamp
            accepted = false
            rejected = false
            repeats = 0
            longPressed = false
            return
        }
        guard activeSince != nil else { return }
        if stuck {
            outputs.append(.released(input: input, action: action, at: edge.timestamp))
        } else if accepted {
            lastAcceptedRelease = edge.timestamp
        } else if !rejected {
            outputs.append(.noise(input: input, action: action, at: edge.timestamp, reason: .tooShort))
        }
        activeSince = nil
        accepted = false
        rejected = false
        stuck = false
    }

    private func press(_ kind: ButtonPress.Kind, at time: Duration) -> PressInterpreter.Output {
        .press(ButtonPress(input: input, action: action, kind: kind, timestamp: time))
    }
}
