import Foundation
import GRDB
import KioskCore
import KioskTesting
import PoolFormat
import Testing

@testable import KioskStore

@Suite("Usage outbox in SQLite")
struct UsageOutboxTests {
    let fixture = StoreFixture()
    static let midnight = TestCalendar.november20
    static let hour: Int64 = 3_600_000_000_000
    /// The current boot; its clock is trusted unless a test says otherwise.
    static let now = EventTime(wallMilliseconds: midnight + 86_400_000, bootID: "b2", monotonicNanoseconds: 80 * hour)

    static func request(now: EventTime = now, maximumBytes: Int = UsageBatch.maximumBytes) -> UsageBatchRequest {
        UsageBatchRequest(
            site: "sh-xuhui-0012", kioskVersion: "1.0.0", now: now, calendar: TestCalendar.shanghai,
            maximumBytes: maximumBytes)
    }

    /// Evidence that puts monotonic 0 of `boot` at 2026-11-20 00:00 Shanghai minus `hoursBefore`.
    static func evidence(_ boot: String, hoursBefore: Int64 = 0) -> ClockEvidence {
        ClockEvidence(bootID: boot, offsetMilliseconds: midnight - hoursBefore * 3_600_000, source: .kernel)
    }

    static func play(
        _ id: String, _ source: PlaySource = .tv, boot: String = "b1", startHour: Double = 1, duration: Int = 600,
        played: Double, furthest: Double? = nil, ended: Bool = true, quietSeconds: Double = 3600
    ) -> CountablePlay {
        let start = Int64(startHour * Double(hour))
        let updated = boot == now.bootID ? now.monotonicNanoseconds - Int64(quietSeconds * 1e9) : start
        return CountablePlay(
            resourceID: id, source: source, durationSeconds: duration,
            started: EventTime(wallMilliseconds: 42, bootID: boot, monotonicNanoseconds: start),
            updated: EventTime(wallMilliseconds: 43, bootID: boot, monotonicNanoseconds: updated), ended: ended,
            playedSeconds: played, furthestPosition: furthest ?? played)
    }

    @Test func batchesMatchTheReferenceCountsOnRandomPlaysAndLaterOnes() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        let seeder = PlaySeeder(database: database)
        var random = SplitMix(seed: 7)
        let durations = [10, 40, 600, 3000]
        var plays: [CountablePlay] = []
        for _ in 0..<3000 {
            let duration = durations[random.below(durations.count)]
            let played = Double(random.below(Int(Double(duration) * 1.1) * 10)) / 10
            plays.append(
                Self.play(
                    "R\(random.below(9))", random.below(2) == 0 ? .tv : .phone,
                    boot: ["b0", "b1", "b2"][random.below(3)],
                    startHour: Double(random.below(79 * 60)) / 60, duration: duration, played: played,
                    furthest: min(Double(duration), played + Double(random.below(duration))),
                    ended: random.below(3) > 0,
                    quietSeconds: Double(random.below(1200))))
        }
        try await seeder.insert(plays)
        for evidence in [Self.evidence("b1", hoursBefore: 30), Self.evidence("b2", hoursBefore: 70)] {
            try await outbox.recordEvidence(evidence)
        }
        let days = DayResolver(
            calendar: TestCalendar.shanghai, currentBoot: "b2", evidence: try await outbox.evidence())

        let expected = UsageAggregation.counts(of: try await seeder.all().map(\.play), now: Self.now, days: days)
        let first = try await outbox.makeBatches(Self.request(maximumBytes: 4096))
        #expect(first.count > 1, "a small limit splits the batch")
        #expect(try await seeder.counts(of: first) == expected)
        #expect(expected.contains { $0.day == nil } && expected.contains { $0.day == "2026-11-21" })

        // Ten minutes later: plays of this boot went on (the batched ones after a long pause), some ended.
        let later = EventTime(
            wallMilliseconds: Self.now.wallMilliseconds + 600_000, bootID: "b2",
            monotonicNanoseconds: Self.now.monotonicNanoseconds + 600_000_000_000)
        for (id, play) in try await seeder.all() where play.started.bootID == "b2" && random.below(2) == 0 {
            try await seeder.progress(
                id: id, played: play.playedSeconds + Double(random.below(400)),
                furthest: play.furthestPosition + Double(random.below(400)), ended: random.below(2) == 0,
                at: EventTime(
                    wallMilliseconds: 0, bootID: "b2",
                    monotonicNanoseconds: later.monotonicNanoseconds - Int64(random.below(1200)) * 1_000_000_000))
        }
        let again = UsageAggregation.counts(of: try await seeder.all().map(\.play), now: later, days: days)
        let second = try await outbox.makeBatches(Self.request(now: later))
        #expect(second == [first.last! + 1])
        #expect(try await seeder.counts(of: second) == again)
        #expect(!again.isEmpty && again.allSatisfy { $0.day != nil }, "only this boot's plays went on")
        #expect(try await outbox.makeBatches(Self.request(now: later)) == [], "nothing new: no batch")
    }

    @Test func playsAreMarkedInTheSameTransactionThatStoresTheirBatches() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        let seeder = PlaySeeder(database: database)
        try await seeder.insert((0..<200).map { Self.play("RES-\($0)", played: 45) })
        try await outbox.recordEvidence(Self.evidence("b1"))
        // The second batch of the transaction cannot be stored: the first must not stay either.
        try await database.writer.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER failSecond BEFORE INSERT ON usageBatch WHEN NEW.number = 2
                    BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END
                    """)
        }
        await #expect(throws: DatabaseError.self) { _ = try await outbox.makeBatches(Self.request(maximumBytes: 4096)) }
        #expect(try await outbox.oldestPendingBatch() == nil)
        #expect(try await seeder.all().allSatisfy { !$0.play.batched })
        #expect(try await outbox.status(now: Self.now).unbatchedPlays == 200)

        try await database.writer.write { db in try db.execute(sql: "DROP TRIGGER failSecond") }
        let numbers = try await outbox.makeBatches(Self.request(maximumBytes: 4096))
        #expect(numbers.count > 1 && numbers == Array(1...numbers.count))
        #expect(try await seeder.counts(of: numbers).reduce(0) { $0 + $1.plays } == 200)
        let marked = try await database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT firstID, lastID, batch FROM playBatchRange").map {
                [$0[0], $0[1], $0[2]] as [Int]
            }
        }
        #expect(marked == [[1, 200, numbers.last!]], "one run of plays, marked with the transaction's last batch")
        #expect(try await outbox.status(now: Self.now).unbatchedPlays == 0)
    }

    @Test func aPlayStillRunningWaitsWithoutHoldingUpTheOthers() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        try await outbox.recordEvidence(Self.evidence("b1"))
        try await outbox.recordEvidence(Self.evidence("b2", hoursBefore: 48))
        try await PlaySeeder(database: database).insert([
            Self.play("R1", played: 40),
            Self.play("R2", boot: "b2", startHour: 79, played: 40, ended: false, quietSeconds: 30),
            Self.play("R3", played: 40),
        ])
        let first = try await PlaySeeder(database: database).counts(of: try await outbox.makeBatches(Self.request()))
        #expect(first.map(\.resource) == ["R1", "R3"])
        #expect(try await outbox.status(now: Self.now).unbatchedPlays == 1)
        let tokens = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT token FROM play ORDER BY id")
        }
        #expect(try await outbox.batch(ofPlayToken: tokens[0]) == 1)
        #expect(try await outbox.batch(ofPlayToken: tokens[1]) == nil)

        // Ten quiet minutes later the running play is settled and counted on its own.
        let later = EventTime(
            wallMilliseconds: Self.now.wallMilliseconds, bootID: "b2",
            monotonicNanoseconds: Self.now.monotonicNanoseconds + 600_000_000_000)
        let second = try await PlaySeeder(database: database).counts(
            of: try await outbox.makeBatches(Self.request(now: later)))
        #expect(second.map(\.resource) == ["R2"])
        #expect(try await outbox.batch(ofPlayToken: tokens[1]) == 2)
        #expect(try await outbox.batch(ofPlayToken: tokens[2]) == 1)
        #expect(try await outbox.status(now: later).unbatchedPlays == 0)
        let below = try await database.setting(Setting.usageCountedBelow)
        #expect(below == "4", "every play is counted: the next batching reads from the next play on")
        #expect(try await outbox.makeBatches(Self.request(now: later)) == [])
    }

    @Test func aBacklogOverOneMebibyteIsSplitIntoNumberedBatches() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        let seeder = PlaySeeder(database: database)
        let padding = String(repeating: "x", count: 48)
        try await seeder.insert((0..<12_000).map { Self.play("R\($0)-\(padding)", played: 31, furthest: 600) })
        try await outbox.recordEvidence(Self.evidence("b1"))
        let numbers = try await outbox.makeBatches(Self.request())
        #expect(numbers == [1, 2])
        var plays = 0
        var keys = Set<String>()
        for number in numbers {
            let body = try #require(try await outbox.body(ofBatch: number))
            #expect(body.count <= UsageBatch.maximumBytes)
            #expect(body.count > UsageBatch.maximumBytes / 2, "batches are filled, not cut small")
            let batch = try UsageBatchDecoder.decode(Data(body))
            #expect(batch.batch == number && batch.site == "sh-xuhui-0012")
            #expect(batch.installation == (try await database.installationID()))
            plays += batch.counts.reduce(0) { $0 + $1.plays }
            keys.formUnion(batch.counts.map { "\($0.resource)|\($0.day ?? "")|\($0.source)" })
        }
        #expect(plays == 12_000 && keys.count == 12_000, "every count once, in one batch")
    }

    @Test func theStoredBodyIsTheSameBytesOnEveryReadAndCannotBeRewritten() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        try await PlaySeeder(database: database).insert([Self.play("R1", played: 31), Self.play("R2", played: 3)])
        try await outbox.recordEvidence(Self.evidence("b1"))
        #expect(try await outbox.makeBatches(Self.request()) == [1])
        let first = try #require(try await outbox.oldestPendingBatch())
        try await outbox.recordFailure(
            UploadFailure(batch: 1, kind: .serverError, status: 500, message: "boom", at: "2026-11-21T02:00:00+08:00"))
        try database.close()

        let reopened = try fixture.open()
        let again = SQLiteUsageOutbox(database: reopened)
        #expect(try await again.oldestPendingBatch() == first)
        #expect(try await again.body(ofBatch: 1) == first.body)
        #expect(try await again.status(now: Self.now).lastError?.status == 500)
        await #expect(throws: DatabaseError.self) {
            try await reopened.writer.write { db in
                try db.execute(sql: "UPDATE usageBatch SET body = x'7B7D' WHERE number = 1")
            }
        }
        try await again.acknowledge(batch: 1, at: "2026-11-21T02:00:01+08:00")
        #expect(try await again.oldestPendingBatch() == nil)
        let status = try await again.status(now: Self.now)
        #expect(status.pendingBatches == 0 && status.lastAcknowledgedBatch == 1 && status.lastError == nil)
        #expect(status.lastAcknowledgedAt == "2026-11-21T02:00:01+08:00")
    }

    @Test func playsOfThisBootWaitForTheClockThenGetTheirDays() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        // The current boot's plays: two settled, one still playing.
        try await PlaySeeder(database: database).insert([
            Self.play("R1", boot: "b2", startHour: 60, played: 40),
            Self.play("R1", boot: "b2", startHour: 75, played: 40, ended: false, quietSeconds: 700),
            Self.play("R2", boot: "b2", startHour: 79, played: 40, ended: false, quietSeconds: 30),
        ])
        #expect(try await outbox.makeBatches(Self.request()) == [])
        var status = try await outbox.status(now: Self.now)
        #expect(!status.clockTrusted && status.waitingForClock == 2 && status.unbatchedPlays == 3)

        // The hub's Date arrives: monotonic 0 was 2026-11-18 00:00, so 60 h is the 20th 12:00,
        // 75 h the 21st 03:00 (Shanghai).
        try await outbox.recordEvidence(Self.evidence("b2", hoursBefore: 48))
        try await outbox.recordEvidence(Self.evidence("b2", hoursBefore: 1000))
        #expect(try await outbox.evidence().first?.offsetMilliseconds == Self.midnight - 48 * 3_600_000, "first stays")
        let numbers = try await outbox.makeBatches(Self.request())
        let counts = try await PlaySeeder(database: database).counts(of: numbers)
        #expect(
            counts.map { "\($0.resource) \($0.day ?? "null") \($0.plays)" } == ["R1 2026-11-20 1", "R1 2026-11-21 1"])
        status = try await outbox.status(now: Self.now)
        #expect(status.clockTrusted && status.waitingForClock == 0 && status.unbatchedPlays == 1)
    }

    @Test func aPastBootThatNeverTrustedItsClockCountsWithDayNull() async throws {
        let database = try fixture.open()
        let outbox = SQLiteUsageOutbox(database: database)
        try await PlaySeeder(database: database).insert([
            Self.play("R1", boot: "b0", played: 40, ended: false), Self.play("R1", boot: "b0", played: 5),
        ])
        let numbers = try await outbox.makeBatches(Self.request())
        let batch = try UsageBatchDecoder.decode(Data(try #require(try await outbox.body(ofBatch: numbers[0]))))
        #expect(
            batch.counts == [
                UsageCount(resource: "R1", day: nil, source: .tv, plays: 2, views: 1, completions: 0, watchSeconds: 45)
            ])
        let text = String(decoding: try #require(try await outbox.body(ofBatch: 1)), as: UTF8.self)
        #expect(text.contains(#""day":null"#))
        #expect(batch.createdAt == "2026-11-21T00:00:00+08:00", "the wall clock when this boot is not trusted")
    }

    @Test func thePlayLogKeepsTheFurthestPositionAndAPlayIsCountedOnce() async throws {
        let database = try fixture.open()
        let log = SQLitePlayLog(database: database)
        let outbox = SQLiteUsageOutbox(database: database)
        try await outbox.recordEvidence(Self.evidence("b2", hoursBefore: 48))
        let start = EventTime(wallMilliseconds: 1, bootID: "b2", monotonicNanoseconds: 60 * Self.hour)
        _ = try await log.start(
            PlayRecord(
                token: "t", resourceID: "R1", source: .phone, durationSeconds: 600, started: start, startPosition: 0,
                position: 0, playedSeconds: 0, updated: start, ended: false))
        let at = EventTime(wallMilliseconds: 2, bootID: "b2", monotonicNanoseconds: 61 * Self.hour)
        _ = try await log.update(token: "t", with: PlayUpdate(position: 560, playedSeconds: 40, ended: false, at: at))
        _ = try await log.update(token: "t", with: PlayUpdate(position: 12, playedSeconds: 40, ended: false, at: at))
        // Quiet for 19 h: settled; it reached 560 s before seeking back, so it is a completion.
        let counts = try await PlaySeeder(database: database).counts(of: try await outbox.makeBatches(Self.request()))
        #expect(
            counts == [
                .init(
                    resource: "R1", day: "2026-11-20", source: .phone, plays: 1, views: 1, completions: 1,
                    watchSeconds: 40)
            ])
        // It goes on: the position is kept for resuming, the counts stay as they were.
        let end = EventTime(wallMilliseconds: 3, bootID: "b2", monotonicNanoseconds: Self.now.monotonicNanoseconds)
        _ = try await log.update(token: "t", with: PlayUpdate(position: 600, playedSeconds: 600, ended: true, at: end))
        #expect(try await outbox.makeBatches(Self.request()) == [])
        #expect(try await log.play(token: "t")?.position == 600)
    }
}

/// A small seeded generator, so a failing random case can be replayed.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}
