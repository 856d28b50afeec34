#if canImport(Glibc)
import Glibc
#endif

/// The size and free space of the file system holding a directory.
struct DiskSpace: Sendable {
    var totalBytes: Int64
    /// Free for an unprivileged user (statvfs `f_bavail`).
    var freeBytes: Int64

    static func of(_ path: String) throws -> DiskSpace {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else {
            throw AppError("cannot read the free space of \(path): \(String(cString: strerror(errno)))")
        }
        let block = Int64(info.f_frsize)
        return DiskSpace(totalBytes: Int64(info.f_blocks) * block, freeBytes: Int64(info.f_bavail) * block)
    }
}
