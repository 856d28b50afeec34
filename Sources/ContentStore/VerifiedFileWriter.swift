import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// Writes one file of known hash and size into a temporary file, hashing as it goes; only
/// ``commit()`` makes it visible, and only when the bytes match.
///
/// The temporary file is written, fsynced, renamed onto its final name, and the directory is
/// fsynced: a power cut at any instant leaves either no file or the complete, verified one.
///
/// A resumable writer (``ContentStore/resumableWriter(for:sha256:bytes:)``) continues the bytes an
/// earlier run left in the temporary file and keeps them when released unfinished, so a download
/// interrupted by the network, a stop or a power cut goes on where it was. A wrong size or hash,
/// or a failed write, always deletes the temporary file.
/// Not `Sendable`: one task owns a writer from start to end.
public final class VerifiedFileWriter {
    /// What the bytes must be.
    public let expectedSHA256: String
    public let expectedBytes: Int64
    /// Names the file in error messages; the final file name unless the caller says better
    /// (e.g. "media of R000123").
    public var label: String
    let temporaryPath: String
    let finalPath: String
    private let keepsPartial: Bool
    private var fd: Int32
    private var hasher = SHA256()
    private(set) public var bytesWritten: Int64 = 0
    /// The bytes an earlier run had written, found and re-hashed when the writer opened (0 when it
    /// started from nothing, or after ``restart()``).
    private(set) public var resumedBytes: Int64 = 0
    private var finished = false
    /// Where the bytes not yet handed to writeback begin.
    private var writebackStart: Int64 = 0

    init(temporaryPath: String, finalPath: String, sha256: String, bytes: Int64, resuming: Bool)
        throws(ContentStoreError)
    {
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
        self.expectedSHA256 = sha256
        self.expectedBytes = bytes
        self.label = String(finalPath.split(separator: "/").last ?? "")
        self.keepsPartial = resuming
        guard resuming else {
            fd = try System.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            return
        }
        fd = try System.open(temporaryPath, O_RDWR | O_CREAT, 0o644)
        do {
            try System.lockExclusively(fd, temporaryPath)
            let existing = try System.size(of: fd, temporaryPath)
            if existing > bytes {
                try restart()
            } else {
                try rehash(existing)
            }
        } catch {
            System.close(fd)
            fd = -1
            finished = true
            throw error
        }
    }

    deinit {
        if !finished {
            if keepsPartial { suspend() } else { abandon() }
        }
    }

    /// Reads the `count` bytes already in the temporary file into the hash; the file offset ends
    /// after them, where the next write goes.
    private func rehash(_ count: Int64) throws(ContentStoreError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ContentStore.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < count {
            let wanted = Int(min(Int64(buffer.count), count - done))
            let read = try System.read(
                fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]), temporaryPath)
            if read == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<read]))
            done += Int64(read)
        }
        bytesWritten = done
        resumedBytes = done
        writebackStart = done
    }

    /// Appends bytes; refuses to grow past the expected size, so a wrong file never fills the disk.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ContentStoreError) {
        guard bytesWritten + Int64(bytes.count) <= expectedBytes else {
            abandon()
            throw ContentStoreError(
                .sizeMismatch, "\(label): longer than the expected \(expectedBytes) bytes")
        }
        do {
            try System.write(fd, bytes, temporaryPath)
        } catch {
            abandon()
            throw error
        }
        hasher.update(bufferPointer: bytes)
        bytesWritten += Int64(bytes.count)
        if bytesWritten - writebackStart >= Self.writebackInterval {
            System.startWriteback(fd, offset: writebackStart, count: bytesWritten - writebackStart)
            writebackStart = bytesWritten
        }
    }

    /// Bytes written between two requests to start writeback; see ``System/startWriteback``.
    static let writebackInterval: Int64 = 8 * 1024 * 1024

    /// Empties the temporary file and starts again from byte 0 (a server that ignored a range
    /// request sends the whole file again).
    public func restart() throws(ContentStoreError) {
        try System.truncate(fd, temporaryPath)
        hasher = SHA256()
        bytesWritten = 0
        resumedBytes = 0
        writebackStart = 0
    }

    /// Checks size and hash, makes the file durable and moves it to its final name.
    public func commit() throws(ContentStoreError) {
        defer { finished = true }
        guard bytesWritten == expectedBytes else {
            abandon()
            throw ContentStoreError(
                .sizeMismatch, "\(label): \(bytesWritten) bytes, expected \(expectedBytes)")
        }
        let actual = hexadecimal(hasher.finalize())
        guard actual == expectedSHA256 else {
            abandon()
            throw ContentStoreError(
                .hashMismatch,
                "\(label): sha256 mismatch (expected \(expectedSHA256.prefix(12))…, got \(actual.prefix(12))…)")
        }
        do {
            try System.fsync(fd, temporaryPath)
            System.close(fd)
            fd = -1
            try System.rename(temporaryPath, finalPath)
            try System.fsyncDirectory(directory(of: finalPath))
        } catch {
            abandon()
            throw error
        }
    }

    /// Closes and deletes the temporary file.
    public func abandon() {
        finished = true
        if fd >= 0 {
            System.close(fd)
            fd = -1
        }
        _ = try? System.unlink(temporaryPath)
    }

    /// Closes the temporary file and keeps it, for a later resumable writer to continue.
    public func suspend() {
        finished = true
        if fd >= 0 {
            System.close(fd)
            fd = -1
        }
    }
}

func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
