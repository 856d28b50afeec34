/// How long the uploader waits after a batch was kept: exponential backoff with full jitter
/// between `[upload] backoff_min_seconds` and `backoff_max_seconds`, or the hub's `Retry-After`.
public struct UploadBackoff: Sendable, Hashable {
    public var minimum: Duration
    public var maximum: Duration

    public init(minimum: Duration, maximum: Duration) {
        self.minimum = max(minimum, .zero)
        self.maximum = max(maximum, self.minimum)
    }

    /// The wait after `failures` failed attempts in a row (1 after the first): a uniformly random
    /// point between the minimum and a ceiling that doubles with each failure, up to the maximum.
    /// `random` is in 0...1.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        let doublings = min(max(failures, 1), 40)
        var ceiling = minimum
        for _ in 0..<doublings where ceiling < maximum { ceiling = ceiling * 2 }
        ceiling = min(ceiling, maximum)
        // The ends exactly (Duration × Double rounds in attoseconds).
        if random >= 1 { return ceiling }
        if random <= 0 { return minimum }
        return minimum + (ceiling - minimum) * random
    }

    /// The wait the hub asked for, never longer than the maximum.
    public func delay(retryAfter: Duration) -> Duration {
        min(max(retryAfter, .zero), maximum)
    }

    /// A `Retry-After` value as a wait: delta-seconds, or an HTTP-date compared with `now`
    /// (seconds since 1970); nil when it is neither.
    public static func retryAfter(_ value: String, now: Int64) -> Duration? {
        let text = value.trimmingPrefix(while: { $0 == " " })
        let digits = text.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, digits.count == text.count || text.dropFirst(digits.count).allSatisfy({ $0 == " " }) {
            return .seconds(Int64(digits.prefix(12)) ?? 0)
        }
        guard let date = HTTPDate(text) else { return nil }
        return .seconds(max(date.secondsSince1970 - now, 0))
    }
}
