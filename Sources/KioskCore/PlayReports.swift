/// Checks what the pages report about playback and writes it to the play log.
///
/// Pages are untrusted: a report for a resource the kiosk does not have, a position past the
/// end, or more seconds played than have passed since the play began is refused with a
/// ``KioskError`` that the HTTP layer turns into a 4xx, and nothing is written.
public struct PlayReports<Log: PlayLog, Menu: Catalog, Clock: EventClock>: Sendable {
    let log: Log
    let catalog: Menu
    let clock: Clock

    /// Positions may run this far past the manifest's duration (rounding, container padding).
    static var positionSlack: Double { 5 }
    /// Played time may exceed the elapsed time by this much (the page's clock, network delay).
    static var playedSlack: Double { 15 }

    public init(log: Log, catalog: Menu, clock: Clock) {
        self.log = log
        self.catalog = catalog
        self.clock = clock
    }

    /// Records the start of a play at `position`; committed when this returns.
    public func start(resourceID: String, source: PlaySource, position: Double) async throws -> PlayRecord {
        guard let detail = try await catalog.resource(id: resourceID, source: source) else {
            throw KioskError(.unknownResource, "no playable resource \"\(resourceID)\" in the catalog")
        }
        let duration = detail.resource.durationSeconds
        try Self.checkPosition(position, duration: duration)
        let now = clock.now()
        let record = PlayRecord(
            token: Self.makeToken(), resourceID: resourceID, source: source, durationSeconds: duration,
            started: now, startPosition: position, position: position, playedSeconds: 0, updated: now, ended: false
        )
        return try await log.start(record)
    }

    /// Records progress (or the end, when `ended`) of the play with `token`.
    public func report(token: String, position: Double, playedSeconds: Double, ended: Bool) async throws -> PlayRecord {
        guard let play = try await log.play(token: token) else {
            throw KioskError(.unknownPlay, "no play with this token")
        }
        if play.ended {
            // A second end (a beacon sent on page hide after the end) changes nothing.
            if ended { return play }
            throw KioskError(.playClosed, "this play has already ended; start a new one")
        }
        let now = clock.now()
        guard let elapsed = now.seconds(since: play.started) else {
            throw KioskError(.playClosed, "this play began before the kiosk restarted; start a new one")
        }
        try Self.checkPosition(position, duration: play.durationSeconds)
        guard playedSeconds.isFinite, playedSeconds >= 0 else {
            throw KioskError(.implausibleReport, "playedSeconds \(playedSeconds) is not a number of seconds")
        }
        guard playedSeconds <= elapsed + Self.playedSlack else {
            throw KioskError(
                .implausibleReport,
                "playedSeconds \(playedSeconds) is more than the \(Int(elapsed)) s since this play began"
            )
        }
        let update = PlayUpdate(position: position, playedSeconds: playedSeconds, ended: ended, at: now)
        return try await log.update(token: token, with: update)
    }

    static func checkPosition(_ position: Double, duration: Int) throws {
        guard position.isFinite, position >= 0, position <= Double(duration) + positionSlack else {
            throw KioskError(
                .implausibleReport,
                "position \(position) is outside the resource (0–\(duration) s)"
            )
        }
    }

    /// 128 random bits in hex.
    static func makeToken() -> String { PlayToken.make() }
}
