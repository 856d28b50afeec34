import KioskCore
import Testing

@Suite("Usage upload: the hub's answers, backoff, Retry-After")
struct UploadRulesTests {
    /// The protocol's table of answers.
    @Test(arguments: [
        (200 as Int?, false as Bool?, nil as String?, HubReply.Decision.acknowledged(duplicate: false)),
        (200, true, nil, .acknowledged(duplicate: true)),
        // A 200 that is not the hub's (a captive portal) acknowledges nothing.
        (200, nil, nil, .keep(.unexpected, retryAfter: nil)),
        (400, nil, nil, .keep(.rejected, retryAfter: nil)),
        (401, nil, nil, .keep(.unauthorized, retryAfter: nil)),
        (403, nil, nil, .keep(.unauthorized, retryAfter: nil)),
        (409, nil, nil, .keep(.conflict, retryAfter: nil)),
        (413, nil, nil, .keep(.tooLarge, retryAfter: nil)),
        (429, nil, "7", .keep(.overloaded, retryAfter: .seconds(7))),
        (503, nil, "Thu, 01 Jan 1970 00:01:40 GMT", .keep(.overloaded, retryAfter: .seconds(40))),
        (503, nil, nil, .keep(.overloaded, retryAfter: nil)),
        (503, nil, "soon", .keep(.overloaded, retryAfter: nil)),
        (500, nil, "9", .keep(.serverError, retryAfter: nil)),
        (502, nil, nil, .keep(.serverError, retryAfter: nil)),
        (408, nil, nil, .keep(.serverError, retryAfter: nil)),
        (404, nil, nil, .keep(.unexpected, retryAfter: nil)),
        (301, nil, nil, .keep(.unexpected, retryAfter: nil)),
        (nil, nil, nil, .keep(.network, retryAfter: nil)),
    ])
    func answersAreSortedAsTheProtocolSays(
        status: Int?, duplicate: Bool?, retryAfter: String?, expected: HubReply.Decision
    ) {
        let reply = HubReply(status: status, acceptedDuplicate: duplicate, message: "m", retryAfter: retryAfter)
        #expect(reply.decision(now: 60) == expected)
        if case .keep(let kind, _) = expected {
            #expect(!reply.explanation(batch: 3, kind: kind, hub: "http://hub/api/v1/usage").isEmpty)
        }
    }

    @Test func staffAreToldWhatToCheck() {
        let forbidden = HubReply(status: 403, message: "token of sh-a")
        #expect(forbidden.explanation(batch: 1, kind: .unauthorized, hub: "h").contains("another site"))
        let conflict = HubReply(status: 409)
        #expect(conflict.explanation(batch: 9, kind: .conflict, hub: "h").contains("copied SD card"))
        #expect(UploadFailure(batch: 1, kind: .unauthorized, status: 401, message: "", at: "").needsStaff)
        #expect(!UploadFailure(batch: 1, kind: .network, status: nil, message: "", at: "").needsStaff)
    }

    /// (failures in a row, random) → seconds, with bounds 60 s and 6 h.
    @Test(arguments: [
        (1, 0.0, 60.0), (1, 1.0, 120.0), (1, 0.5, 90.0), (2, 1.0, 240.0), (3, 1.0, 480.0), (9, 1.0, 21_600.0),
        (9, 0.0, 60.0), (200, 1.0, 21_600.0),
    ])
    func backoffGrowsWithFullJitterBetweenTheBounds(failures: Int, random: Double, seconds: Double) {
        let backoff = UploadBackoff(minimum: .seconds(60), maximum: .seconds(6 * 3600))
        #expect(backoff.delay(afterFailures: failures, random: random) == .seconds(seconds))
    }

    @Test func retryAfterIsHonouredUpToTheMaximum() {
        let backoff = UploadBackoff(minimum: .milliseconds(5), maximum: .milliseconds(50))
        #expect(backoff.delay(retryAfter: .seconds(3)) == .milliseconds(50))
        #expect(backoff.delay(retryAfter: .milliseconds(20)) == .milliseconds(20))
        #expect(UploadBackoff.retryAfter("120", now: 0) == .seconds(120))
        #expect(UploadBackoff.retryAfter(" 5 ", now: 0) == .seconds(5))
        #expect(UploadBackoff.retryAfter("Thu, 01 Jan 1970 00:00:10 GMT", now: 60) == .zero)
        #expect(UploadBackoff.retryAfter("-1", now: 0) == nil)
    }
}
