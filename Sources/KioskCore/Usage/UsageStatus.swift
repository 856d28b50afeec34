/// What staff see of the usage upload (USAGE-PROTOCOL.md): on the staff page, in `yinling status`
/// and `yinling upload`, and in the JSON of both (`--json`).
public struct UsageStatus: Sendable, Hashable, Codable {
    /// Uploads are configured (`[upload] enabled`); when false nothing is batched or sent.
    public var enabled = false
    /// The hub's base URL (never the token).
    public var hubURL: String?
    /// Batches made and not yet acknowledged by the hub.
    public var pendingBatches = 0
    /// The number of the newest batch made.
    public var lastBatch: Int?
    /// The newest batch the hub acknowledged, and when (ISO 8601).
    public var lastAcknowledgedBatch: Int?
    public var lastAcknowledgedAt: String?
    /// Why the oldest pending batch is still pending (the hub's last answer to it); nil when
    /// nothing is pending or it was not tried yet.
    public var lastError: UploadFailure?
    /// Plays no batch has counted yet: in progress, waiting for the clock, or settled since the
    /// last batch.
    public var unbatchedPlays = 0
    /// Settled plays of this boot that wait for the clock to be trusted before they are batched.
    public var waitingForClock = 0
    /// Whether this boot's clock is known to be right (kernel NTP status, or the hub's `Date`).
    public var clockTrusted = false
    /// When the service tries next (ISO 8601); nil when it is not running or nothing is planned.
    public var nextAttemptAt: String?

    public init() {}
}

/// Why a batch was kept rather than acknowledged: the hub's answer, or no answer.
public struct UploadFailure: Sendable, Hashable, Codable {
    /// The protocol's table of answers, as the kiosk sorts them.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// 400: malformed or a bad field; logged loudly, retried later (a newer hub may accept it).
        case rejected
        /// 401 / 403: no such token, or the token of another site.
        case unauthorized
        /// 409: the hub holds this batch number with a different body (a bug, or a copied SD card).
        case conflict
        /// 413: over the hub's limit; the kiosk splits batches, so this is a bug to report.
        case tooLarge
        /// 429 / 503: the hub is busy; its `Retry-After` is honoured.
        case overloaded
        /// 408 or another 5xx.
        case serverError
        /// An answer the protocol does not have (404 from a wrong `hub_url`, a 200 that is not the hub's).
        case unexpected
        /// No answer: no network, connection refused, timeout.
        case network
    }

    public var batch: Int
    public var kind: Kind
    /// The hub's HTTP status; nil when no answer came.
    public var status: Int?
    /// What happened and what to do, for staff, with the hub's own message when it gave one.
    public var message: String
    /// ISO 8601, the kiosk's time of the answer.
    public var at: String

    public init(batch: Int, kind: Kind, status: Int?, message: String, at: String) {
        self.batch = batch
        self.kind = kind
        self.status = status
        self.message = message
        self.at = at
    }

    /// Answers staff must act on (token, site, copied card, a bug) rather than wait out.
    public var needsStaff: Bool { [.rejected, .unauthorized, .conflict, .tooLarge, .unexpected].contains(kind) }
}
