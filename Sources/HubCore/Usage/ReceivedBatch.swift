import Foundation
import PoolFormat

/// A usage batch as the hub received it: the decoded batch, the SHA-256 of its exact bytes (a
/// retry must send the same bytes), when it arrived, and the year each of its counts belongs to.
public struct ReceivedBatch: Sendable, Hashable {
    public var batch: UsageBatch
    /// The body as received: what the store keeps.
    public var body: Data
    /// Lower-case hex SHA-256 of the body.
    public var bodySHA256: String
    public var bodyBytes: Int
    public var receivedAt: Date
    /// ``CountingYear`` of each element of `batch.counts`, in the same order.
    public var years: [Int]

    /// `batch` decoded from `body`, which arrived at `receivedAt`.
    public init(batch: UsageBatch, body: Data, receivedAt: Date) {
        self.batch = batch
        self.body = body
        self.bodySHA256 = SiteToken.sha256(body)
        self.bodyBytes = body.count
        self.receivedAt = receivedAt
        self.years = batch.counts.map { CountingYear.year(of: $0.day, arrivedAt: receivedAt) }
    }

    /// What identifies the batch: (site, installation, batch number).
    public var key: String { "\(batch.site)/\(batch.installation)/\(batch.batch)" }
}
