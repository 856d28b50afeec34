/// The sites the hub knows and their bearer tokens (a port: ``HubStore`` keeps them in SQLite).
///
/// Tokens are never stored, only their SHA-256 (``SiteToken/sha256``): a copy of the database
/// does not let anyone upload as a site. One admin token reads the sites' status.
public protocol SiteRegistry: Sendable {
    /// Adds `site` with its token's hash; false (and nothing changed) when the id is taken.
    func add(_ site: Site, tokenSHA256: String) async throws -> Bool
    /// Gives `siteID` a new token, so the old one stops working; false when there is no such site.
    func replaceToken(of siteID: String, tokenSHA256: String) async throws -> Bool
    /// Every site, by id.
    func sites() async throws -> [Site]
    /// The site whose token hashes to `tokenSHA256`, if any.
    func site(tokenSHA256: String) async throws -> Site?
    /// Sets the one admin token (replacing the previous one).
    func setAdminToken(sha256: String) async throws
    /// The admin token's hash, nil until one was made.
    func adminTokenSHA256() async throws -> String?
}
