import KioskCore
import KioskTesting
import PoolFormat
import Testing

@Suite("Play reports from the pages")
struct PlayReportsTests {
    let log = MemoryPlayLog()
    let clock = ManualClock()
    var reports: PlayReports<MemoryPlayLog, StaticCatalog, ManualClock> {
        PlayReports(log: log, catalog: StaticCatalog(durations: ["R1": 120]), clock: clock)
    }

    func code(_ body: () async throws -> Void) async -> KioskError.Code? {
        do {
            try await body()
            return nil
        } catch let error as KioskError {
            return error.code
        } catch {
            return nil
        }
    }

    @Test func startIsRecordedWithItsTimes() async throws {
        let play = try await reports.start(resourceID: "R1", source: .tv, position: 30)
        #expect(play.token.count == 32)
        #expect(play.started == clock.now() && play.startPosition == 30 && play.durationSeconds == 120)
        #expect(log.all.count == 1)
    }

    @Test func unknownResourceOrImpossiblePositionIsRefused() async {
        #expect(
            await code { _ = try await reports.start(resourceID: "R404", source: .tv, position: 0) } == .unknownResource
        )
        for position in [-1, 126, .nan, .infinity] {
            #expect(
                await code { _ = try await reports.start(resourceID: "R1", source: .phone, position: position) }
                    == .implausibleReport)
        }
        #expect(log.all.isEmpty)
    }

    @Test func progressIsCheckedAgainstElapsedTime() async throws {
        let play = try await reports.start(resourceID: "R1", source: .tv, position: 0)
        clock.advance(seconds: 20)
        #expect(
            await code {
                _ = try await reports.report(token: play.token, position: 20, playedSeconds: 60, ended: false)
            } == .implausibleReport)
        let update = try await reports.report(token: play.token, position: 20, playedSeconds: 20, ended: false)
        #expect(update.position == 20 && update.playedSeconds == 20)
        // Reordered reports never lower the played time.
        let older = try await reports.report(token: play.token, position: 15, playedSeconds: 15, ended: false)
        #expect(older.playedSeconds == 20 && older.position == 15)
        #expect(
            await code {
                _ = try await reports.report(token: play.token, position: 500, playedSeconds: 20, ended: false)
            } == .implausibleReport)
        #expect(
            await code {
                _ = try await reports.report(token: play.token, position: 10, playedSeconds: -1, ended: false)
            } == .implausibleReport)
        #expect(
            await code { _ = try await reports.report(token: "nope", position: 1, playedSeconds: 1, ended: false) }
                == .unknownPlay)
    }

    @Test func endIsFinalAndRepeatable() async throws {
        let play = try await reports.start(resourceID: "R1", source: .phone, position: 0)
        clock.advance(seconds: 5)
        let ended = try await reports.report(token: play.token, position: 5, playedSeconds: 5, ended: true)
        #expect(ended.ended)
        let again = try await reports.report(token: play.token, position: 5, playedSeconds: 5, ended: true)
        #expect(again == ended)
        #expect(
            await code { _ = try await reports.report(token: play.token, position: 6, playedSeconds: 6, ended: false) }
                == .playClosed)
    }

    @Test func reportAfterARestartIsRefused() async throws {
        let play = try await reports.start(resourceID: "R1", source: .tv, position: 0)
        clock.reboot(bootID: "boot-2")
        #expect(
            await code { _ = try await reports.report(token: play.token, position: 1, playedSeconds: 1, ended: false) }
                == .playClosed)
    }
}

@Suite("Play rules and sizes")
struct PlayRulesTests {
    @Test(arguments: [(5.0, 120, 0.0), (10, 120, 10), (60, 120, 60), (113, 120, 113), (114, 120, 0), (119, 120, 0)])
    func resumePosition(_ position: Double, _ duration: Int, _ expected: Double) {
        #expect(PlayRules.resumePosition(position: position, durationSeconds: duration) == expected)
    }

    @Test func viewThresholdIsThirtySecondsOrHalf() {
        #expect(PlayRules.viewThreshold(durationSeconds: 24) == 12)
        #expect(PlayRules.viewThreshold(durationSeconds: 3600) == 30)
    }

    @Test(arguments: [
        ("1048576", Int64(1_048_576)), ("1 GiB", 1_073_741_824), ("500MB", 500_000_000), ("1.5 KiB", 1536),
        ("0", 0), (" 2 tb ", 2_000_000_000_000),
    ])
    func sizeParses(_ text: String, _ bytes: Int64) {
        #expect(ByteSize.parse(text) == bytes)
    }

    @Test(arguments: ["", "GiB", "-1", "1 parsec", "1e3", "99999999999 TiB"])
    func sizeRefuses(_ text: String) {
        #expect(ByteSize.parse(text) == nil)
    }

    @Test func budgetParses() {
        #expect(DiskBudget("85%") == .shareOfDisk(0.85))
        #expect(DiskBudget("20 GiB") == .bytes(21_474_836_480))
        #expect(DiskBudget("0%") == nil && DiskBudget("101%") == nil && DiskBudget("lots") == nil)
        #expect(ByteSize.format(366_282) == "357.7 KiB" && ByteSize.format(800) == "800 B")
    }
}
