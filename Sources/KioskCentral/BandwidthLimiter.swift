/// A token bucket in bytes per second, shared by the downloads that must stay under one limit
/// (a metered link). Each received chunk takes its bytes from the bucket; when the bucket is
/// empty the download waits, which stops it reading and so slows the sender (TCP backpressure).
///
/// Waits are reservations: a chunk may take the bucket below zero and then sleeps until its
/// bytes would have been earned, so concurrent downloads share the rate fairly and the long-run
/// rate never exceeds the limit. The bucket starts empty and holds at most ``burstBytes``.
public actor BandwidthLimiter {
    /// The limit; 0 means none.
    public let bytesPerSecond: Int64
    /// Bytes an idle bucket may save up for a burst.
    public let burstBytes: Int64
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private var tokens: Double = 0
    private var updated: Duration

    /// A limiter on `clock` (tests pass one whose sleeps return at once and are recorded).
    public init(bytesPerSecond: Int64, burstBytes: Int64? = nil, clock: some Clock<Duration> = ContinuousClock()) {
        self.bytesPerSecond = max(bytesPerSecond, 0)
        self.burstBytes = burstBytes ?? max(bytesPerSecond / 4, 64 * 1024)
        let start = clock.now
        self.elapsed = { start.duration(to: clock.now) }
        self.sleep = { try await clock.sleep(for: $0) }
        self.updated = .zero
    }

    /// Takes `bytes` from the bucket, waiting as long as it takes to earn them.
    /// - Throws: `CancellationError` when the task is cancelled while it waits.
    public func acquire(_ bytes: Int) async throws {
        guard bytesPerSecond > 0, bytes > 0 else { return }
        let now = elapsed()
        let rate = Double(bytesPerSecond)
        tokens = min(tokens + (now - updated).seconds * rate, Double(burstBytes))
        updated = now
        tokens -= Double(bytes)
        guard tokens < 0 else { return }
        try await sleep(.seconds(-tokens / rate))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
