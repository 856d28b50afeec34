import NIOCore
import NIOPosix
import PoolFormat

extension FileDownload {
    /// Takes the next chunk of the file: waits for the bandwidth limiter, then gathers it into the
    /// current batch, handed to the thread pool once it is big enough.
    func receive(_ chunk: ByteBuffer) async throws(SourceError) {
        let count = chunk.readableBytes
        guard count > 0 else { return }
        if limited, let limiter = options.limiter {
            do {
                try await limiter.acquire(count)
            } catch {
                throw stopped
            }
        }
        result.bytesTransferred += Int64(count)
        offset += Int64(count)
        batch.append(chunk)
        batchBytes += count
        if offset > file.bytes {
            // The writer refuses the excess and deletes the partial: say so now, not after the body.
            try await flush()
        } else if batchBytes >= options.batchBytes {
            try await flushBatch()
        }
    }

    /// Hands the gathered batch to the thread pool (after the previous one is written).
    private func flushBatch() async throws(SourceError) {
        guard !batch.isEmpty else { return }
        let buffers = batch
        batch.removeAll(keepingCapacity: true)
        batchBytes = 0
        try await submit(buffers)
        progress(DownloadProgress(bytesDone: offset, bytes: file.bytes, bytesTransferred: result.bytesTransferred))
    }

    /// Starts writing `buffers` on the thread pool once the batch before them is written.
    private func submit(_ buffers: [ByteBuffer]) async throws(SourceError) {
        try await drain()
        // After a failed write the writer is closed (and the partial deleted): nothing more to write.
        guard let partial, !writeFailed else { return }
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        inFlight = NIOThreadPool.singleton.runIfActive(eventLoop: eventLoop) { try partial.write(buffers) }
    }

    /// Waits for the batch being written.
    func drain() async throws(SourceError) {
        guard let writing = inFlight else { return }
        inFlight = nil
        do {
            try await writing.get()
        } catch {
            writeFailed = true
            throw SourceError(anyError: error, label: label)
        }
    }

    /// Writes everything received so far.
    func flush() async throws(SourceError) {
        try await flushBatch()
        try await drain()
    }

    /// After an attempt failed: keeps what arrived (it is good; the next request continues after
    /// it) unless writing fails, which then is the failure that counts.
    func settle(after failure: AttemptFailure) async -> AttemptFailure {
        if case .mismatch = failure {
            _ = try? await drain()
            batch.removeAll()
            batchBytes = 0
            return failure
        }
        do {
            try await flush()
            return failure
        } catch {
            return AttemptFailure(local: error)
        }
    }
}
