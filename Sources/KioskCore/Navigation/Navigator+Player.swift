/// The player and the countdown to the next episode.
extension Navigator {
    /// What plays, as the navigator knows it.
    struct Playing: Sendable, Hashable, Codable {
        var resource: String
        var title: String
        var duration: Int
        var position: Double
        var paused = false
        /// The status bar shows until then (and always while paused).
        var statusUntil: Duration?
        var nextInSeries: String?
        /// After the video ended and a next episode exists.
        var countdown: Countdown?
    }

    /// The 10-second countdown to `next`.
    struct Countdown: Sendable, Hashable, Codable {
        var next: String
        var endsAt: Duration
        /// Whole seconds left, as shown.
        var seconds: Int
    }

    /// The player reports the position (seconds), for the status bar.
    public mutating func positionChanged(_ seconds: Double) {
        playing?.position = seconds
    }

    /// The video reached its end: the next episode after a countdown, otherwise back to the list.
    public mutating func ended(at now: Duration) -> [NavigatorEffect] {
        var effects = advance(to: now)
        guard var current = playing, current.countdown == nil else { return effects }
        effects.append(.stop)
        guard let next = current.nextInSeries else { return effects + leavePlayer() }
        current.position = Double(current.duration)
        current.paused = false
        current.statusUntil = nil
        current.countdown = Countdown(
            next: next, endsAt: self.now + .seconds(Self.countdownSeconds), seconds: Self.countdownSeconds)
        playing = current
        return effects
    }

    /// The player could not play (a missing file, a decoder error): back to the list, never an error screen.
    public mutating func playbackFailed(at now: Duration) -> [NavigatorEffect] {
        var effects = advance(to: now)
        guard let current = playing else { return effects }
        if current.countdown == nil { effects.append(.stop) }
        return effects + leavePlayer()
    }

    mutating func pressInPlayer(_ action: ButtonAction) -> [NavigatorEffect] {
        guard var current = playing else { return [] }
        if current.countdown != nil {
            switch action {
            case .back: return leavePlayer()  // cancel: back to the list
            case .ok: return playNext()  // now, without waiting
            default: return []
            }
        }
        let effects: [NavigatorEffect]
        switch action {
        case .previous:
            current.position = max(0, current.position - Self.seekSeconds)
            effects = [.seek(by: -Self.seekSeconds)]
        case .next:
            current.position = min(Double(current.duration), current.position + Self.seekSeconds)
            effects = [.seek(by: Self.seekSeconds)]
        case .ok:
            current.paused.toggle()
            effects = [.togglePause]
        case .back:
            return [.stop] + leavePlayer()
        default:
            return []
        }
        playing = current
        showStatus()
        return effects
    }

    mutating func showStatus() {
        playing?.statusUntil = now + Self.statusTime
    }

    /// Back to the list with the focus on what played; home is refreshed (继续观看 changed).
    mutating func leavePlayer() -> [NavigatorEffect] {
        guard let played = playing?.resource else { return [] }
        playing = nil
        guard !stack.isEmpty else { return goHome() }
        stack[stack.count - 1].focus(on: played)
        guard stack.count == 1 else { return [] }
        waiting = .home
        return [.load(.home)]
    }

    /// The countdown ran out, or 确定 during it: the list (focus on what played), then the next episode.
    mutating func playNext() -> [NavigatorEffect] {
        guard let current = playing, let next = current.countdown?.next else { return [] }
        playing = nil
        if !stack.isEmpty {
            stack[stack.count - 1].focus(on: current.resource)
        }
        waiting = .resource(next)
        waitingStart = 0
        return [.load(.resource(next))]
    }
}
