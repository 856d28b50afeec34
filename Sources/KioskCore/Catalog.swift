import PoolFormat

/// What the menu reads: the installed catalog joined with the play log.
public protocol Catalog: Sendable {
    /// The home screen, with resume for `source`.
    func home(source: PlaySource) async throws -> HomeMenu
    /// A top-level category, or nil when it has nothing playable.
    func category(named name: String) async throws -> CategoryMenu?
    /// A series in order, with the episode `source` should continue with; nil when unknown.
    func series(named name: String, source: PlaySource) async throws -> SeriesMenu?
    /// One playable resource with `source`'s resume position; nil when unknown or not playable.
    func resource(id: String, source: PlaySource) async throws -> ResourceDetail?
    /// A verified cached file by its hash; nil when the cache does not hold it.
    func file(sha256: String) async throws -> CachedFile?
    /// A number that changes whenever anything the menu shows may have changed; for caching answers.
    var generation: UInt64 { get }
}

extension Categories {
    /// URL path of a top-level category's icon (files in `Kiosk/icons/`).
    public static func iconPath(for name: String) -> String {
        let index = topLevel.firstIndex(of: name) ?? 0
        return "/icons/category-\(index + 1).svg"
    }
}
