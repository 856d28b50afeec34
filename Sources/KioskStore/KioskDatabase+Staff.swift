import GRDB

extension Setting {
    /// The staff password's salted slow hash (a self-describing string, see docs/staff.md).
    public static let staffPasswordHash = "staff.passwordHash"
}

extension KioskDatabase {
    /// The stored staff password hash, or nil when `yinling passwd` has not run.
    public func staffPasswordHash() async throws -> String? {
        try await setting(Setting.staffPasswordHash)
    }

    /// Stores the staff password hash, replacing any earlier one.
    public func setStaffPasswordHash(_ hash: String) async throws(StoreError) {
        do {
            try await writer.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    arguments: [Setting.staffPasswordHash, hash])
            }
        } catch {
            throw StoreError(.write, "cannot store the staff password: \(Self.describe(error))", underlying: error)
        }
    }
}
