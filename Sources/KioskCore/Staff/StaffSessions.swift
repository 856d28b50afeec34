/// A logged-in member of staff: the cookie's token and the token every change must carry.
public struct StaffSession: Sendable, Hashable {
    /// The `yinling_staff` cookie's value.
    public let token: String
    /// What the `X-CSRF-Token` header of a POST, PUT or DELETE must be.
    public let csrfToken: String

    public init(token: String, csrfToken: String) {
        self.token = token
        self.csrfToken = csrfToken
    }
}

/// The open staff sessions, in memory: a restart of the service asks staff to log in again.
///
/// A session ends after ``idleSeconds`` without a request, at logout, or when ``maximumSessions``
/// newer ones push it out. Times are monotonic nanoseconds.
public struct StaffSessions: Sendable {
    public static let idleSeconds: Int64 = 12 * 3600
    public static let maximumSessions = 32

    struct Entry: Sendable {
        var session: StaffSession
        var lastSeen: Int64
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    /// How many sessions are open.
    public var count: Int { entries.count }

    /// Opens a session with fresh random tokens.
    public mutating func open(now: Int64) -> StaffSession {
        expire(now: now)
        if entries.count >= Self.maximumSessions,
            let oldest = entries.min(by: { $0.value.lastSeen < $1.value.lastSeen })?.key
        {
            entries[oldest] = nil
        }
        let session = StaffSession(token: StaffToken.random(), csrfToken: StaffToken.random())
        entries[session.token] = Entry(session: session, lastSeen: now)
        return session
    }

    /// The session of `token` if it is open, marked as used now; nil when unknown or expired.
    public mutating func use(_ token: String, now: Int64) -> StaffSession? {
        guard var entry = entries[token] else { return nil }
        guard now - entry.lastSeen <= Self.idleSeconds * 1_000_000_000 else {
            entries[token] = nil
            return nil
        }
        entry.lastSeen = now
        entries[token] = entry
        return entry.session
    }

    /// Ends the session of `token` (logout).
    public mutating func close(_ token: String) {
        entries[token] = nil
    }

    private mutating func expire(now: Int64) {
        entries = entries.filter { now - $0.value.lastSeen <= Self.idleSeconds * 1_000_000_000 }
    }
}
