import Foundation
import KioskCore
import KioskStore
import KioskTesting
import PoolFormat
import Testing

@testable import KioskApp

@Suite("Usage upload against a hub on 127.0.0.1")
struct UploaderTests {
    @Test func batchesGoInOrderWithTheTokenAndTheStoredBytes() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.batches(["R1", "R2", "R3"])
        let round = try fixture.round()
        #expect(try await round.run(makeBatches: false) == .done(acknowledged: [1, 2, 3]))
        let posts = hub.requests.filter { $0.method == "POST" }
        #expect(hub.postedBatchNumbers == [1, 2, 3])
        #expect(posts.allSatisfy { $0.path == "/api/v1/usage" && $0.contentType == "application/json" })
        #expect(posts.allSatisfy { $0.authorization == "Bearer \(UploadFixture.token)" })
        for (index, post) in posts.enumerated() {
            #expect(post.body == (try await fixture.outbox.body(ofBatch: index + 1)), "the stored bytes, as stored")
        }
        let status = try await fixture.runtime.storedUsageStatus()
        #expect(status.pendingBatches == 0 && status.lastAcknowledgedBatch == 3 && status.lastError == nil)
        #expect(try await round.run(makeBatches: true) == .done(acknowledged: []), "nothing new: nothing sent")
        #expect(hub.postedBatchNumbers.count == 3)
        await round.shutdown()
        try await hub.shutdown()
    }

    /// Every answer of the protocol's table: (answer, kind kept for, status staff see, wait asked for).
    static let answers: [(FakeHub.Answer, UploadFailure.Kind, Int?, Duration)] = [
        (.init(status: 400, body: #"{"error":"counts[0].day is not a date"}"#), .rejected, 400, .seconds(2)),
        (.init(status: 401, body: #"{"error":"unknown token"}"#), .unauthorized, 401, .seconds(2)),
        (.init(status: 403, body: #"{"error":"token of another site"}"#), .unauthorized, 403, .seconds(2)),
        (.init(status: 409, body: #"{"error":"different body"}"#), .conflict, 409, .seconds(2)),
        (.init(status: 413), .tooLarge, 413, .seconds(2)),
        (.init(status: 429, retryAfter: "7"), .overloaded, 429, .seconds(7)),
        (.init(status: 503, retryAfter: "120"), .overloaded, 503, .seconds(60)),
        (.init(status: 503), .overloaded, 503, .seconds(2)),
        (.init(status: 500, body: "database is locked"), .serverError, 500, .seconds(2)),
        (.init(status: 502), .serverError, 502, .seconds(2)),
        (.init(status: 404, body: "not found"), .unexpected, 404, .seconds(2)),
        (.init(status: 200, body: "<html>portal</html>"), .unexpected, 200, .seconds(2)),
        (.drop(), .network, nil, .seconds(2)),
    ]

    @Test(arguments: answers.indices)
    func everyAnswerKeepsTheBatchUntilTheHubAcknowledgesIt(_ row: Int) async throws {
        let (answer, kind, status, wait) = Self.answers[row]
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.batches(["R1", "R2"])
        hub.answer([answer])
        let round = try fixture.round()
        guard case .retry(let after, let failure, let acknowledged) = try await round.run(makeBatches: false) else {
            Issue.record("the batch was not kept")
            return
        }
        #expect(after == wait && acknowledged == [])
        #expect(failure.kind == kind && failure.status == status && failure.batch == 1)
        var shown = try await fixture.runtime.storedUsageStatus()
        #expect(shown.pendingBatches == 2 && shown.lastError == failure, "kept, and shown to staff")
        #expect(hub.postedBatchNumbers == [1], "batch 2 waits behind batch 1")

        #expect(try await round.run(makeBatches: false) == .done(acknowledged: [1, 2]))
        shown = try await fixture.runtime.storedUsageStatus()
        #expect(shown.pendingBatches == 0 && shown.lastError == nil && shown.lastAcknowledgedBatch == 2)
        #expect(hub.postedBatchNumbers == [1, 1, 2])
        #expect(Set(hub.requests.filter { $0.method == "POST" && $0.status != 0 }.map(\.body)).count == 2)
        await round.shutdown()
        try await hub.shutdown()
    }

    @Test func aDuplicateIsAnAcknowledgement() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.batches(["R1"])
        hub.answer([.init(status: 200, body: #"{"accepted": true, "duplicate": true}"#)])
        let round = try fixture.round()
        #expect(try await round.run(makeBatches: false) == .done(acknowledged: [1]))
        #expect(try await fixture.runtime.storedUsageStatus().pendingBatches == 0)
        await round.shutdown()
        try await hub.shutdown()
    }

    @Test func theBackoffDoublesWhileTheHubFailsAndStartsAgainAfterASuccess() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.batches(["R1", "R2"])
        hub.answer([
            .init(status: 500), .init(status: 500), .drop(), .init(status: 500),
            .init(status: 200, body: #"{"accepted":true,"duplicate":false}"#), .init(status: 502),
        ])
        let round = try fixture.round()
        var waits: [Duration] = []
        for _ in 0..<5 {
            if case .retry(let after, _, _) = try await round.run(makeBatches: false) { waits.append(after) }
        }
        #expect(waits == [.seconds(2), .seconds(4), .seconds(8), .seconds(16), .seconds(2)])
        await round.shutdown()
        try await hub.shutdown()
    }

    @Test func oneRequestIsInFlightAtATime() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.batches(["R1", "R2", "R3", "R4", "R5"])
        hub.delayAnswers(milliseconds: 20)
        let round = try fixture.round()
        async let first = round.uploader.sendPending()
        async let second = round.uploader.sendPending()
        let rounds = try await [first, second]
        #expect(Set(rounds.map(\.acknowledged)) == [[1, 2, 3, 4, 5], []], "the second waited, then found nothing")
        #expect(hub.mostInFlight == 1)
        #expect(hub.postedBatchNumbers == [1, 2, 3, 4, 5])
        await round.shutdown()
        try await hub.shutdown()
    }

    @Test func theBodyHoldsOnlyTheProtocolsFields() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.seed("R1", count: 3, boot: "boot-id-7f3a", token: "play-token-9c1e")
        let round = try fixture.round()
        _ = try await round.run(makeBatches: true)
        let body = try #require(hub.requests.first { $0.method == "POST" }?.body)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "site", "installation", "batch", "createdAt", "kiosk", "counts"])
        #expect(Set((object["kiosk"] as? [String: Any] ?? [:]).keys) == ["version"])
        let counts = try #require(object["counts"] as? [[String: Any]])
        #expect(!counts.isEmpty)
        for count in counts {
            #expect(Set(count.keys) == ["resource", "day", "source", "plays", "views", "completions", "watchSeconds"])
        }
        let text = String(decoding: body, as: UTF8.self)
        for secret in [
            UploadFixture.token, "boot-id-7f3a", "play-token-9c1e", "127.0.0.1", fixture.runtime.clock.bootID,
        ] {
            #expect(!text.contains(secret), "\(secret) must not leave the board")
        }
        let batch = try UsageBatchDecoder.decode(Data(body))
        let installation = try await fixture.runtime.database.installationID()
        #expect(batch.site == UploadFixture.site && batch.installation == installation)
        await round.shutdown()
        try await hub.shutdown()
    }

    /// No NTP: the hub's `Date` makes the clock trusted, and this boot's plays get their days.
    @Test func theHubsDateHeaderFixesTheDaysOfThisBoot() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        let log = SQLitePlayLog(database: fixture.runtime.database)
        let now = fixture.runtime.clock.now()
        let hour: Int64 = 3_600_000_000_000
        let start = EventTime(
            wallMilliseconds: 5, bootID: now.bootID, monotonicNanoseconds: now.monotonicNanoseconds - 2 * hour)
        let end = EventTime(
            wallMilliseconds: 6, bootID: now.bootID, monotonicNanoseconds: now.monotonicNanoseconds - hour)
        _ = try await log.start(
            PlayRecord(
                token: "t", resourceID: "R9", source: .phone, durationSeconds: 60, started: start, startPosition: 0,
                position: 0, playedSeconds: 0, updated: start, ended: false))
        _ = try await log.update(token: "t", with: PlayUpdate(position: 60, playedSeconds: 58, ended: true, at: end))
        #expect(try await fixture.runtime.storedUsageStatus().waitingForClock == 1)

        // 12:00 in Shanghai on 20 November: the play began two hours before, at 10:00.
        hub.sendDate("Fri, 20 Nov 2026 04:00:00 GMT")
        let round = try fixture.round(kernelSynchronized: false)
        #expect(try await round.run(makeBatches: true) == .done(acknowledged: [1]))
        #expect(hub.requests.first?.method == "HEAD", "the time was asked for first")
        let batch = try UsageBatchDecoder.decode(Data(try #require(hub.stored[1])))
        #expect(
            batch.counts == [
                .init(
                    resource: "R9", day: "2026-11-20", source: .phone, plays: 1, views: 1, completions: 1,
                    watchSeconds: 58)
            ])
        #expect(batch.createdAt.hasPrefix("2026-11-20T12:00:0"))
        let status = try await fixture.runtime.storedUsageStatus()
        #expect(status.clockTrusted && status.waitingForClock == 0)
        await round.shutdown()
        try await hub.shutdown()
    }

    @Test func withoutAHubNothingIsBatchedOrSent() async throws {
        let directory = TemporaryDirectory("upload-off")
        var configuration = KioskConfiguration()
        configuration.storage.dataDirectory = directory.appending("data")
        configuration.storage.cacheDirectory = directory.appending("cache")
        let runtime = try KioskRuntime.open(configuration, purpose: "test")
        #expect(try runtime.usageRound(logger: UploadFixture.logger) == nil)
        let status = try await runtime.storedUsageStatus()
        #expect(!status.enabled && status.hubURL == nil)
        #expect(UsageText.lines(status).first?.contains("upload off") == true)
    }
}
