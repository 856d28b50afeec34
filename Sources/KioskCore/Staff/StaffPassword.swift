/// Checks a password typed on the staff page against the one set with `yinling passwd`.
///
/// `yinling serve` checks against the salted slow hash in the database; tests use a fake.
public protocol StaffPassword: Sendable {
    /// Whether `candidate` is the staff password; slow on purpose (a fraction of a second).
    func verify(_ candidate: String) async throws -> PasswordVerdict
}

/// The answer of a ``StaffPassword`` check.
public enum PasswordVerdict: Sendable, Hashable {
    case right
    case wrong
    /// No staff password has been set yet: nobody can log in until `yinling passwd` runs.
    case notSet
}
