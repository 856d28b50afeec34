import ContentStore
import Foundation
import HubCore
import PoolFormat

/// The published pool on disk: content-addressed files, then `manifest.json` and its signature.
///
/// Files are placed first and never change under their names; the manifest is written last and
/// atomically, so a kiosk or CDN sees either the old pool or the new one. Files the new manifest no
/// longer uses stay: kiosks still syncing the previous manifest may need them.
final class PoolDirectory {
    let store: ContentStore
    private(set) var copiedFiles = 0
    private(set) var copiedBytes: Int64 = 0
    private(set) var reusedFiles = 0

    init(root: String) throws(AppError) {
        do {
            store = try ContentStore(root: root)
        } catch {
            throw AppError("cannot use \(root) as the pool directory: \(error.message)")
        }
    }

    var root: String { store.root }

    /// Puts `source` into `folder/<aa>/<sha256>.<ext>`: hashed first, and copied (hashed again
    /// while copying) only when the pool does not hold a file of that hash and size already.
    func place(_ source: String, folder: String, fileExtension: String, mime: String) throws(ContentStoreError)
        -> FileObject
    {
        let (sha256, bytes) = try ContentStore.hash(fileAt: source)
        let path = ResourceDraft.poolPath(folder: folder, sha256: sha256, fileExtension: fileExtension)
        if store.holds(path, bytes: bytes) {
            reusedFiles += 1
        } else {
            try store.importFile(from: source, to: path, sha256: sha256, bytes: bytes)
            copiedFiles += 1
            copiedBytes += bytes
        }
        return FileObject(path: path, sha256: sha256, bytes: bytes, mime: mime)
    }

    /// Writes `manifest.json`, then `manifest.json.sig`, each atomically and durably.
    func write(manifest: Data, signature: Data) throws(AppError) {
        for (name, bytes) in [("manifest.json", manifest), (ManifestSignature.fileName, signature)] {
            do {
                try ContentStore.writeFile(Array(bytes), to: store.path(of: name))
            } catch {
                throw AppError("cannot write \(name): \(error.message)")
            }
        }
        // The store's scratch folder is empty after a clean run; a pool directory is served as it is.
        let scratch = store.partialDirectory
        if (try? FileManager.default.contentsOfDirectory(atPath: scratch))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: scratch)
        }
    }

    /// The manifest the directory holds now, if it has a readable one.
    func currentManifest() -> Manifest? {
        guard let data = FileManager.default.contents(atPath: store.path(of: "manifest.json")) else { return nil }
        return try? ManifestDecoder.decode(data).manifest
    }
}
