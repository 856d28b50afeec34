import ContentStore
import Foundation
import KioskCore
import KioskStore
import NIOPosix
import PoolFormat

/// Installs a pool directory (or USB stick) into the cache and the catalog: the local half of sync.
///
/// The manifest must carry a signature from a trusted key; otherwise nothing changes.
/// Each file is copied into the content-addressed cache with its hash checked while copying,
/// fsynced and renamed into place; only then do the resources whose files all verified enter the
/// catalog, in one transaction. A bad entry or a bad file is refused alone; resources already
/// installed stay as they are unless a verified newer entry replaces them (ARCHITECTURE.md
/// invariant 4). Files no resource uses any more are deleted after the catalog has moved on.
public struct PoolInstaller: Sendable {
    let database: KioskDatabase
    let cache: ContentStore
    /// Keys whose signature on `manifest.json` is trusted (`[pool] trusted_keys`).
    let trustedKeys: [PoolPublicKey]

    public init(database: KioskDatabase, cache: ContentStore, trustedKeys: [PoolPublicKey]) {
        self.database = database
        self.cache = cache
        self.trustedKeys = trustedKeys
    }

    public func install(poolDirectory: String, progress: (InstallEvent) -> Void = { _ in }) async throws
        -> InstallReport
    {
        let manifestPath = poolDirectory + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw AppError("no manifest.json in \(poolDirectory); is this a pool directory?")
        }
        let signature = FileManager.default.contents(atPath: poolDirectory + "/" + ManifestSignature.fileName)
        do {
            try ManifestSignature.verify(data, signature: signature, trustedKeys: trustedKeys)
        } catch {
            throw AppError("\(poolDirectory): \(error.message); nothing was changed")
        }
        let decoded: DecodedManifest
        do {
            decoded = try ManifestDecoder.decode(data)
        } catch {
            throw AppError("\(manifestPath): \(error.message); nothing was changed")
        }
        var report = InstallReport(poolName: decoded.manifest.pool, publishedAt: decoded.manifest.publishedAt)
        for rejection in decoded.rejected {
            report.refused.append((rejection.name, rejection.problems.map(\.description).joined(separator: "; ")))
            progress(.refused(id: rejection.name, reason: report.refused.last!.reason))
        }
        var verified: [String: CachedFile] = [:]
        var ready: [InstallableResource] = []
        for (position, resource) in decoded.manifest.resources.enumerated() {
            do {
                let copied = try await copyFiles(
                    of: resource, from: poolDirectory, verified: &verified, report: &report)
                ready.append(InstallableResource(resource: resource, position: position))
                progress(.installed(id: resource.id, title: resource.title, copiedBytes: copied))
            } catch {
                report.refused.append((resource.id, error.reason))
                progress(.refused(id: resource.id, reason: error.reason))
            }
        }
        let needed = Set(ready.flatMap { $0.resource.files.map(\.sha256) })
        try await database.commitInstall(
            resources: ready, files: verified.values.filter { needed.contains($0.sha256) },
            poolName: decoded.manifest.pool, publishedAt: decoded.manifest.publishedAt,
            installedAt: SystemEventClock.wallMilliseconds())
        report.installed = ready.map(\.resource.id)
        report.removedFiles = try await CacheSweeper(database: database, cache: cache).removeUnusedFiles()
        return report
    }

    private struct FileFailure: Error {
        var reason: String
    }

    /// Makes sure every file of `resource` is in the cache; returns the bytes copied.
    private func copyFiles(
        of resource: Resource, from poolDirectory: String, verified: inout [String: CachedFile],
        report: inout InstallReport
    ) async throws(FileFailure) -> Int64 {
        var copied: Int64 = 0
        for (field, file) in zip(["cover", "media"], resource.files) where verified[file.sha256] == nil {
            let relativePath = CachedFile.relativePath(
                sha256: file.sha256, fileExtension: CachedFile.fileExtension(forMIME: file.mime))
            if cache.holds(relativePath, bytes: file.bytes) {
                report.reusedFiles += 1
            } else {
                do {
                    // Reading, hashing and fsyncing block: they run on NIO's thread pool, not the
                    // cooperative pool that serves requests.
                    try await NIOThreadPool.singleton.runIfActive { [cache] in
                        try cache.importFile(
                            from: poolDirectory + "/" + file.path, to: relativePath, sha256: file.sha256,
                            bytes: file.bytes)
                    }
                } catch let error as ContentStoreError {
                    throw FileFailure(reason: "\(field): \(error.message)")
                } catch {
                    throw FileFailure(reason: "\(field): \(error)")
                }
                copied += file.bytes
                report.copiedFiles += 1
                report.copiedBytes += file.bytes
            }
            verified[file.sha256] = CachedFile(
                sha256: file.sha256, relativePath: relativePath, bytes: file.bytes, mime: file.mime.lowercased(),
                verifiedAtMilliseconds: SystemEventClock.wallMilliseconds())
        }
        return copied
    }
}
