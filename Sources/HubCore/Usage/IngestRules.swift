/// Who may send a batch: the rule between a site's token and the batch's `site`.
public enum IngestRules {
    /// Why a batch is refused before it is stored.
    public enum Refusal: Sendable, Hashable {
        /// The request names no token, or one the hub did not issue (401).
        case unknownToken
        /// The token is another site's than the batch's `site` (403).
        case otherSite(tokenSite: String, batchSite: String)
    }

    /// Nil when a batch naming `batchSite` may be stored for a request authenticated as `tokenSite`.
    public static func refusal(tokenSite: String?, batchSite: String) -> Refusal? {
        guard let tokenSite else { return .unknownToken }
        return tokenSite == batchSite ? nil : .otherSite(tokenSite: tokenSite, batchSite: batchSite)
    }
}
