import KioskCentral
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    static let now: Int64 = 784_111_777  // Sun, 06 Nov 1994 08:49:37 GMT

    @Test(arguments: [
        ("120", Duration?.some(.seconds(120))),
        (" 0 ", .some(.zero)),
        ("Sun, 06 Nov 1994 08:50:07 GMT", .some(.seconds(30))),
        ("Sun, 06 Nov 1994 08:00:00 GMT", .some(.zero)),  // in the past: at once
        ("Sunday, 06-Nov-94 08:49:47 GMT", .some(.seconds(10))),
        ("soon", nil),
        ("-5", nil),
        ("", nil),
    ])
    func retryAfterValues(_ value: String, _ expected: Duration?) {
        #expect(RetryPolicy.retryAfter(value, now: Self.now) == expected)
    }

    @Test func backoffDoublesUpToTheMaximum() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(10), random: { 1 })
        let delays = (1...6).map { policy.delay(afterFailures: $0, retryAfter: nil) }
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
    }

    @Test func jitterScalesTheCeiling() {
        let policy = RetryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(60), random: { 0.25 })
        #expect(policy.delay(afterFailures: 3, retryAfter: nil) == .seconds(2))
    }

    @Test func retryAfterWinsButIsCapped() {
        let policy = RetryPolicy(maxDelay: .seconds(60), random: { 0 })
        #expect(policy.delay(afterFailures: 1, retryAfter: .seconds(5)) == .seconds(5))
        #expect(policy.delay(afterFailures: 1, retryAfter: .seconds(600)) == .seconds(60))
    }
}
