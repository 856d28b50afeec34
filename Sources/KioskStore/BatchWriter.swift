import Foundation
import GRDB
import PoolFormat

/// Fills batches with counts as they stream out of SQLite and stores each one once it is full:
/// numbered without gaps, never more than `maximumBytes` (a batch that would be is split).
struct BatchWriter {
    let db: Database
    let site: String
    let installation: String
    let createdAt: String
    let version: String
    let maximumBytes: Int
    private(set) var next: Int
    private(set) var numbers: [Int] = []
    private var counts: [UsageCount] = []
    private var bytes: Int
    /// The body without counts, with a batch number of the most digits.
    private let envelopeBytes: Int

    init(
        db: Database, site: String, installation: String, createdAt: String, version: String, maximumBytes: Int,
        next: Int
    ) {
        self.db = db
        self.site = site
        self.installation = installation
        self.createdAt = createdAt
        self.version = version
        self.maximumBytes = maximumBytes
        self.next = next
        envelopeBytes =
            UsageBatch(
                site: site, installation: installation, batch: Int.max, createdAt: createdAt,
                kiosk: .init(version: version), counts: []
            ).encoded().count
        bytes = envelopeBytes
    }

    /// Adds one count; stores the batch first when the count would not fit.
    mutating func add(_ count: UsageCount) throws {
        let size = Self.estimatedBytes(count) + (counts.isEmpty ? 0 : 1)
        if !counts.isEmpty, bytes + size > maximumBytes {
            try finish()
            return try add(count)
        }
        counts.append(count)
        bytes += size
    }

    /// Stores what is left.
    mutating func finish() throws {
        guard !counts.isEmpty else { return }
        try store(counts[...])
        counts.removeAll(keepingCapacity: true)
        bytes = envelopeBytes
    }

    /// Stores `slice` as the next batch, or as two when its body would be too large after all.
    private mutating func store(_ slice: ArraySlice<UsageCount>) throws {
        let batch = UsageBatch(
            site: site, installation: installation, batch: next, createdAt: createdAt, kiosk: .init(version: version),
            counts: Array(slice))
        let body = batch.encoded()
        if body.count > maximumBytes {
            guard slice.count > 1 else {
                throw StoreError(.write, "one usage count does not fit in \(maximumBytes) bytes")
            }
            let middle = slice.startIndex + slice.count / 2
            try store(slice[..<middle])
            return try store(slice[middle...])
        }
        try db.execute(
            sql: "INSERT INTO usageBatch (number, body, createdAt, counts, plays) VALUES (?, ?, ?, ?, ?)",
            arguments: [next, body, createdAt, slice.count, slice.reduce(0) { $0 + $1.plays }])
        numbers.append(next)
        next += 1
    }

    /// The bytes of a count in the batch's JSON: exact for ids without characters JSON escapes,
    /// more otherwise (the stored body is checked against the limit anyway).
    static func estimatedBytes(_ count: UsageCount) -> Int {
        // {"completions":,"day":,"plays":,"resource":"","source":"","views":,"watchSeconds":}
        let keys = 83
        let escaped = count.resource.utf8.reduce(0) { total, byte in
            total + (byte == 0x22 || byte == 0x5C ? 1 : byte < 0x20 ? 5 : 0)
        }
        return keys + count.resource.utf8.count + escaped + (count.day.map { $0.utf8.count + 2 } ?? 4)
            + count.source.rawValue.utf8.count + digits(count.plays) + digits(count.views)
            + digits(count.completions) + digits(count.watchSeconds)
    }

    static func digits(_ value: Int) -> Int {
        var value = value
        var count = value < 0 ? 2 : 1
        while value >= 10 || value <= -10 {
            value /= 10
            count += 1
        }
        return count
    }
}
