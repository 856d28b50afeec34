import ContentStore
import Foundation
import KioskCentral
import KioskCore
import PoolFormat

extension SyncEngine {
    /// How one file's download ended.
    enum FileResult: Sendable {
        case done(PlannedFile, wireBytes: Int64)
        case failed(PlannedFile, SourceError)
        /// Stopped by a pause or a stop; its partial is kept.
        case interrupted(PlannedFile)
        /// Staff paused: the watcher's answer.
        case pauseRequested
        /// The watcher ended because the downloads did.
        case watcherDone
    }

    /// Downloads the plan's files, at most ``concurrency`` at once, pausing and resuming with the gate,
    /// stopping early when the disk is full or the reserve would be reached. Each result is recorded
    /// (and reported) as soon as it arrives.
    func download(_ plan: SyncPlan, run: inout SyncRun, events: @escaping @Sendable (SyncEvent) -> Void) async throws {
        var progress = DownloadBook(plan: plan)
        var pending = plan.files
        while !pending.isEmpty, run.stopReason == nil, !Task.isCancelled {
            var paused = false
            await withTaskGroup(of: FileResult.self) { group in
                var queue = pending[...]
                var running = 0
                group.addTask { [gate] in
                    await gate.waitUntilPaused()
                    return Task.isCancelled ? .watcherDone : .pauseRequested
                }
                while running < concurrency, let next = queue.popFirst() {
                    running += 1
                    group.addTask { await self.fetch(next, events: events) }
                }
                if running == 0 { group.cancelAll() }
                while let result = await group.next() {
                    switch result {
                    case .pauseRequested:
                        paused = true
                        group.cancelAll()
                        continue
                    case .watcherDone:
                        continue
                    case .done(let planned, let wireBytes):
                        pending.removeAll { $0.file.sha256 == planned.file.sha256 }
                        run.bytesDownloaded += wireBytes
                        run.arrived[planned.file.sha256] = cachedFile(for: planned.file)
                        events(.fileDone(file: FileTask(planned), wireBytes: wireBytes))
                        for ready in progress.arrived(planned.file.sha256) {
                            events(.resourceReady(id: ready.id, title: ready.title))
                        }
                    case .failed(_, let error) where error.code == .diskFull:
                        run.stopReason = error.message
                        events(.stopping(reason: error.message))
                        queue = []
                        group.cancelAll()
                    case .failed(let planned, let error):
                        pending.removeAll { $0.file.sha256 == planned.file.sha256 }
                        for failure in progress.failed(planned, error, already: run.failed) {
                            run.failed.append(failure)
                            events(.resourceFailed(failure: failure))
                        }
                    case .interrupted:
                        break
                    }
                    running -= 1
                    if !Task.isCancelled, !paused, run.stopReason == nil, let next = queue.popFirst() {
                        running += 1
                        group.addTask { await self.fetch(next, events: events) }
                    }
                    if running == 0 { group.cancelAll() }
                }
            }
            if paused, run.stopReason == nil {
                events(.paused)
                await gate.waitUntilResumed()
                events(.resumed)
            }
        }
        if Task.isCancelled, run.stopReason == nil { run.stopReason = "the service is shutting down" }
    }

    /// Downloads one file, after checking that it fits above the reserve.
    private func fetch(_ planned: PlannedFile, events: @escaping @Sendable (SyncEvent) -> Void) async -> FileResult {
        if Task.isCancelled { return .interrupted(planned) }
        let relativePath = CachedFile.relativePath(
            sha256: planned.file.sha256, fileExtension: CachedFile.fileExtension(forMIME: planned.file.mime))
        let left = planned.file.bytes - (cache.partialBytes(sha256: planned.file.sha256) ?? 0)
        if let space = try? cache.diskSpace(), space.availableBytes - left < curation.reserveBytes {
            return .failed(
                planned,
                SourceError(
                    .diskFull,
                    "the free-space reserve of \(ByteSize.format(curation.reserveBytes)) would be reached "
                        + "(\(ByteSize.format(space.availableBytes)) free, next file \(ByteSize.format(planned.file.bytes)))"
                ))
        }
        let task = FileTask(planned)
        events(.fileStarted(file: task))
        do {
            let result = try await source.download(
                planned.file, as: relativePath, label: "\(planned.field) of \(planned.resourceID)", into: cache,
                options: options
            ) { progress in events(.fileProgress(file: task, bytesDone: progress.bytesDone)) }
            return .done(planned, wireBytes: result.bytesTransferred)
        } catch  where error.code == .cancelled {
            return .interrupted(planned)
        } catch {
            return .failed(planned, error)
        }
    }

    func cachedFile(for file: FileObject) -> CachedFile {
        CachedFile(
            sha256: file.sha256,
            relativePath: CachedFile.relativePath(
                sha256: file.sha256, fileExtension: CachedFile.fileExtension(forMIME: file.mime)),
            bytes: file.bytes, mime: file.mime.lowercased(), verifiedAtMilliseconds: SystemEventClock.wallMilliseconds()
        )
    }
}
