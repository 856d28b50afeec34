import ContentStore
import KioskCentral
import KioskCore
import KioskStore
import PoolFormat

extension KioskRuntime {
    /// The curation in force: the configuration file's keys with the staff page's overrides on top.
    public func effectiveCuration() async throws -> EffectiveCuration {
        EffectiveCuration(file: configuration.curation, overrides: try await database.curationOverrides())
    }

    /// Runs `body` with a sync engine for the configured pool (or `poolOverride`), trusted keys,
    /// effective curation and bandwidth limit; the pool's connections are closed afterwards.
    public func withSyncEngine<Result: Sendable>(
        poolOverride: String? = nil, gate: SyncGate = SyncGate(), _ body: (SyncEngine) async throws -> Result
    ) async throws -> Result {
        let location = poolOverride ?? configuration.pool.url
        guard !location.isEmpty else {
            throw AppError(
                "no pool is configured: set [pool] url in the configuration (an https:// URL or a directory)")
        }
        let curation = try await effectiveCuration().curation
        return try await withPoolSource(url: location) { source in
            try await body(
                SyncEngine(
                    database: database, cache: cache, source: source, trustedKeys: configuration.trustedPoolKeys,
                    curation: curation, bandwidthLimit: configuration.pool.bandwidthLimit, gate: gate))
        }
    }
}

extension KioskConfiguration {
    /// `[pool] trusted_keys`, parsed (loading the configuration already refused bad ones).
    public var trustedPoolKeys: [PoolPublicKey] { pool.trustedKeys.compactMap { try? PoolPublicKey(base64: $0) } }
}
