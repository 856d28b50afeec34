/// Who may use the staff page: password checks with slow-down after wrong ones, and sessions.
///
/// Shared by every staff request of one server. One password check runs at a time (each costs a
/// fraction of a second and tens of MiB); an attempt that arrives meanwhile is asked to wait a
/// second, so a flood of logins costs the kiosk nothing but that.
public actor StaffAccess {
    /// How a login attempt ended.
    public enum LoginOutcome: Sendable, Hashable {
        case loggedIn(StaffSession)
        /// Wrong password; the client must now wait this many seconds.
        case wrongPassword(retryAfterSeconds: Int)
        /// Too soon after wrong passwords (or during another check): not checked at all.
        case tooSoon(retryAfterSeconds: Int)
        /// No password has been set with `yinling passwd`.
        case noPassword
    }

    private let password: any StaffPassword
    private let clock: any EventClock
    private var throttle: LoginThrottle
    private var sessions = StaffSessions()
    private var checking = false

    public init(password: any StaffPassword, clock: any EventClock, rules: LoginThrottle.Rules = .init()) {
        self.password = password
        self.clock = clock
        self.throttle = LoginThrottle(rules: rules)
    }

    /// Checks `candidate` for a client at `address` (an IP address; "unknown" when there is none).
    public func login(password candidate: String, from address: String) async throws -> LoginOutcome {
        if let wait = throttle.wait(for: address, now: now()) {
            return .tooSoon(retryAfterSeconds: wait)
        }
        guard !checking else { return .tooSoon(retryAfterSeconds: 1) }
        checking = true
        defer { checking = false }
        switch try await password.verify(candidate) {
        case .notSet:
            return .noPassword
        case .wrong:
            return .wrongPassword(retryAfterSeconds: throttle.failed(from: address, now: now()))
        case .right:
            throttle.succeeded(from: address)
            return .loggedIn(sessions.open(now: now()))
        }
    }

    /// The open session of a cookie's `token`, which counts as activity; nil when there is none.
    public func session(_ token: String) -> StaffSession? {
        sessions.use(token, now: now())
    }

    /// Ends the session of `token`.
    public func logout(_ token: String) {
        sessions.close(token)
    }

    private func now() -> Int64 { clock.now().monotonicNanoseconds }
}
