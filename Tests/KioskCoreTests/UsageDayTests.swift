import Foundation
import KioskCore
import PoolFormat
import Testing

@Suite("Usage days: the site's time zone, clock trust, day null")
struct UsageDayTests {
    /// 2026-11-20 00:00 in Asia/Shanghai.
    static let midnight: Int64 = 1_795_104_000_000
    static let shanghai = Self.calendar("Asia/Shanghai")

    static func calendar(_ identifier: String) -> SiteCalendar {
        let zone = TimeZone(identifier: identifier)!
        return SiteCalendar { Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0) / 1000))) * 1000 }
    }

    @Test(arguments: [
        (-1, "2026-11-19"), (0, "2026-11-20"), (86_399_999, "2026-11-20"), (86_400_000, "2026-11-21"),
        // 07:59:59 UTC-wise the same day in Shanghai, a day later than UTC's at 16:00.
        (-8 * 3_600_000, "2026-11-19"),
    ])
    func dayBoundariesInShanghai(offset: Int64, day: String) {
        #expect(Self.shanghai.day(atMilliseconds: Self.midnight + offset) == day)
    }

    @Test func timestampsCarryTheSiteOffset() {
        #expect(
            Self.shanghai.timestamp(atMilliseconds: Self.midnight + 86_400_000 + 2 * 3_600_000 + 5_000)
                == "2026-11-21T02:00:05+08:00")
        #expect(
            SiteCalendar.fixed(offsetSeconds: -3 * 3600 - 1800).timestamp(atMilliseconds: 0)
                == "1969-12-31T20:30:00-03:30")
    }

    @Test func offsetSegmentsFollowDaylightSaving() {
        let berlin = Self.calendar("Europe/Berlin")
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        let segments = berlin.offsetSegments(from: 1_767_225_600_000, to: 1_798_761_600_000)
        #expect(segments.map(\.offsetMilliseconds) == [3_600_000, 7_200_000, 3_600_000])
        #expect(segments.map(\.start) == [nil, 1_774_746_000_000, 1_792_890_000_000])
        #expect(Self.shanghai.offsetSegments(from: 1_767_225_600_000, to: 1_798_761_600_000).count == 1)
    }

    @Test func fastDayNumbersAgreeWithTheZoneAcrossDaylightSaving() {
        let berlin = Self.calendar("Europe/Berlin")
        let days = DayNumbers(calendar: berlin, from: 1_767_225_600_000, to: 1_798_761_600_000)
        // Around both changes, and a sweep of the year every 7 h 13 min.
        var instants: [Int64] = [1_774_746_000_000, 1_792_890_000_000].flatMap { change in
            [-3_600_001, -1, 0, 1, 3_599_999, 22 * 3_600_000 + 59 * 60_000].map { change + $0 }
        }
        instants += stride(from: Int64(1_767_225_600_000), to: 1_798_761_600_000, by: 25_980_000).map { $0 }
        for instant in instants {
            #expect(days.dayNumber(atMilliseconds: instant) == berlin.dayNumber(atMilliseconds: instant), "\(instant)")
        }
        // Outside the span the nearest offset applies.
        #expect(days.dayNumber(atMilliseconds: 0) == 0)
    }

    /// The board booted with its clock at 1970; the hub's `Date` arrived mid-morning of 20 November.
    @Test func trustArrivingMidDayFixesTheDaysOfTheWholeBoot() {
        // At monotonic 3 h the hub said 10:00 Shanghai; the wall clock said 1970-01-01 03:00.
        let at = EventTime(wallMilliseconds: 3 * 3_600_000, bootID: "b1", monotonicNanoseconds: 3 * 3_600_000_000_000)
        let hubSays = HTTPDate(secondsSince1970: (Self.midnight + 10 * 3_600_000) / 1000)
        let evidence = ClockEvidence.hub(date: hubSays, receivedAt: at)
        // A play at monotonic 1 h (before trust: 08:00) and one at 15 h (22:00), and one at 17 h (next day).
        func start(hours: Int64) -> EventTime {
            EventTime(
                wallMilliseconds: hours * 3_600_000, bootID: "b1", monotonicNanoseconds: hours * 3_600_000_000_000)
        }
        let before = DayResolver(calendar: Self.shanghai, currentBoot: "b1", evidence: [])
        #expect(!before.isTrusted)
        #expect(before.day(of: start(hours: 1)) == .provisional("1970-01-01"))
        let after = DayResolver(calendar: Self.shanghai, currentBoot: "b1", evidence: [evidence])
        #expect(after.isTrusted)
        #expect(after.day(of: start(hours: 1)) == .known("2026-11-20"))
        #expect(after.day(of: start(hours: 15)) == .known("2026-11-20"))
        #expect(after.day(of: start(hours: 17)) == .known("2026-11-21"))
        #expect(after.bestMilliseconds(of: at) == Self.midnight + 10 * 3_600_000 + 500)
    }

    @Test func kernelEvidenceTakesTheWallClock() {
        let now = EventTime(wallMilliseconds: Self.midnight + 1000, bootID: "b2", monotonicNanoseconds: 7_000_000_000)
        let evidence = ClockEvidence.kernel(at: now)
        #expect(evidence.offsetMilliseconds == Self.midnight - 6000)
        #expect(evidence.trueMilliseconds(of: now) == now.wallMilliseconds)
    }

    /// (boot of the play, boots with evidence) → its day.
    @Test(arguments: [
        ("b1", ["b1"], PlayDay.known("2026-11-20")),
        ("b1", [], .provisional("1970-01-01")),
        // An earlier boot that never learned the time: it never will.
        ("b0", [], .unknown),
        ("b0", ["b1"], .unknown),
        ("b0", ["b0"], .known("2026-11-20")),
    ])
    func dayNullOnlyForPastUntrustedBoots(boot: String, trusted: [String], expected: PlayDay) {
        let evidence = trusted.map { ClockEvidence(bootID: $0, offsetMilliseconds: Self.midnight, source: .hub) }
        let resolver = DayResolver(calendar: Self.shanghai, currentBoot: "b1", evidence: evidence)
        #expect(
            resolver.day(of: EventTime(wallMilliseconds: 5, bootID: boot, monotonicNanoseconds: 5_000_000)) == expected)
    }

    @Test func aggregationBatchesSettledEstablishedPlaysByDayResourceAndSource() {
        let evidence = [ClockEvidence(bootID: "b1", offsetMilliseconds: Self.midnight, source: .kernel)]
        let days = DayResolver(calendar: Self.shanghai, currentBoot: "b2", evidence: evidence)
        let now = EventTime(wallMilliseconds: 0, bootID: "b2", monotonicNanoseconds: 10_000 * 1_000_000_000)
        func play(
            _ id: String, _ source: PlaySource, boot: String, hour: Int64, played: Double, ended: Bool = true,
            quietSeconds: Int64 = 0
        ) -> CountablePlay {
            let started = EventTime(wallMilliseconds: 0, bootID: boot, monotonicNanoseconds: hour * 3_600_000_000_000)
            let updated = EventTime(
                wallMilliseconds: 0, bootID: boot,
                monotonicNanoseconds: now.monotonicNanoseconds - quietSeconds * 1_000_000_000)
            return CountablePlay(
                resourceID: id, source: source, durationSeconds: 600, started: started,
                updated: boot == "b2" ? updated : started, ended: ended, playedSeconds: played,
                furthestPosition: played)
        }
        let plays = [
            play("R1", .tv, boot: "b1", hour: 1, played: 45),
            play("R1", .tv, boot: "b1", hour: 2, played: 580.5),
            play("R1", .phone, boot: "b1", hour: 3, played: 10),
            play("R1", .tv, boot: "b1", hour: 25, played: 31),  // the next day
            play("R2", .tv, boot: "b0", hour: 1, played: 40),  // a past boot never trusted: day null
            play("R3", .tv, boot: "b2", hour: 2, played: 40),  // this boot, not trusted yet: waits
            play("R4", .tv, boot: "b1", hour: 1, played: 0, ended: false),  // an old boot: settled though not ended
        ]
        let counts = UsageAggregation.counts(of: plays, now: now, days: days)
        #expect(
            counts == [
                UsageCount(resource: "R2", day: nil, source: .tv, plays: 1, views: 1, completions: 0, watchSeconds: 40),
                UsageCount(
                    resource: "R1", day: "2026-11-20", source: .phone, plays: 1, views: 0, completions: 0,
                    watchSeconds: 10),
                UsageCount(
                    resource: "R1", day: "2026-11-20", source: .tv, plays: 2, views: 2, completions: 1,
                    watchSeconds: 625),
                UsageCount(
                    resource: "R4", day: "2026-11-20", source: .tv, plays: 1, views: 0, completions: 0, watchSeconds: 0),
                UsageCount(
                    resource: "R1", day: "2026-11-21", source: .tv, plays: 1, views: 1, completions: 0, watchSeconds: 31
                ),
            ])
        // A play of this boot in progress (5 minutes quiet) waits even once the clock is trusted.
        let trusted = DayResolver(
            calendar: Self.shanghai, currentBoot: "b2",
            evidence: evidence + [ClockEvidence(bootID: "b2", offsetMilliseconds: Self.midnight, source: .hub)])
        let running = play("R5", .tv, boot: "b2", hour: 2, played: 40, ended: false, quietSeconds: 300)
        #expect(UsageAggregation.batching(of: running, now: now, days: trusted) == .wait)
        let november20 = Self.shanghai.dayNumber(atMilliseconds: Self.midnight)
        #expect(SiteCalendar.dayText(november20) == "2026-11-20")
        #expect(UsageAggregation.batching(of: plays[5], now: now, days: trusted) == .batch(dayNumber: november20))
    }
}
