import PoolFormat

/// Counts summed per local day × resource × source, and handed out in the batches' order.
///
/// Compact, because a backlog can hold a hundred thousand rows: each row is one 64-bit key
/// (day, the resource's index in a small table of ids, source) and four numbers.
public struct UsageTotals: Sendable {
    struct Sums {
        var plays: Int32 = 0
        var views: Int32 = 0
        var completions: Int32 = 0
        var watchSeconds: Int64 = 0
    }

    private var totals: [Int64: Sums] = [:]
    private var resourceIndex: [String: Int64] = [:]
    private var resources: [String] = []

    public init() {}

    /// Rows so far.
    public var count: Int { totals.count }

    public mutating func add(_ tally: PlayTally, day: Int64?, resource: String, source: PlaySource) {
        let index: Int64
        if let known = resourceIndex[resource] {
            index = known
        } else {
            index = Int64(resources.count)
            resourceIndex[resource] = index
            resources.append(resource)
        }
        // A null day sorts first: day + 1 (0 for null) in the high bits, then resource, then source.
        let key = ((day ?? -1) + 1) << 33 | index << 1 | (source == .tv ? 1 : 0)
        var sums = totals[key] ?? Sums()
        sums.plays += Int32(clamping: tally.plays)
        sums.views += Int32(clamping: tally.views)
        sums.completions += Int32(clamping: tally.completions)
        sums.watchSeconds += Int64(tally.watchSeconds)
        totals[key] = sums
    }

    /// The rows, sorted by day (null first), resource id by its bytes, then source.
    public func counts() -> [UsageCount] {
        var rows: [UsageCount] = []
        rows.reserveCapacity(totals.count)
        forEachSorted { rows.append($0) }
        return rows
    }

    /// Hands out the rows in that order one at a time, so they are never all held twice.
    public func forEachSorted(_ body: (UsageCount) throws -> Void) rethrows {
        // `phone` sorts before `tv`, and so does its bit.
        let keys = totals.keys.sorted { a, b in
            if a >> 33 != b >> 33 { return a < b }
            let left = resources[Int(a >> 1 & 0xFFFF_FFFF)]
            let right = resources[Int(b >> 1 & 0xFFFF_FFFF)]
            if left != right { return left.utf8.lexicographicallyPrecedes(right.utf8) }
            return a & 1 < b & 1
        }
        for key in keys {
            let sums = totals[key] ?? Sums()
            let day = key >> 33 - 1
            try body(
                UsageCount(
                    resource: resources[Int(key >> 1 & 0xFFFF_FFFF)], day: day < 0 ? nil : SiteCalendar.dayText(day),
                    source: key & 1 == 1 ? .tv : .phone, plays: Int(sums.plays), views: Int(sums.views),
                    completions: Int(sums.completions), watchSeconds: Int(sums.watchSeconds)))
        }
    }
}
