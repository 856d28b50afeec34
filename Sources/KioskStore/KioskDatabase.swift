import Foundation
import GRDB
import Synchronization

/// The kiosk's SQLite database: catalog, cache index, play log and settings.
///
/// A `Sendable` value over a GRDB `DatabasePool` whose init runs the migrations (after GRDB's
/// `AppDatabase`). WAL journal with `synchronous=FULL`: writes are rare on a kiosk and must survive
/// a power cut the moment they are acknowledged.
public struct KioskDatabase: Sendable {
    let writer: any DatabaseWriter
    let changes: ChangeCounter

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String) throws(StoreError) {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB turns WAL's writer to synchronous=NORMAL when it opens the pool (after any
            // prepareDatabase hook), which can lose the last commits in a power cut. All writes go
            // through this one writer connection, so FULL is set on it here.
            // The running service checkpoints on a schedule (`checkpoint()`); the automatic one stays as
            // a safety net far above it.
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.automaticCheckpointPages)")
            }
            try Self.migrator.migrate(pool)
            self.writer = pool
        } catch {
            throw StoreError(.open, "cannot open the database \(path): \(Self.describe(error))", underlying: error)
        }
        self.changes = ChangeCounter()
    }

    /// The random UUID made when this database was created: it names this installation to the hub.
    public func installationID() async throws -> String {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [Setting.installationID])
        } ?? ""
    }

    /// A setting's value, or nil.
    public func setting(_ key: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = ?", arguments: [key])
        }
    }

    /// `PRAGMA quick_check`: "ok" on a healthy file.
    public func quickCheck() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "" }
    }

    /// Closes the database, checkpointing the WAL.
    public func close() throws {
        try (writer as? DatabasePool)?.close()
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

/// Keys of the `setting` table.
public enum Setting {
    public static let installationID = "installationID"
    public static let poolName = "pool.name"
    public static let poolPublishedAt = "pool.publishedAt"
    /// JSON of ``CurationOverrides``: what staff changed on the staff page.
    public static let curationOverrides = "curation.overrides"
    /// JSON of the last sync's ``SyncSummary``.
    public static let lastSync = "sync.last"
    /// Every play with a smaller id has been counted in a usage batch (`playBatchRange`).
    public static let usageCountedBelow = "usage.countedBelow"
}

/// Counts writes that can change what the menu shows, so the HTTP layer can cache answers.
final class ChangeCounter: Sendable {
    private let value = Mutex<UInt64>(1)

    var current: UInt64 { value.withLock { $0 } }

    func bump() {
        value.withLock { $0 &+= 1 }
    }
}
