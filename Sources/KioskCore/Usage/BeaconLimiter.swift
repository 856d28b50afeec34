/// How many play reports one client may send: a bucket of ``Rule/burst`` reports per address that
/// refills at ``Rule/perSecond`` (phones on the site's Wi-Fi).
///
/// The address is only the key of this table in memory: it is never stored or logged, and a
/// quiet address is forgotten as soon as its bucket is full again. A real learner never meets
/// the limit; a script that starts plays in a loop (to inflate counts, or to wear the SD card with
/// writes) does. Times are monotonic nanoseconds.
public struct BeaconLimiter: Sendable {
    /// The size and refill rate of each address's bucket.
    public struct Rule: Sendable, Hashable {
        public var burst: Double
        public var perSecond: Double

        public init(burst: Double, perSecond: Double) {
            self.burst = max(burst, 1)
            self.perSecond = max(perSecond, 1e-6)
        }

        /// Starts of plays: 20 at once, then one every 15 s.
        public static let starts = Rule(burst: 20, perSecond: 1.0 / 15)
        /// Progress and end reports (one every 10 s per play while playing): 30 at once, then one a second.
        public static let reports = Rule(burst: 30, perSecond: 1)
    }

    struct Bucket {
        var tokens: Double
        var at: Int64
    }

    public let rule: Rule
    /// Addresses remembered at most; beyond that the longest quiet ones are forgotten.
    public let maximumAddresses: Int
    private var buckets: [String: Bucket] = [:]

    public init(rule: Rule, maximumAddresses: Int = 4096) {
        self.rule = rule
        self.maximumAddresses = max(maximumAddresses, 1)
    }

    /// Addresses with a bucket now (for tests).
    public var trackedAddresses: Int { buckets.count }

    /// Takes one report of `address` at `now`: nil when allowed, else the whole seconds until one will be.
    public mutating func take(_ address: String, now: Int64) -> Int? {
        var bucket = buckets[address].map { refilled($0, now: now) } ?? Bucket(tokens: rule.burst, at: now)
        guard bucket.tokens >= 1 else {
            buckets[address] = bucket
            return max(1, Int(((1 - bucket.tokens) / rule.perSecond).rounded(.up)))
        }
        bucket.tokens -= 1
        if buckets[address] == nil, buckets.count >= maximumAddresses { forget(now: now) }
        buckets[address] = bucket
        return nil
    }

    private func refilled(_ bucket: Bucket, now: Int64) -> Bucket {
        let seconds = Double(max(now - bucket.at, 0)) / 1e9
        return Bucket(tokens: min(rule.burst, bucket.tokens + seconds * rule.perSecond), at: now)
    }

    /// Drops the addresses whose buckets are full again; if none is, the longest quiet one.
    private mutating func forget(now: Int64) {
        buckets = buckets.filter { refilled($0.value, now: now).tokens < rule.burst }
        if buckets.count >= maximumAddresses, let oldest = buckets.min(by: { $0.value.at < $1.value.at })?.key {
            buckets[oldest] = nil
        }
    }
}
