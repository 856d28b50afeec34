import KioskCore
import Synchronization

/// A ``PlayLog`` in memory, for tests of the domain that do not need SQLite.
public final class MemoryPlayLog: PlayLog {
    private let plays = Mutex<[String: PlayRecord]>([:])

    public init() {}

    public func start(_ play: PlayRecord) async throws -> PlayRecord {
        plays.withLock { $0[play.token] = play }
        return play
    }

    public func play(token: String) async throws -> PlayRecord? {
        plays.withLock { $0[token] }
    }

    public func update(token: String, with update: PlayUpdate) async throws -> PlayRecord {
        try plays.withLock { plays in
            guard var record = plays[token] else { throw KioskError(.unknownPlay, "no play with this token") }
            record.position = update.position
            record.playedSeconds = max(record.playedSeconds, update.playedSeconds)
            record.updated = update.at
            record.ended = record.ended || update.ended
            plays[token] = record
            return record
        }
    }

    /// Everything recorded so far.
    public var all: [PlayRecord] { plays.withLock { Array($0.values) } }
}
