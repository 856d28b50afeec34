/// The outbox of numbered batches waiting for the hub (USAGE-PROTOCOL.md "Batches"); the kiosk
/// database implements it (`SQLiteUsageOutbox`).
public protocol UsageOutbox: Sendable {
    /// The oldest batch the hub has not acknowledged, with its stored body.
    func oldestPendingBatch() async throws -> OutboxBatch?
    /// Marks a batch acknowledged (`at`: ISO 8601).
    func acknowledge(batch: Int, at: String) async throws
    /// Records why a batch was kept; it stays pending.
    func recordFailure(_ failure: UploadFailure) async throws
    /// Keeps the first evidence of a boot's true time; later evidence of that boot is ignored.
    func recordEvidence(_ evidence: ClockEvidence) async throws
}

/// One stored batch: its number and the exact bytes sent on every attempt.
public struct OutboxBatch: Sendable, Hashable {
    public var number: Int
    public var body: [UInt8]

    public init(number: Int, body: [UInt8]) {
        self.number = number
        self.body = body
    }
}

/// The hub's ingest endpoint (`POST /api/v1/usage`); the HTTP client implements it (`HTTPUsageHub`).
public protocol UsageHub: Sendable {
    /// Sends one batch body; never throws: no answer is a ``HubReply`` without a status.
    func send(_ body: [UInt8]) async -> HubReply
    /// Any answer of the hub, for its `Date` header while the kiosk's clock is not trusted.
    func currentDate() async -> HTTPDate?
    /// The hub's address, for messages.
    var location: String { get }
}
