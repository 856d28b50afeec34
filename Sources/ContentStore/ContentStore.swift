import Crypto

#if canImport(Glibc)
import Glibc
#endif

/// A directory of files named by their content, written only through ``VerifiedFileWriter``.
///
/// The kiosk's cache and the hub's published pool are both content stores; the layout inside
/// (`media/<aa>/<sha256>.<ext>`, …) is the caller's choice.
public struct ContentStore: Sendable {
    /// The directory, absolute or relative to the working directory.
    public let root: String

    /// Temporary files live here, on the same file system as the store, so rename is atomic.
    public var partialDirectory: String { root + "/partial" }

    /// Opens (and creates) the store at `root`.
    public init(root: String) throws(ContentStoreError) {
        self.root = root
        try System.makeDirectories(partialDirectory)
    }

    /// The absolute or working-directory path of a file in the store.
    public func path(of relativePath: String) -> String { root + "/" + relativePath }

    /// Whether `relativePath` already holds a file of `bytes` bytes. Files only ever arrive by a
    /// verified rename, so an existing file of the right size is the verified one.
    public func holds(_ relativePath: String, bytes: Int64) -> Bool {
        System.fileSize(path(of: relativePath)) == bytes
    }

    /// A writer for a new file that will appear at `relativePath` once its bytes are verified.
    public func writer(for relativePath: String, sha256: String, bytes: Int64) throws(ContentStoreError)
        -> VerifiedFileWriter
    {
        let finalPath = path(of: relativePath)
        try System.makeDirectories(directory(of: finalPath))
        return try VerifiedFileWriter(
            temporaryPath: partialPath(sha256: sha256), finalPath: finalPath, sha256: sha256, bytes: bytes,
            resuming: false)
    }

    /// A writer that continues `partial/<sha256>.part` if an earlier run left one: it re-hashes the
    /// bytes already there (a hash state cannot be saved) and appends after them. A partial longer
    /// than `bytes` is emptied. Released unfinished, it keeps the partial for the next run.
    /// Blocks while re-hashing: call it off the cooperative pool.
    public func resumableWriter(for relativePath: String, sha256: String, bytes: Int64) throws(ContentStoreError)
        -> VerifiedFileWriter
    {
        let finalPath = path(of: relativePath)
        try System.makeDirectories(directory(of: finalPath))
        return try VerifiedFileWriter(
            temporaryPath: partialPath(sha256: sha256), finalPath: finalPath, sha256: sha256, bytes: bytes,
            resuming: true)
    }

    /// Where the bytes of a file still being written are kept: `partial/<sha256>.part`.
    public func partialPath(sha256: String) -> String { "\(partialDirectory)/\(sha256).part" }

    /// The bytes already in the partial file of `sha256`, or nil when there is none.
    public func partialBytes(sha256: String) -> Int64? { System.fileSize(partialPath(sha256: sha256)) }

    /// The file system under the store: its size and the bytes still free for writing.
    public func diskSpace() throws(ContentStoreError) -> DiskSpace { try System.space(root) }

    /// Copies `sourcePath` into the store at `relativePath`, hashing while copying; the file
    /// appears only if it is `bytes` long and hashes to `sha256`.
    public func importFile(from sourcePath: String, to relativePath: String, sha256: String, bytes: Int64)
        throws(ContentStoreError)
    {
        let input = try System.open(sourcePath, O_RDONLY)
        defer { System.close(input) }
        let writer = try writer(for: relativePath, sha256: sha256, bytes: bytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count: Int
            do {
                count = try System.read(input, into: buffer, sourcePath)
            } catch {
                writer.abandon()
                throw error
            }
            if count == 0 { break }
            try writer.write(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        try writer.commit()
    }

    /// `mkdir -p`, with the failing directory and the system's reason in the error.
    public static func makeDirectories(_ path: String) throws(ContentStoreError) {
        try System.makeDirectories(path)
    }

    /// Deletes a file from the store; a file already gone is fine.
    public func remove(_ relativePath: String) throws(ContentStoreError) {
        do {
            try System.unlink(path(of: relativePath))
        } catch  where error.code == .notFound {
            return
        }
    }

    static let chunkSize = 256 * 1024
}

extension ContentStore {
    /// The SHA-256 (lowercase hex) and size of the file at `path`, read in bounded chunks.
    public static func hash(fileAt path: String) throws(ContentStoreError) -> (sha256: String, bytes: Int64) {
        let input = try System.open(path, O_RDONLY)
        defer { System.close(input) }
        var hasher = SHA256()
        var bytes: Int64 = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while case let count = try System.read(input, into: buffer, path), count > 0 {
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            bytes += Int64(count)
        }
        return (hexadecimal(hasher.finalize()), bytes)
    }
}

/// Lowercase hex of a digest.
func hexadecimal(_ digest: some Sequence<UInt8>) -> String {
    digest.map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
    }.joined()
}
