import ContentStore
import Foundation
import KioskCore
import KioskStore

/// Deletes cached files nothing uses any more, and partial downloads nothing will resume.
struct CacheSweeper: Sendable {
    let database: KioskDatabase
    let cache: ContentStore

    /// Forgets, then deletes, cached files that no resource uses. The index entry goes first, so a
    /// power cut in between leaves an unlisted file (reused or swept later), never a listed hole.
    func removeUnusedFiles() async throws -> Int {
        let unused = try await database.unreferencedFiles()
        try await database.forgetFiles(sha256: unused.map(\.sha256))
        for file in unused { try? cache.remove(file.relativePath) }
        return unused.count
    }

    /// Deletes `partial/<sha256>.part` files whose hash is not in `keeping`.
    func removePartials(keeping: Set<String>) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cache.partialDirectory)) ?? []
        for name in names where name.hasSuffix(".part") && !keeping.contains(String(name.dropLast(5))) {
            try? FileManager.default.removeItem(atPath: cache.partialDirectory + "/" + name)
        }
    }
}
