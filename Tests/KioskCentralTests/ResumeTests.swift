import ContentStore
import Foundation
import KioskCentral
import KioskTesting
import PoolFormat
import Synchronization
import Testing

@Suite("Resuming partial downloads")
struct ResumeTests {
    let pool: PoolFixture
    let clock = RecordingClock()

    init() throws { pool = try PoolFixture() }

    func withSource<Result>(_ body: (FaultyPoolServer, HTTPPoolSource) async throws -> Result) async throws -> Result {
        try await pool.withFaultyServer(body)
    }

    func download(_ file: FileObject, from source: HTTPPoolSource) async throws(SourceError) -> DownloadResult {
        try await source.download(
            file, as: pool.relativePath(of: file), label: "media of R1", into: pool.cache,
            options: PoolFixture.options(clock: clock)
        ) { _ in }
    }

    @Test func partialFromAnEarlierRunIsResumed() async throws {
        let file = try pool.addFile(bytes: 2 * 1024 * 1024)
        try pool.leavePartial(of: file, bytes: 800_000)
        let (result, responses) = try await withSource { server, source in
            (try await download(file, from: source), server.responses)
        }
        #expect(pool.cacheHolds(file))
        #expect(result.resumedFrom == [800_000] && result.bytesTransferred == file.bytes - 800_000)
        #expect(responses.map(\.range) == ["bytes=800000-"] && responses.map(\.status) == [206])
    }

    @Test func serverIgnoringRangeRestartsFromZeroAndVerifies() async throws {
        let file = try pool.addFile(bytes: 1024 * 1024)
        try pool.leavePartial(of: file, bytes: 500_000)
        let (result, responses) = try await withSource { server, source in
            server.ignoreRange()
            return (try await download(file, from: source), server.responses)
        }
        #expect(pool.cacheHolds(file))
        #expect(result.restarts == 1 && result.bytesTransferred == file.bytes && result.attempts == 1)
        #expect(!result.resumed)
        #expect(responses.map(\.status) == [200] && responses.map(\.range) == ["bytes=500000-"])
    }

    @Test func partialLongerThanTheFileStartsAgain() async throws {
        let file = try pool.addFile(bytes: 400_000)
        try pool.leavePartial(of: file, data: PoolFixture.randomData(count: 500_000))
        let (result, responses) = try await withSource { server, source in
            (try await download(file, from: source), server.responses)
        }
        #expect(pool.cacheHolds(file))
        #expect(!result.resumed && result.bytesTransferred == file.bytes)
        #expect(responses.map(\.range) == [nil])
    }

    @Test func completePartialWithWrongBytesIsFetchedAgain() async throws {
        let file = try pool.addFile(bytes: 400_000)
        try pool.leavePartial(of: file, data: PoolFixture.randomData(count: 400_000))
        let result = try await withSource { _, source in try await download(file, from: source) }
        #expect(pool.cacheHolds(file))
        #expect(result.restarts == 1 && result.bytesTransferred == file.bytes)
    }

    @Test func rangeNotSatisfiableStartsAgainFromZero() async throws {
        let file = try pool.addFile(bytes: 400_000)
        try pool.leavePartial(of: file, bytes: 100_000)
        let (result, responses) = try await withSource { server, source in
            server.fail(file.path, with: [.status(416)])
            return (try await download(file, from: source), server.responses)
        }
        #expect(pool.cacheHolds(file))
        #expect(result.restarts == 1 && !result.resumed)
        #expect(responses.map(\.range) == ["bytes=100000-", nil])
    }

    /// The last progress a download reported, readable from another task.
    final class Progress: Sendable {
        let bytesDone = Mutex<Int64>(0)
    }

    @Test func cancellationStopsPromptlyAndKeepsThePartial() async throws {
        let file = try pool.addFile(bytes: 4 * 1024 * 1024)
        let progress = Progress()
        let (cache, relativePath, options) = (
            pool.cache, pool.relativePath(of: file), PoolFixture.options(clock: clock)
        )
        let failure = try await withSource { server, source in
            // 16 KiB every 2 ms: about 8 MiB/s, so the download is still running when cancelled.
            server.sendSlowly(pausing: .milliseconds(2))
            return try await withThrowingTaskGroup(of: SourceError?.self) { group in
                group.addTask {
                    do throws(SourceError) {
                        _ = try await source.download(
                            file, as: relativePath, label: "media of R1", into: cache, options: options
                        ) { report in progress.bytesDone.withLock { $0 = report.bytesDone } }
                        return nil
                    } catch {
                        return error
                    }
                }
                let deadline = ContinuousClock.now + .seconds(20)
                while progress.bytesDone.withLock({ $0 }) < 600_000, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(5))
                }
                group.cancelAll()
                return try await group.next() ?? nil
            }
        }
        #expect(failure?.code == .cancelled)
        let kept = try #require(pool.partialBytes(of: file))
        #expect(kept >= 600_000 && kept < file.bytes)
        // The next run continues from the kept bytes.
        let result = try await withSource { _, source in try await download(file, from: source) }
        #expect(pool.cacheHolds(file))
        #expect(result.resumedFrom == [kept] && result.bytesTransferred == file.bytes - kept)
    }
}
