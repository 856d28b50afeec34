import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The exclusive lock that makes one process the owner of a data directory (ARCHITECTURE.md §3).
///
/// `yinling serve` holds it for its whole life; staff commands that write take it too, so two
/// processes never write the cache and the database at once. The kernel drops it when the
/// process dies, even by SIGKILL or a power cut, so a stale lock never blocks a restart.
public final class DataDirectoryLock: Sendable {
    private let fd: Int32
    public let path: String

    /// Takes the lock or fails at once with a message naming who holds it.
    public init(directory: String, purpose: String) throws {
        path = directory + "/yinling.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AppError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let holder =
                (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(fd)
            throw AppError(
                "another yinling process (\(holder.isEmpty ? "unknown" : holder)) is using \(directory); "
                    + "stop it first (on a board: sudo systemctl stop yinling)")
        }
        let note = "pid \(getpid()), \(purpose)\n"
        _ = ftruncate(fd, 0)
        _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        close(fd)
    }
}
