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
    /// stopping early when the disk is full or the reserve would be reached.
    func download(_ plan: SyncPlan, run: inout SyncRun, events: @escaping @Sendable (SyncEvent) -> Void) async throws {
        var pending = plan.files
        let users = Dictionary(
            grouping: plan.chosen.flatMap { resource in resource.files.map { ($0.sha256, resource) } }, by: \.0
        )
        .mapValues { $0.map(\.1) }
        let queued = Set(plan.files.map(\.file.sha256))
        var missing = Dictionary(
            plan.chosen.map { ($0.id, Set($0.files.map(\.sha256)).intersection(queued)) },
            uniquingKeysWith: { first, _ in first })
        while !pending.isEmpty, run.stopReason == nil, !Task.isCancelled {
            var paused = false
            for result in await downloadBatch(pending, events: events) {
                switch result {
                case .done(let planned, let wireBytes):
                    pending.removeAll { $0.file.sha256 == planned.file.sha256 }
                    run.bytesDownloaded += wireBytes
                    run.arrived[planned.file.sha256] = cachedFile(for: planned.file)
                    events(.fileDone(file: FileTask(planned), wireBytes: wireBytes))
                    for resource in users[planned.file.sha256] ?? [] where missing[resource.id] != nil {
                        missing[resource.id]?.remove(planned.file.sha256)
                        if missing[resource.id]?.isEmpty == true {
                            missing[resource.id] = nil
                            events(.resourceReady(id: resource.id, title: resource.title))
                        }
                    }
                case .failed(let planned, let error) where error.code == .diskFull:
                    run.stopReason = error.message
                    events(.stopping(reason: error.message))
                    _ = planned
                case .failed(let planned, let error):
                    pending.removeAll { $0.file.sha256 == planned.file.sha256 }
                    for resource in users[planned.file.sha256] ?? []
                    where !run.failed.contains(where: { $0.resourceID == resource.id }) {
                        let failure = SyncFailure(
                            resourceID: resource.id, title: resource.title, reason: "\(planned.field): \(error.message)"
                        )
                        run.failed.append(failure)
                        events(.resourceFailed(failure: failure))
                    }
                case .pauseRequested:
                    paused = true
                case .interrupted, .watcherDone:
                    break
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

    /// One pass over `files` until they are all done, staff pause, or the disk stops us.
    private func downloadBatch(_ files: [PlannedFile], events: @escaping @Sendable (SyncEvent) -> Void) async
        -> [FileResult]
    {
        await withTaskGroup(of: FileResult.self) { group in
            var results: [FileResult] = []
            var queue = files[...]
            var running = 0
            group.addTask { [gate] in
                await gate.waitUntilPaused()
                return Task.isCancelled ? .watcherDone : .pauseRequested
            }
            func startNext() {
                guard let next = queue.popFirst() else { return }
                running += 1
                group.addTask { await self.fetch(next, events: events) }
            }
            for _ in 0..<concurrency { startNext() }
            if running == 0 { group.cancelAll() }
            while let result = await group.next() {
                results.append(result)
                switch result {
                case .pauseRequested:
                    group.cancelAll()
                case .failed(_, let error) where error.code == .diskFull:
                    queue = []
                    group.cancelAll()
                case .done, .failed, .interrupted:
                    running -= 1
                    if !Task.isCancelled, !gate.isPaused { startNext() }
                    if running == 0 { group.cancelAll() }
                case .watcherDone:
                    break
                }
            }
            return results
        }
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
        } catch where error.code == .cancelled {
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
