import ContentStore
import NIOCore
import NIOPosix
import PoolFormat

/// One file on its way into the cache, over as many attempts as it takes: the retry rules of
/// docs/sync.md around a source-specific `attempt` (one request, or one read of a directory).
///
/// While an attempt runs, the source hands each chunk of the body to ``receive(_:)``; chunks are
/// batched (``DownloadOptions/batchBytes``) and hashed and written on NIO's thread pool, one batch
/// being written while the next arrives, so memory stays bounded at about two batches.
/// Not `Sendable`: the task running the download owns it.
final class FileDownload {
    let file: FileObject
    let label: String
    let relativePath: String
    let cache: ContentStore
    let options: DownloadOptions
    let progress: @Sendable (DownloadProgress) -> Void
    /// Whether the bandwidth limiter applies (network sources).
    let limited: Bool
    var result: DownloadResult

    /// The partial file of the running attempt.
    var partial: PartialFile?
    /// Bytes in the partial, counting the batch being written and the one being gathered.
    var offset: Int64 = 0
    var batch: [ByteBuffer] = []
    var batchBytes = 0
    var inFlight: EventLoopFuture<Void>?
    /// A batch failed to write; the writer is closed and later batches are dropped.
    var writeFailed = false

    init(
        file: FileObject, label: String, relativePath: String, cache: ContentStore, options: DownloadOptions,
        limited: Bool, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) {
        self.file = file
        self.label = label
        self.relativePath = relativePath
        self.cache = cache
        self.options = options
        self.limited = limited
        self.progress = progress
        self.result = DownloadResult(relativePath: relativePath, bytes: file.bytes)
    }

    /// Runs attempts until the file is verified in the cache, or a failure is final.
    func run(_ attempt: (FileDownload) async throws(AttemptFailure) -> Void) async throws(SourceError) -> DownloadResult
    {
        if cache.holds(relativePath, bytes: file.bytes) {
            result.alreadyCached = true
            return result
        }
        do {
            try await attempts(attempt)
            return result
        } catch {
            // Kept for the next run unless it was already deleted (mismatch, ENOSPC).
            partial?.suspend()
            partial = nil
            throw error
        }
    }

    private func attempts(_ attempt: (FileDownload) async throws(AttemptFailure) -> Void) async throws(SourceError) {
        var failuresInARow = 0
        var retriedMismatch = false
        var restartsInARow = 0
        while true {
            if Task.isCancelled { throw stopped }
            let partial = try await openPartial()
            let before = offset
            do throws(AttemptFailure) {
                if offset < file.bytes {
                    result.attempts += 1
                    try await attempt(self)
                }
                do throws(SourceError) {
                    try await flush()
                    try await onPool { () throws(SourceError) in try partial.commit() }
                } catch {
                    throw AttemptFailure(local: error)
                }
                self.partial = nil
                return
            } catch {
                // A write still in flight may have failed for a reason that outranks the attempt's.
                switch await settle(after: error) {
                case .transient(let error, let retryAfter):
                    failuresInARow = offset > before ? 1 : failuresInARow + 1
                    guard failuresInARow < options.retry.maxAttempts else { throw error }
                    let delay = options.retry.delay(afterFailures: failuresInARow, retryAfter: retryAfter)
                    do {
                        try await options.retry.sleep(delay)
                    } catch {
                        throw stopped
                    }
                case .mismatch(let error):
                    // The partial goes (the writer may have deleted it already); the next attempt
                    // opens a new, empty one.
                    partial.abandon()
                    self.partial = nil
                    guard !retriedMismatch else { throw error }
                    retriedMismatch = true
                    result.restarts += 1
                case .restart(let reason):
                    restartsInARow += 1
                    guard restartsInARow <= 2 else { throw SourceError(.http, "\(label): \(reason), again") }
                    try await restartFromZero()
                case .fatal(let error):
                    throw error
                }
            }
        }
    }

    /// The partial file of this download, opened (and re-hashed) on first use.
    private func openPartial() async throws(SourceError) -> PartialFile {
        if let partial { return partial }
        let opened = try await PartialFile.open(
            in: cache, at: relativePath, sha256: file.sha256, bytes: file.bytes, label: label,
            reserveBytes: options.reserveBytes)
        partial = opened
        offset = opened.resumedBytes
        writeFailed = false
        return opened
    }

    /// Notes that the source is continuing the partial from ``offset`` (the server accepted the range).
    func continuesPartial() {
        if offset > 0 { result.resumedFrom.append(offset) }
    }

    /// Empties the partial so the file arrives from byte 0 (a server that ignored `Range`).
    func restartFromZero() async throws(SourceError) {
        try await drain()
        batch.removeAll()
        batchBytes = 0
        if let partial { try await onPool { () throws(SourceError) in try partial.restart() } }
        offset = 0
        result.restarts += 1
    }

    var stopped: SourceError { SourceError(.cancelled, "\(label): stopped; the partial file is kept") }

    /// Runs `body` on NIO's thread pool.
    func onPool(_ body: @escaping @Sendable () throws(SourceError) -> Void) async throws(SourceError) {
        do {
            try await NIOThreadPool.singleton.runIfActive { try body() }
        } catch {
            throw SourceError(anyError: error, label: label)
        }
    }
}
