import ContentStore
import Foundation
import KioskCentral
import KioskTesting
import PoolFormat
import Testing

@Suite("Bandwidth limit")
struct BandwidthLimitTests {
    @Test func sleepsAddUpToBytesOverTheLimit() async throws {
        let clock = RecordingClock()
        let limiter = BandwidthLimiter(bytesPerSecond: 100_000, clock: clock)
        for _ in 0..<50 { try await limiter.acquire(10_000) }
        #expect(abs(clock.totalSleepSeconds - 5.0) < 1e-6)
    }

    @Test func concurrentDownloadsShareTheLimit() async throws {
        let clock = RecordingClock()
        let limiter = BandwidthLimiter(bytesPerSecond: 1_000_000, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask { for _ in 0..<20 { try await limiter.acquire(50_000) } }
            }
            try await group.waitForAll()
        }
        // 2 MB at 1 MB/s between them: at least 2 s, not 1 s each as two separate limits would allow.
        #expect(clock.now.offset.seconds >= 2.0 - 1e-6)
    }

    @Test func zeroMeansUnlimited() async throws {
        let clock = RecordingClock()
        let limiter = BandwidthLimiter(bytesPerSecond: 0, clock: clock)
        for _ in 0..<10 { try await limiter.acquire(1_000_000) }
        #expect(clock.sleeps.isEmpty)
    }

    @Test func downloadThroughALimiterWaitsForEveryByte() async throws {
        let pool = try PoolFixture()
        let file = try pool.addFile(bytes: 1024 * 1024)
        let clock = RecordingClock()
        let limiter = BandwidthLimiter(bytesPerSecond: 256 * 1024, clock: clock)
        try await FaultyPoolServer.with(serving: pool.poolPath) { server in
            try await withPoolSource(url: server.baseURL) { source in
                _ = try await source.download(
                    file, as: pool.relativePath(of: file), label: "media", into: pool.cache,
                    options: PoolFixture.options(clock: RecordingClock(), limiter: limiter)
                ) { _ in }
            }
        }
        #expect(pool.cacheHolds(file))
        #expect(abs(clock.totalSleepSeconds - 4.0) < 1e-6)
    }

    /// Real time, once: a slow server and a real limiter still finish with the right bytes.
    @Test func slowServerWithARealLimiterCompletes() async throws {
        let pool = try PoolFixture()
        let file = try pool.addFile(bytes: 256 * 1024)
        let limiter = BandwidthLimiter(bytesPerSecond: 2 * 1024 * 1024)
        let result = try await FaultyPoolServer.with(serving: pool.poolPath) { server in
            server.sendSlowly(pausing: .milliseconds(1))
            return try await withPoolSource(url: server.baseURL) { source in
                try await source.download(
                    file, as: pool.relativePath(of: file), label: "media", into: pool.cache,
                    options: DownloadOptions(limiter: limiter)
                ) { _ in }
            }
        }
        #expect(pool.cacheHolds(file) && result.bytesTransferred == file.bytes)
    }
}

extension Duration {
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
