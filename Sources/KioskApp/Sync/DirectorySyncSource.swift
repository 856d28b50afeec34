import ContentStore
import Foundation
import KioskCentral
import NIOPosix
import PoolFormat

/// A pool directory or USB stick as a sync source: files are copied with their hash checked.
struct DirectorySyncSource: SyncSource {
    let directory: String

    var location: String { directory }

    func fetchManifest() async throws(SourceError) -> FetchedManifest {
        guard let manifest = FileManager.default.contents(atPath: directory + "/manifest.json") else {
            throw SourceError(.notFound, "no manifest.json in \(directory); is this a pool directory?")
        }
        return FetchedManifest(
            manifest: manifest,
            signature: FileManager.default.contents(atPath: directory + "/" + ManifestSignature.fileName))
    }

    func fetch(
        _ file: FileObject, as relativePath: String, into cache: ContentStore, reserveBytes: Int64,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws(SourceError) -> Int64 {
        do {
            try await NIOThreadPool.singleton.runIfActive { [directory] in
                try cache.importFile(
                    from: directory + "/" + file.path, to: relativePath, sha256: file.sha256, bytes: file.bytes)
            }
        } catch let error as ContentStoreError {
            throw SourceError(error.code == .diskFull ? .diskFull : .verification, error.message)
        } catch is CancellationError {
            // Paused or stopped while the copy waited for a thread: it is tried again on resume.
            throw SourceError(.cancelled, "\(file.path): not copied, the sync was paused or stopped")
        } catch {
            throw SourceError(.io, "\(error)")
        }
        progress(file.bytes)
        return file.bytes
    }
}
