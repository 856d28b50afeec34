import Foundation
import GRDB

/// The hub's SQLite database (`<data>/hub.sqlite`): sites and tokens, usage batches and their counts.
///
/// A `Sendable` value over a GRDB `DatabasePool` whose init runs the migrations. WAL journal with
/// `synchronous=FULL`: a batch the hub acknowledged must survive a power cut, or the kiosk would
/// never send it again. Several processes may open it at once (`serve`, `sites add`, `report`).
public struct HubDatabase: Sendable {
    /// The file's name inside the data directory.
    public static let fileName = "hub.sqlite"

    let writer: any DatabaseWriter

    /// Opens (creating and migrating if needed) the database at `path`. With `mustExist`, a
    /// missing file is an error instead (for commands that only read what `serve` stored).
    public init(path: String, mustExist: Bool = false) throws(StoreError) {
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw StoreError(.open, "there is no hub database at \(path) (wrong --data directory?)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets WAL's writer to synchronous=NORMAL when it opens the pool, which can lose
            // the last commits in a power cut; every write goes through this one writer connection.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.migrator.migrate(pool)
            writer = pool
        } catch {
            throw StoreError(.open, "cannot open the hub database \(path): \(Self.describe(error))", underlying: error)
        }
    }

    /// The database of the data directory `directory` (created with its parents unless `mustExist`).
    public init(directory: String, mustExist: Bool = false) throws(StoreError) {
        if !mustExist {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError(.open, "cannot create the data directory \(directory): \(error.localizedDescription)")
            }
        }
        try self.init(path: directory + "/" + Self.fileName, mustExist: mustExist)
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

    /// Milliseconds since 1970, as stored.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
