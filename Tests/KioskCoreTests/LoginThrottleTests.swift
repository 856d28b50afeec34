import KioskCore
import Testing

@Suite("Staff login slow-down")
struct LoginThrottleTests {
    static let second: Int64 = 1_000_000_000

    @Test(arguments: [(1, 1), (2, 2), (3, 4), (4, 8), (6, 32), (7, 60), (40, 60)])
    func delayDoublesPerWrongPasswordUpToTheMaximum(failures: Int, seconds: Int) {
        var throttle = LoginThrottle()
        var last = 0
        for _ in 0..<failures { last = throttle.failed(from: "10.0.0.5", now: 100 * Self.second) }
        #expect(last == seconds)
        #expect(throttle.wait(for: "10.0.0.5", now: 100 * Self.second) == seconds)
    }

    @Test func waitCountsDownAndEndsWithTheDelay() {
        var throttle = LoginThrottle()
        _ = throttle.failed(from: "a", now: 0)
        _ = throttle.failed(from: "a", now: 0)
        _ = throttle.failed(from: "a", now: 0)
        #expect(throttle.wait(for: "a", now: 0) == 4)
        #expect(throttle.wait(for: "a", now: Self.second / 2) == 4, "a part of a second is a whole one")
        #expect(throttle.wait(for: "a", now: 3 * Self.second) == 1)
        #expect(throttle.wait(for: "a", now: 4 * Self.second) == nil)
        #expect(throttle.wait(for: "b", now: 0) == nil, "another address is not held up by a few failures")
    }

    @Test func rightPasswordStartsAfresh() {
        var throttle = LoginThrottle()
        for _ in 0..<5 { _ = throttle.failed(from: "a", now: 0) }
        throttle.succeeded(from: "a")
        #expect(throttle.wait(for: "a", now: 0) == nil)
        #expect(throttle.failed(from: "a", now: 0) == 1)
    }

    @Test func failuresAreForgottenAfterAQuietQuarterHour() {
        var throttle = LoginThrottle()
        for _ in 0..<5 { _ = throttle.failed(from: "a", now: 0) }
        #expect(throttle.failed(from: "a", now: 14 * 60 * Self.second) == 32)
        #expect(throttle.failed(from: "a", now: 30 * 60 * Self.second) == 1)
    }

    @Test func spreadingGuessesOverAddressesHitsTheKioskWideDelay() {
        var throttle = LoginThrottle()
        let free = throttle.rules.freeGlobalFailures
        for index in 0..<free { _ = throttle.failed(from: "10.0.0.\(index)", now: 0) }
        #expect(throttle.wait(for: "10.0.1.1", now: 0) == nil, "the first wrong passwords hold up only their address")
        #expect(throttle.failed(from: "10.0.1.2", now: 0) == 1)
        #expect(throttle.wait(for: "10.0.1.3", now: 0) == 1, "a fresh address waits too")
        for index in 0..<6 { _ = throttle.failed(from: "10.0.2.\(index)", now: 0) }
        #expect(throttle.wait(for: "10.0.3.1", now: 0) == 60)
        throttle.succeeded(from: "10.0.3.1")
        #expect(throttle.wait(for: "10.0.3.1", now: 0) == nil)
    }

    @Test func remembersABoundedNumberOfAddresses() {
        var rules = LoginThrottle.Rules()
        rules.maximumAddresses = 3
        rules.freeGlobalFailures = 1000
        var throttle = LoginThrottle(rules: rules)
        for index in 0..<4 { _ = throttle.failed(from: "a\(index)", now: Int64(index) * Self.second / 10) }
        #expect(throttle.wait(for: "a0", now: Self.second / 2) == nil, "the quietest address was forgotten")
        #expect(throttle.wait(for: "a3", now: Self.second / 2) == 1)
    }
}
