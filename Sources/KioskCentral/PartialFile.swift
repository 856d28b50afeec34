import ContentStore
import KioskCore
import NIOCore
import NIOPosix
import PoolFormat

/// The partial file of one download: a resumable ``VerifiedFileWriter`` plus the free-space
/// reserve check, driven from NIO's thread pool because every call blocks (read, write, fsync).
///
/// `@unchecked Sendable`: it wraps a file descriptor and a hash state that are not thread-safe,
/// but the one download that owns it awaits each thread-pool call before it makes the next, so no
/// two threads ever use it at once.
final class PartialFile: @unchecked Sendable {
    private let writer: VerifiedFileWriter
    private let cache: ContentStore
    private let reserveBytes: Int64
    /// Free bytes at the last `statvfs`, less what was written since.
    private var estimatedAvailable: Int64?
    private var writtenSinceCheck: Int64 = 0
    /// Bytes found in the partial when it was opened.
    let resumedBytes: Int64

    /// `statvfs` runs again after this many bytes, or sooner when the estimate nears the reserve.
    static let spaceCheckInterval: Int64 = 4 * 1024 * 1024

    private init(writer: VerifiedFileWriter, cache: ContentStore, reserveBytes: Int64) {
        self.writer = writer
        self.cache = cache
        self.reserveBytes = reserveBytes
        self.resumedBytes = writer.resumedBytes
    }

    /// Opens the partial of `sha256`, re-hashing the bytes an earlier run left (on the thread pool).
    static func open(
        in cache: ContentStore, at relativePath: String, sha256: String, bytes: Int64, label: String,
        reserveBytes: Int64
    ) async throws(SourceError) -> PartialFile {
        do {
            return try await NIOThreadPool.singleton.runIfActive {
                do throws(ContentStoreError) {
                    let writer = try cache.resumableWriter(for: relativePath, sha256: sha256, bytes: bytes)
                    writer.label = label
                    return PartialFile(writer: writer, cache: cache, reserveBytes: reserveBytes)
                } catch {
                    throw SourceError(error, cache: cache, label: label)
                }
            }
        } catch {
            throw SourceError(anyError: error, label: label)
        }
    }

    /// Hashes and appends `buffers`, after checking the reserve. Blocks.
    func write(_ buffers: [ByteBuffer]) throws(SourceError) {
        let count = buffers.reduce(Int64(0)) { $0 + Int64($1.readableBytes) }
        try checkReserve(before: count)
        do {
            for buffer in buffers {
                try buffer.withUnsafeReadableBytes { bytes throws(ContentStoreError) in try writer.write(bytes) }
            }
        } catch {
            throw SourceError(error, cache: cache, label: writer.label)
        }
    }

    private func checkReserve(before count: Int64) throws(SourceError) {
        guard reserveBytes > 0 else { return }
        if estimatedAvailable == nil || writtenSinceCheck >= Self.spaceCheckInterval
            || estimatedAvailable! - count < reserveBytes
        {
            do {
                estimatedAvailable = try cache.diskSpace().availableBytes
            } catch {
                throw SourceError(error, cache: cache, label: writer.label)
            }
            writtenSinceCheck = 0
        }
        let available = estimatedAvailable ?? 0
        guard available - count >= reserveBytes else {
            throw SourceError(
                .diskFull,
                "\(cache.root): free-space reserve reached (\(ByteSize.format(available)) free, reserve "
                    + "\(ByteSize.format(reserveBytes))) before \(writer.label); downloads stopped, installed content kept"
            )
        }
        estimatedAvailable = available - count
        writtenSinceCheck += count
    }

    /// Empties the partial, to receive the file from byte 0. Blocks.
    func restart() throws(SourceError) {
        do {
            try writer.restart()
        } catch {
            throw SourceError(error, cache: cache, label: writer.label)
        }
    }

    /// Verifies, fsyncs and renames the file into the cache. Blocks.
    func commit() throws(SourceError) {
        do {
            try writer.commit()
        } catch {
            throw SourceError(error, cache: cache, label: writer.label)
        }
    }

    /// Closes the partial and keeps it for the next run.
    func suspend() { writer.suspend() }

    /// Closes and deletes the partial.
    func abandon() { writer.abandon() }
}

extension SourceError {
    /// A content-store failure in words for staff: mismatches become `.verification`, a full disk
    /// `.diskFull` naming the cache directory.
    init(_ error: ContentStoreError, cache: ContentStore, label: String) {
        switch error.code {
        case .hashMismatch, .sizeMismatch:
            self.init(.verification, error.message)
        case .diskFull:
            self.init(
                .diskFull, "\(cache.root): disk full while writing \(label); downloads stopped, installed content kept")
        case .notFound, .io, .busy:
            self.init(.io, "\(label): \(error.message)")
        }
    }

    /// Any error from a thread-pool hop: ours as it is, the pool's own (shut down) as `.io`.
    init(anyError error: any Error, label: String) {
        if let error = error as? SourceError {
            self = error
        } else if error is CancellationError {
            self.init(.cancelled, "\(label): stopped")
        } else {
            self.init(.io, "\(label): \(error)")
        }
    }
}
