/// Where the hub keeps usage batches and their counts (a port: ``HubStore``'s SQLite store is the
/// default; a PostgreSQL store can implement the same protocol for a national hub).
///
/// The contract an implementation must keep (docs/hub.md "Storage"):
/// - ``ingest(_:)`` stores the batch row and all its counts in one transaction, keyed by
///   (site, installation, batch) with a unique constraint, and answers only after that
///   transaction is durable. Two requests with the same key racing each other store once: the
///   loser sees the winner's row (same body hash: ``IngestOutcome/duplicate``; another:
///   ``IngestOutcome/conflict(storedSHA256:)``) and stores nothing.
/// - A failure stores nothing of the batch, and throws.
public protocol UsageStore: Sendable {
    /// Stores `batch` unless its key is already stored; see the type's contract.
    func ingest(_ batch: ReceivedBatch) async throws -> IngestOutcome
    /// Per resource, the sums of the counts of `year` (``CountingYear``; nil: every year) from
    /// the sites of `region` (nil: every site), in no particular order.
    func totals(year: Int?, region: String?) async throws -> [ResourceTotals]
    /// Every site with the last batch of each of its installations.
    func activity() async throws -> [SiteActivity]
    /// The stored counts per site, resource, day and source, summed over every stored batch
    /// (of `site` only, when given), from the bodies as received.
    func dailyCounts(site: String?) async throws -> [DailyCount]
}
