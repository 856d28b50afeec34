/// How long staff login must wait after wrong passwords: per client address, and for the whole
/// kiosk so that spreading guesses over many addresses does not help much.
///
/// After the n-th wrong password in a row from one address, that address waits 2^(n-1) seconds
/// (1 s, 2 s, 4 s …, at most ``Rules/maximumDelaySeconds``). Past ``Rules/freeGlobalFailures``
/// wrong passwords from anywhere, every address waits the same way. A right password clears
/// both; failures are forgotten after ``Rules/forgetSeconds`` without one. Times are monotonic
/// nanoseconds, so changing the wall clock changes nothing.
public struct LoginThrottle: Sendable {
    /// The numbers of the rule.
    public struct Rules: Sendable, Hashable {
        public var maximumDelaySeconds: Int64 = 60
        /// Wrong passwords (from all addresses together) before the kiosk-wide delay starts.
        public var freeGlobalFailures = 20
        public var forgetSeconds: Int64 = 15 * 60
        /// Addresses remembered at most; the longest quiet ones are forgotten first.
        public var maximumAddresses = 1024

        public init() {}
    }

    struct Record: Sendable {
        var failures = 0
        var lastFailure: Int64 = 0
        var blockedUntil: Int64 = 0
    }

    public let rules: Rules
    private var addresses: [String: Record] = [:]
    private var global = Record()

    public init(rules: Rules = Rules()) {
        self.rules = rules
    }

    /// Whole seconds `address` must still wait before it may try a password, or nil when it may try now.
    public func wait(for address: String, now: Int64) -> Int? {
        let until = max(
            addresses[address].map { forgotten($0, now: now) ? 0 : $0.blockedUntil } ?? 0, global.blockedUntil)
        guard until > now else { return nil }
        return Int((until - now + 999_999_999) / 1_000_000_000)
    }

    /// Records a wrong password from `address`; returns the whole seconds it must now wait.
    public mutating func failed(from address: String, now: Int64) -> Int {
        var record = addresses[address].flatMap { forgotten($0, now: now) ? nil : $0 } ?? Record()
        record.failures += 1
        record.lastFailure = now
        record.blockedUntil = now + delay(afterFailures: record.failures) * 1_000_000_000
        if addresses[address] == nil, addresses.count >= rules.maximumAddresses { forgetOldest() }
        addresses[address] = record

        if forgotten(global, now: now) { global = Record() }
        global.failures += 1
        global.lastFailure = now
        let globalExcess = global.failures - rules.freeGlobalFailures
        if globalExcess > 0 {
            global.blockedUntil = now + delay(afterFailures: globalExcess) * 1_000_000_000
        }
        return wait(for: address, now: now) ?? 0
    }

    /// Records the right password from `address`: it, and the kiosk, start afresh.
    public mutating func succeeded(from address: String) {
        addresses[address] = nil
        global = Record()
    }

    /// Seconds to wait after `failures` wrong passwords in a row.
    func delay(afterFailures failures: Int) -> Int64 {
        guard failures > 0 else { return 0 }
        // Capped before shifting, so many failures never overflow.
        return min(Int64(1) << min(failures - 1, 30), rules.maximumDelaySeconds)
    }

    private func forgotten(_ record: Record, now: Int64) -> Bool {
        record.failures > 0 && now - record.lastFailure > rules.forgetSeconds * 1_000_000_000
            && now >= record.blockedUntil
    }

    private mutating func forgetOldest() {
        if let oldest = addresses.min(by: { $0.value.lastFailure < $1.value.lastFailure })?.key {
            addresses[oldest] = nil
        }
    }
}
