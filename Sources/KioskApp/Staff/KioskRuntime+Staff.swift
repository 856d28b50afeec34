import KioskCore

extension KioskRuntime {
    /// The staff password in this runtime's database.
    public var staffPassword: DatabaseStaffPassword { DatabaseStaffPassword(database: database) }

    /// Staff sessions and login slow-down over ``staffPassword``, timed by `clock` (the system's by default).
    public func makeStaffAccess(clock: (any EventClock)? = nil) -> StaffAccess {
        StaffAccess(password: staffPassword, clock: clock ?? self.clock)
    }
}
