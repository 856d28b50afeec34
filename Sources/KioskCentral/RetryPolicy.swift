import Foundation
import KioskCore

/// When to try a request again after a network error, a dropped connection, 408, 429 or 5xx:
/// exponential backoff with full jitter, or the server's `Retry-After`, capped at ``maxDelay``.
public struct RetryPolicy: Sendable {
    /// Attempts in a row that may fail without moving the download forward, the first included.
    /// An attempt that added bytes to the partial file starts the count again, so a long file on a
    /// flaky link still finishes.
    public var maxAttempts: Int
    /// The backoff ceiling of the first retry; it doubles with each failure in a row.
    public var baseDelay: Duration
    /// No wait is longer, whatever the backoff or the server's `Retry-After` says.
    public var maxDelay: Duration
    /// Waits between attempts; tests inject one that records and returns at once.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A number in 0...1 for the jitter; tests may fix it.
    public var random: @Sendable () -> Double

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.sleep = sleep
        self.random = random
    }

    /// The wait before the next attempt after `failures` failures in a row (1 for the first):
    /// the server's wish when it said one, else a random share of `baseDelay · 2^(failures-1)`.
    public func delay(afterFailures failures: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let ceiling = min(baseDelay * Double(1 << min(max(failures - 1, 0), 30)), maxDelay)
        return ceiling * min(max(random(), 0), 1)
    }

    /// The wait a `Retry-After` value asks for: delta-seconds, or an HTTP-date compared with `now`
    /// (seconds since 1970); nil when the value is neither.
    public static func retryAfter(_ value: String, now: Int64) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .seconds(Int64(text) ?? Int64.max / 1_000_000_000_000)
        }
        guard let date = HTTPDate(text) else { return nil }
        return .seconds(max(date.secondsSince1970 - now, 0))
    }
}
