import Foundation
import PoolFormat

/// Usage batches for the hub's tests: valid by the protocol, with the counts a test names.
public enum UsageBatchSamples {
    /// A fixed installation id (a lower-case UUID).
    public static let installation = "5f0c2a9e-7d1b-4c3e-9a51-0e8b6f2d4c17"

    /// A batch of `site` with `counts`; the same arguments always give the same bytes.
    public static func batch(
        site: String, installation: String = Self.installation, number: Int, counts: [UsageCount],
        createdAt: String = "2026-11-21T02:00:05+08:00"
    ) -> UsageBatch {
        UsageBatch(
            site: site, installation: installation, batch: number, createdAt: createdAt,
            kiosk: UsageBatch.Kiosk(version: "1.0.0"), counts: counts)
    }

    /// One row of counts: `views` views, `completions` completions, `plays` ≥ both.
    public static func count(
        _ resource: String, day: String?, source: UsageSource = .tv, plays: Int? = nil, views: Int,
        completions: Int = 0, watchSeconds: Int = 0
    ) -> UsageCount {
        UsageCount(
            resource: resource, day: day, source: source, plays: plays ?? max(views, completions), views: views,
            completions: completions, watchSeconds: watchSeconds)
    }

    /// `rows` rows of distinct resources on one day: a batch of realistic size.
    public static func counts(rows: Int, day: String = "2026-11-20") -> [UsageCount] {
        (0..<rows).map { index in
            count(
                "R\(String(format: "%06d", index))", day: day, source: index % 2 == 0 ? .tv : .phone, plays: 12,
                views: 9, completions: 4, watchSeconds: 5400)
        }
    }
}
