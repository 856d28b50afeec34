/// The hub's answer to one batch, as the HTTP client read it (or the lack of one).
public struct HubReply: Sendable, Hashable {
    /// The HTTP status; nil when no answer came (no network, refused, timeout).
    public var status: Int?
    /// `{"accepted": true, "duplicate": …}` from a 2xx body: the duplicate flag; nil when the body
    /// did not say accepted.
    public var acceptedDuplicate: Bool?
    /// The hub's message (a 4xx's text), or the network error in words; short.
    public var message: String
    /// The `Retry-After` header as sent.
    public var retryAfter: String?
    /// The `Date` header: the hub's clock, which makes the kiosk's clock trusted.
    public var date: HTTPDate?

    public init(
        status: Int?, acceptedDuplicate: Bool? = nil, message: String = "", retryAfter: String? = nil,
        date: HTTPDate? = nil
    ) {
        self.status = status
        self.acceptedDuplicate = acceptedDuplicate
        self.message = message
        self.retryAfter = retryAfter
        self.date = date
    }

    /// What the kiosk does with this answer (USAGE-PROTOCOL.md, "The hub's ingest API").
    public enum Decision: Sendable, Hashable {
        /// 200 with `accepted: true`: mark the batch acknowledged.
        case acknowledged(duplicate: Bool)
        /// Keep the batch and try again later (after `retryAfter` when the hub set one for 429/503).
        case keep(UploadFailure.Kind, retryAfter: Duration?)
    }

    /// Sorts the answer into the protocol's table; `now` (seconds since 1970) reads HTTP-date `Retry-After`s.
    public func decision(now: Int64) -> Decision {
        guard let status else { return .keep(.network, retryAfter: nil) }
        switch status {
        case 200..<300:
            // Anything else that says 200 (a captive portal, a proxy's page) is not an acknowledgement.
            guard let duplicate = acceptedDuplicate else { return .keep(.unexpected, retryAfter: nil) }
            return .acknowledged(duplicate: duplicate)
        case 400: return .keep(.rejected, retryAfter: nil)
        case 401, 403: return .keep(.unauthorized, retryAfter: nil)
        case 409: return .keep(.conflict, retryAfter: nil)
        case 413: return .keep(.tooLarge, retryAfter: nil)
        case 429, 503:
            return .keep(.overloaded, retryAfter: retryAfter.flatMap { UploadBackoff.retryAfter($0, now: now) })
        case 408, 500..<600: return .keep(.serverError, retryAfter: nil)
        default: return .keep(.unexpected, retryAfter: nil)
        }
    }

    /// A sentence for staff and the log about batch `batch` kept for `kind`.
    public func explanation(batch: Int, kind: UploadFailure.Kind, hub: String) -> String {
        let said = message.isEmpty ? "" : ": \(message)"
        let code = status.map { "\($0)" } ?? ""
        switch kind {
        case .rejected:
            return "the hub refused batch \(batch) as malformed (\(code)\(said)); it is kept and sent again later"
        case .unauthorized where status == 403:
            return "the hub says this token belongs to another site (403\(said)); check [site] id and [upload] token"
        case .unauthorized:
            return "the hub does not accept this kiosk's token (\(code)\(said)); check [upload] token"
        case .conflict:
            return "the hub already holds batch \(batch) of this installation with other counts (409\(said)); "
                + "a copied SD card or a bug: report it to the central office; the batch is kept"
        case .tooLarge:
            return "the hub says batch \(batch) is too large (413\(said)); this should not happen: report it"
        case .overloaded: return "the hub is busy (\(code)\(said)); waiting as it asks"
        case .serverError: return "the hub failed (\(code)\(said)); trying again later"
        case .unexpected where status.map({ (200..<300).contains($0) }) == true:
            return "\(hub) answered \(code) but not as the hub does (no \"accepted\"); check [upload] hub_url"
        case .unexpected: return "unexpected answer \(code) from \(hub)\(said); check [upload] hub_url"
        case .network: return "cannot reach the hub at \(hub)\(said); trying again later"
        }
    }
}
