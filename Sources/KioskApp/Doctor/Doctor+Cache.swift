import ContentStore
import Foundation
import KioskCore
import KioskStore

extension Doctor {
    /// Every cached file against the catalog's size (and with `--full` its SHA-256). A missing or
    /// short file is already downloaded again by the next sync (it keeps only files of the right
    /// size); a file of the right size with the wrong hash is removed here so that it is too.
    func cacheLine(_ runtime: KioskRuntime) async -> DoctorLine {
        guard let files = try? await runtime.database.cachedFiles() else {
            return .fail("cache", "cannot read the cache index", fix: "see the database line")
        }
        var missing: [String] = []
        var wrongSize: [String] = []
        var wrongHash: [String] = []
        for file in files {
            let path = configuration.storage.cacheDirectory + "/" + file.relativePath
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
                missing.append(file.relativePath)
                continue
            }
            guard (attributes[.size] as? Int64) == file.bytes else {
                wrongSize.append(file.relativePath)
                continue
            }
            if full, let (sha256, _) = try? ContentStore.hash(fileAt: path), sha256 != file.sha256 {
                wrongHash.append(file.relativePath)
                unlink(path)
            }
        }
        let bad = missing.count + wrongSize.count + wrongHash.count
        let checked = "\(files.count) files" + (full ? " hashed" : " sized (--full also hashes them)")
        guard bad > 0 else { return .pass("cache", "\(checked): all match the catalog") }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("\(missing.count) missing (\(missing.prefix(3).joined(separator: ", ")))") }
        if !wrongSize.isEmpty {
            parts.append("\(wrongSize.count) of the wrong size (\(wrongSize.prefix(3).joined(separator: ", ")))")
        }
        if !wrongHash.isEmpty {
            parts.append(
                "\(wrongHash.count) with the wrong hash, removed (\(wrongHash.prefix(3).joined(separator: ", ")))")
        }
        return .fail(
            "cache", "\(checked): " + parts.joined(separator: "; "),
            fix: "run yinling sync (or 同步 on the staff page): it downloads them again")
    }
}
