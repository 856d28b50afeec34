import Foundation
import HubCore
import NIOPosix
import PoolFormat
import Synchronization

/// The rankings' titles and categories from a published pool's `manifest.json`, read again when
/// the file changes (publish replaces it atomically), so a running `serve` follows new publishes.
final class ManifestCatalog: CatalogSource {
    let path: String
    private let cache = Mutex<(stamp: Stamp?, catalog: ResourceCatalog)>((nil, ResourceCatalog()))

    /// What tells a replaced manifest from the one read: its inode, size and modification time.
    struct Stamp: Equatable {
        var inode: UInt64
        var size: Int64
        var modified: Int
        var modifiedNanoseconds: Int
    }

    /// Reads `<poolDirectory>/manifest.json` once now, so a wrong `--pool` stops the command at once.
    init(poolDirectory: String) throws(AppError) {
        path = poolDirectory + "/manifest.json"
        do {
            _ = try load()
        } catch {
            throw AppError("--pool \(poolDirectory): \(error.message)")
        }
    }

    func catalog() async throws -> ResourceCatalog {
        // stat and (rarely) reading the manifest block: NIO's thread pool, not the cooperative one.
        try await NIOThreadPool.singleton.runIfActive { [self] in
            do {
                return try load()
            } catch {
                // A manifest that cannot be read now (being replaced by hand?): the last good one.
                return cache.withLock { $0.catalog }
            }
        }
    }

    private func load() throws(AppError) -> ResourceCatalog {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw AppError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        let stamp = Stamp(
            inode: UInt64(status.st_ino), size: Int64(status.st_size), modified: status.st_mtim.tv_sec,
            modifiedNanoseconds: status.st_mtim.tv_nsec)
        if let cached = cache.withLock({ $0.stamp == stamp ? $0.catalog : nil }) { return cached }
        guard let data = FileManager.default.contents(atPath: path) else { throw AppError("cannot read \(path)") }
        let manifest: Manifest
        do {
            manifest = try ManifestDecoder.decode(data).manifest
        } catch {
            throw AppError("\(path) is not a pool manifest: \(error.message)")
        }
        let catalog = ResourceCatalog(manifest: manifest)
        cache.withLock { $0 = (stamp, catalog) }
        return catalog
    }
}
