/// Time passing: the status bar hides, the countdown counts, home is asked for again.
extension Navigator {
    /// How long to wait before asking the catalog for home again when it did not answer.
    static let homeRetry = Duration.seconds(3)

    /// Time has passed up to `now` (monotonic, the buttons' clock).
    public mutating func advance(to time: Duration) -> [NavigatorEffect] {
        now = max(now, time)
        if let until = volumeShownUntil, until <= now {
            volumeShownUntil = nil
        }
        if let until = playing?.statusUntil, until <= now {
            playing?.statusUntil = nil
        }
        if let retry = homeRetryAt, retry <= now {
            homeRetryAt = nil
            return goHome()
        }
        guard let countdown = playing?.countdown else { return [] }
        let left = countdown.endsAt - now
        guard left > .zero else { return playNext() }
        let (seconds, attoseconds) = left.components
        playing?.countdown?.seconds = Int(seconds) + (attoseconds > 0 ? 1 : 0)
        return []
    }

    /// When ``advance(to:)`` next has something to do; nil while only a button can change the screen.
    public var nextDeadline: Duration? {
        var deadlines = [volumeShownUntil, playing?.statusUntil, homeRetryAt].compactMap { $0 }
        if let countdown = playing?.countdown {
            deadlines.append(countdown.endsAt - .seconds(max(0, countdown.seconds - 1)))
        }
        return deadlines.min()
    }
}
