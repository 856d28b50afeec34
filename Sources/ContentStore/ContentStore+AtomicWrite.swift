#if canImport(Glibc)
import Glibc
#endif

extension ContentStore {
    /// Writes `bytes` to `path` so that a power cut at any instant leaves either the old file (or
    /// none) or the complete new one: a temporary file next to it is written, fsynced, renamed
    /// onto `path`, and the directory is fsynced. With `replacing: false` an existing file is
    /// never touched (the error's `errno` is `EEXIST`); the new file then appears by `link(2)`.
    /// Used for `manifest.json`, its signature and key files.
    public static func writeFile(
        _ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replacing: Bool = true
    ) throws(ContentStoreError) {
        let folder = directory(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(folder)/.\(name).\(getpid()).tmp"
        let fd = try System.open(temporary, O_WRONLY | O_CREAT | O_TRUNC, mode)
        var isOpen = true
        defer { if isOpen { System.close(fd) } }
        do throws(ContentStoreError) {
            // `withUnsafeBytes` rethrows untyped errors; the result carries the typed one out.
            try bytes.withUnsafeBytes { buffer in
                Result { () throws(ContentStoreError) in try System.write(fd, buffer, temporary) }
            }.get()
            try System.call("fchmod", temporary) { fchmod(fd, mode) }
            try System.fsync(fd, temporary)
            System.close(fd)
            isOpen = false
            if replacing {
                try System.rename(temporary, path)
            } else {
                try System.call("link", path) { link(temporary, path) }
                try System.unlink(temporary)
            }
            try System.fsyncDirectory(folder)
        } catch {
            _ = try? System.unlink(temporary)
            throw error
        }
    }
}
