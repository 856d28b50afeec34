import ContentStore
import KioskCore
import KioskStore
import PoolFormat

extension KioskRuntime {
    /// The curation in force: the configuration file's keys with the staff page's overrides on top.
    public func effectiveCuration() async throws -> EffectiveCuration {
        EffectiveCuration(file: configuration.curation, overrides: try await database.curationOverrides())
    }

    /// A sync engine for the configured pool (or `poolOverride`), trusted keys and effective curation.
    public func syncEngine(poolOverride: String? = nil, gate: SyncGate = SyncGate()) async throws -> SyncEngine {
        let location = poolOverride ?? configuration.pool.url
        guard !location.isEmpty else {
            throw AppError(
                "no pool is configured: set [pool] url in the configuration (an https:// URL or a directory)")
        }
        return SyncEngine(
            database: database, cache: cache, source: try SyncSources.make(location),
            trustedKeys: configuration.trustedPoolKeys, curation: try await effectiveCuration().curation, gate: gate)
    }
}

extension KioskConfiguration {
    /// `[pool] trusted_keys`, parsed (loading the configuration already refused bad ones).
    public var trustedPoolKeys: [PoolPublicKey] { pool.trustedKeys.compactMap { try? PoolPublicKey(base64: $0) } }
}

/// The source for a configured pool location.
enum SyncSources {
    static func make(_ location: String) throws -> any SyncSource {
        if location.hasPrefix("/") { return DirectorySyncSource(directory: location) }
        throw AppError("\(location): HTTP pools are not supported by this build yet")
    }
}
