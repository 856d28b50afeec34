#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every system call of this module goes through here, so each failure becomes a
/// ``ContentStoreError`` naming the call, the path and the errno (after SwiftNIO's `System.swift`).
enum System {
    @discardableResult
    static func call<T: BinaryInteger>(_ name: String, _ path: String, _ body: () -> T) throws(ContentStoreError) -> T {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw error(name, path, code)
        }
    }

    static func error(_ name: String, _ path: String, _ code: Int32) -> ContentStoreError {
        let reason = String(cString: strerror(code))
        switch code {
        case ENOSPC, EDQUOT:
            return ContentStoreError(.diskFull, "\(path): disk full (\(name): \(reason))", errno: code)
        case ENOENT:
            return ContentStoreError(.notFound, "\(path): no such file (\(name))", errno: code)
        default:
            return ContentStoreError(.io, "\(path): \(name) failed: \(reason)", errno: code)
        }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws(ContentStoreError) -> Int32 {
        try call("open", path) { Glibc.open(path, flags | O_CLOEXEC, mode) }
    }

    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    static func fsync(_ fd: Int32, _ path: String) throws(ContentStoreError) {
        try call("fsync", path) { Glibc.fsync(fd) }
    }

    /// Makes a directory's entries (a rename, a new file) durable.
    static func fsyncDirectory(_ path: String) throws(ContentStoreError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path)
    }

    static func rename(_ from: String, _ to: String) throws(ContentStoreError) {
        try call("rename", to) { Glibc.rename(from, to) }
    }

    static func unlink(_ path: String) throws(ContentStoreError) {
        try call("unlink", path) { Glibc.unlink(path) }
    }

    /// The size of an open file.
    static func size(of fd: Int32, _ path: String) throws(ContentStoreError) -> Int64 {
        var info = Glibc.stat()
        try call("fstat", path) { Glibc.fstat(fd, &info) }
        return Int64(info.st_size)
    }

    /// Empties an open file and moves its offset back to 0.
    static func truncate(_ fd: Int32, _ path: String) throws(ContentStoreError) {
        try call("ftruncate", path) { ftruncate(fd, 0) }
        try call("lseek", path) { lseek(fd, 0, SEEK_SET) }
    }

    /// Asks the kernel to start writing `count` bytes from `offset` to disk now, without waiting,
    /// so the final fsync of a large file has little left to do. Advisory: failures are ignored.
    static func startWriteback(_ fd: Int32, offset: Int64, count: Int64) {
        #if os(Linux)
        _ = syncFileRange?(fd, offset, count, 2)  // SYNC_FILE_RANGE_WRITE
        #endif
    }

    #if os(Linux)
    /// glibc's `sync_file_range(2)`, which Swift's Glibc module hides behind `_GNU_SOURCE`.
    /// `nonisolated(unsafe)`: a C function pointer, set once and never changed.
    nonisolated(unsafe) static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    }()
    #endif

    /// Takes the advisory lock on an open file, or fails at once when another writer holds it.
    static func lockExclusively(_ fd: Int32, _ path: String) throws(ContentStoreError) {
        guard flock(fd, LOCK_EX | LOCK_NB) != 0 else { return }
        let code = errno
        guard code == EWOULDBLOCK else { throw error("flock", path, code) }
        throw ContentStoreError(.busy, "\(path): another download is writing this file", errno: code)
    }

    /// The file system's size and the bytes an unprivileged user may still write (`statvfs`).
    static func space(_ path: String) throws(ContentStoreError) -> DiskSpace {
        var info = Glibc.statvfs()
        try call("statvfs", path) { fileSystemStatistics(path, &info) }
        let block = Int64(info.f_frsize)
        return DiskSpace(totalBytes: Int64(info.f_blocks) * block, availableBytes: Int64(info.f_bavail) * block)
    }

    /// The size of the regular file at `path`, or nil when there is none.
    static func fileSize(_ path: String) -> Int64? {
        regularFileSize(path)
    }

    /// `mkdir -p`.
    static func makeDirectories(_ path: String) throws(ContentStoreError) {
        var current = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            current += "/\(component)"
            if Glibc.mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw error("mkdir", current, errno)
            }
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, _ path: String) throws(ContentStoreError)
        -> Int
    {
        try call("read", path) { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Writes all of `bytes`.
    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws(ContentStoreError) {
        var offset = 0
        while offset < bytes.count {
            let written = try call("write", path) { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
            offset += written
        }
    }
}

/// Outside `System`, where `stat` names the function as well as the struct.
private func regularFileSize(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int64(info.st_size)
}

/// `statvfs(2)`, outside `System` for the same reason.
private func fileSystemStatistics(_ path: String, _ info: inout statvfs) -> Int32 {
    statvfs(path, &info)
}
