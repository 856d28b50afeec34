import KioskCore
import Testing

@Suite("Play reports: per-address limit")
struct BeaconLimiterTests {
    static let second: Int64 = 1_000_000_000

    @Test func aBurstThenOneAtTheRefillRate() {
        var limiter = BeaconLimiter(rule: .init(burst: 3, perSecond: 0.5))
        #expect((0..<3).map { _ in limiter.take("10.0.0.7", now: 0) } == [nil, nil, nil])
        #expect(limiter.take("10.0.0.7", now: 0) == 2, "one report every 2 s after the burst")
        #expect(limiter.take("10.0.0.8", now: 0) == nil, "another phone has its own bucket")
        #expect(limiter.take("10.0.0.7", now: Self.second) == 1)
        #expect(limiter.take("10.0.0.7", now: 2 * Self.second) == nil)
        #expect(limiter.take("10.0.0.7", now: 2 * Self.second) == 2)
    }

    @Test func aRealLearnerNeverMeetsTheDefaults() {
        var starts = BeaconLimiter(rule: .starts)
        var reports = BeaconLimiter(rule: .reports)
        // An hour of browsing: a new video every 30 s, progress every 10 s plus pauses.
        for second in stride(from: Int64(0), to: 3600, by: 30) {
            #expect(starts.take("10.0.0.9", now: second * Self.second) == nil)
        }
        for second in stride(from: Int64(0), to: 3600, by: 5) {
            #expect(reports.take("10.0.0.9", now: second * Self.second) == nil)
        }
        // A script starting plays in a loop is stopped after the burst.
        let answers = (0..<25).map { _ in starts.take("10.0.0.66", now: 0) }
        #expect(answers.prefix(20).allSatisfy { $0 == nil } && answers.suffix(5).allSatisfy { $0 == 15 })
    }

    @Test func quietAddressesAreForgotten() {
        var limiter = BeaconLimiter(rule: .init(burst: 2, perSecond: 1), maximumAddresses: 3)
        for index in 0..<3 { _ = limiter.take("10.0.0.\(index)", now: 0) }
        #expect(limiter.trackedAddresses == 3)
        _ = limiter.take("10.0.0.9", now: 10 * Self.second)
        #expect(limiter.trackedAddresses == 1, "the full buckets were dropped, nothing about them is kept")
    }
}
