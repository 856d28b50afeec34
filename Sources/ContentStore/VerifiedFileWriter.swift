import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// Writes one file of known hash and size into a temporary file, hashing as it goes; only
/// ``commit()`` makes it visible, and only when the bytes match.
///
/// The temporary file is written, fsynced, renamed onto its final name, and the directory is
/// fsynced: a power cut at any instant leaves either no file or the complete, verified one.
/// Not `Sendable`: one task owns a writer from start to end.
public final class VerifiedFileWriter {
    /// What the bytes must be.
    public let expectedSHA256: String
    public let expectedBytes: Int64
    let temporaryPath: String
    let finalPath: String
    private var fd: Int32
    private var hasher = SHA256()
    private(set) public var bytesWritten: Int64 = 0
    private var finished = false

    init(temporaryPath: String, finalPath: String, sha256: String, bytes: Int64) throws(ContentStoreError) {
        self.temporaryPath = temporaryPath
        self.finalPath = finalPath
        self.expectedSHA256 = sha256
        self.expectedBytes = bytes
        self.fd = try System.open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    }

    deinit {
        if !finished { abandon() }
    }

    /// Appends bytes; refuses to grow past the expected size, so a wrong file never fills the disk.
    public func write(_ bytes: UnsafeRawBufferPointer) throws(ContentStoreError) {
        guard bytesWritten + Int64(bytes.count) <= expectedBytes else {
            abandon()
            throw ContentStoreError(
                .sizeMismatch, "\(finalName): longer than the expected \(expectedBytes) bytes")
        }
        do {
            try System.write(fd, bytes, temporaryPath)
        } catch {
            abandon()
            throw error
        }
        hasher.update(bufferPointer: bytes)
        bytesWritten += Int64(bytes.count)
    }

    /// Checks size and hash, makes the file durable and moves it to its final name.
    public func commit() throws(ContentStoreError) {
        defer { finished = true }
        guard bytesWritten == expectedBytes else {
            abandon()
            throw ContentStoreError(
                .sizeMismatch, "\(finalName): \(bytesWritten) bytes, expected \(expectedBytes)")
        }
        let actual = hexadecimal(hasher.finalize())
        guard actual == expectedSHA256 else {
            abandon()
            throw ContentStoreError(
                .hashMismatch,
                "\(finalName): sha256 mismatch (expected \(expectedSHA256.prefix(12))…, got \(actual.prefix(12))…)")
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

    private var finalName: String { String(finalPath.split(separator: "/").last ?? "") }
}

func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
}
