import KioskCore
import KioskStore
import NIOPosix

/// The staff password as `yinling passwd` sets it: a ``PasswordHash`` in the database's `setting`
/// table, read again at every check so a new password applies at once.
///
/// Hashing runs on NIO's thread pool, never on the cooperative pool; ``KioskCore/StaffAccess``
/// runs one check at a time, so logins never hold more than one hash's memory.
public struct DatabaseStaffPassword: StaffPassword {
    public static let minimumLength = 8
    public static let maximumLength = 256

    let database: KioskDatabase
    let parameters: PasswordHash.Parameters

    public init(database: KioskDatabase, parameters: PasswordHash.Parameters = .standard) {
        self.database = database
        self.parameters = parameters
    }

    public func verify(_ candidate: String) async throws -> PasswordVerdict {
        guard let text = try await database.staffPasswordHash() else { return .notSet }
        guard let stored = PasswordHash(encoded: text) else {
            throw AppError("the stored staff password cannot be read; set it again with yinling passwd")
        }
        // Far longer than any password set: refused without spending a hash on it.
        guard candidate.count <= Self.maximumLength else { return .wrong }
        let matches = try await NIOThreadPool.singleton.runIfActive { try stored.matches(candidate) }
        return matches ? .right : .wrong
    }

    /// Hashes and stores `password`, replacing the old one.
    public func set(_ password: String) async throws {
        if let problem = Self.problem(with: password) { throw AppError(problem) }
        let parameters = self.parameters
        let hash = try await NIOThreadPool.singleton.runIfActive {
            try PasswordHash.make(password: password, parameters: parameters)
        }
        try await database.setStaffPasswordHash(hash.encoded)
    }

    /// Why `password` cannot be the staff password, or nil when it can.
    public static func problem(with password: String) -> String? {
        if password.count < minimumLength {
            return "the staff password must be at least \(minimumLength) characters (this one has \(password.count))"
        }
        if password.count > maximumLength {
            return "the staff password must be at most \(maximumLength) characters"
        }
        if password.contains(where: { $0.isNewline }) {
            return "the staff password cannot contain a line break"
        }
        return nil
    }
}
