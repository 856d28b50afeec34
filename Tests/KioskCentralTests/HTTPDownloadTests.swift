import ContentStore
import Foundation
import KioskCentral
import KioskTesting
import PoolFormat
import Testing

@Suite("HTTP downloads with faults")
struct HTTPDownloadTests {
    let pool: PoolFixture
    let clock = RecordingClock()

    init() throws { pool = try PoolFixture() }

    func withSource<Result>(_ body: (FaultyPoolServer, HTTPPoolSource) async throws -> Result) async throws -> Result {
        try await pool.withFaultyServer(body)
    }

    func download(_ file: FileObject, from source: HTTPPoolSource, maxAttempts: Int = 5) async throws(SourceError)
        -> DownloadResult
    {
        try await source.download(
            file, as: pool.relativePath(of: file), label: "media of R1", into: pool.cache,
            options: PoolFixture.options(clock: clock, maxAttempts: maxAttempts)
        ) { _ in }
    }

    @Test func fullDownloadIsVerifiedAndInstalled() async throws {
        let file = try pool.addFile(bytes: 3 * 1024 * 1024 + 17)
        let result = try await withSource { _, source in try await download(file, from: source) }
        #expect(pool.cacheHolds(file))
        #expect(result.bytesTransferred == file.bytes && result.attempts == 1 && !result.resumed)
        #expect(pool.partialBytes(of: file) == nil)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func alreadyCachedFileIsNotFetched() async throws {
        let file = try pool.addFile(bytes: 100_000)
        try pool.cache.importFile(
            from: pool.poolPath + "/" + file.path, to: pool.relativePath(of: file), sha256: file.sha256,
            bytes: file.bytes)
        let (result, sent) = try await withSource { server, source in
            (try await download(file, from: source), server.responses.count)
        }
        #expect(result.alreadyCached && result.attempts == 0 && sent == 0)
    }

    @Test func droppedConnectionResumesWhereItStopped() async throws {
        let file = try pool.addFile(bytes: 3 * 1024 * 1024)
        let dropAt = 1_234_567
        let (result, responses) = try await withSource { server, source in
            server.fail(file.path, with: [.dropAfter(bytes: dropAt)])
            return (try await download(file, from: source), server.responses)
        }
        #expect(pool.cacheHolds(file))
        // It continues after the bytes it received (the client may not see the last few it was
        // sent before the connection dropped), and fetches only the rest.
        let resumedAt = try #require(result.resumedFrom.first)
        #expect(result.resumedFrom.count == 1 && result.attempts == 2)
        #expect(resumedAt > Int64(dropAt) / 2 && resumedAt <= Int64(dropAt))
        #expect(result.bytesTransferred == file.bytes)
        #expect(responses.map(\.range) == [nil, "bytes=\(resumedAt)-"])
        // On the wire: about the file's size, not twice it.
        let sent = responses.map(\.bodyBytes).reduce(0, +)
        #expect(sent >= Int(file.bytes) && sent <= Int(file.bytes) + dropAt - Int(resumedAt))
        #expect(clock.sleeps.count == 1)
    }

    @Test func wrongBytesAreRetriedOnceFromZeroThenReported() async throws {
        let file = try pool.addFile(bytes: 600_000)
        let (failure, requests) = try await withSource { server, source in
            server.fail(file.path, with: [.wrongBytes, .wrongBytes])
            let failure = await #expect(throws: SourceError.self) { try await download(file, from: source) }
            return (failure, server.responses.count)
        }
        #expect(failure?.code == .verification)
        #expect(
            failure?.message.hasPrefix("media of R1: sha256 mismatch (expected \(file.sha256.prefix(12))…, got ")
                == true)
        #expect(requests == 2)
        #expect(pool.partialBytes(of: file) == nil)
        #expect(!FileManager.default.fileExists(atPath: pool.cache.path(of: pool.relativePath(of: file))))
    }

    @Test func wrongBytesOnceThenRightBytesInstalls() async throws {
        let file = try pool.addFile(bytes: 600_000)
        let result = try await withSource { server, source in
            server.fail(file.path, with: [.wrongBytes])
            return try await download(file, from: source)
        }
        #expect(pool.cacheHolds(file))
        #expect(result.restarts == 1 && result.attempts == 2 && result.bytesTransferred == 2 * file.bytes)
    }

    @Test func serverErrorsThenSuccess() async throws {
        let file = try pool.addFile(bytes: 300_000)
        let result = try await withSource { server, source in
            server.fail(file.path, with: [.status(500), .status(502), .status(500)])
            return try await download(file, from: source)
        }
        #expect(pool.cacheHolds(file))
        #expect(result.attempts == 4)
        // Full jitter: each wait is at most the doubling ceiling (1 s, 2 s, 4 s).
        let sleeps = clock.sleeps
        #expect(sleeps.count == 3)
        #expect(zip(sleeps, [1, 2, 4]).allSatisfy { $0 <= .seconds($1) })
    }

    @Test func retryAfterIsHonouredAndCapped() async throws {
        let file = try pool.addFile(bytes: 300_000)
        try await withSource { server, source in
            server.fail(file.path, with: [.status(503, retryAfter: "7"), .status(429, retryAfter: "3600")])
            _ = try await download(file, from: source)
        }
        #expect(pool.cacheHolds(file))
        #expect(clock.sleeps == [.seconds(7), .seconds(30)])
    }

    @Test func persistentServerErrorGivesUpAndKeepsThePartial() async throws {
        let file = try pool.addFile(bytes: 300_000)
        try pool.leavePartial(of: file, bytes: 1000)
        let failure = try await withSource { server, source in
            server.fail(file.path, with: Array(repeating: .status(500), count: 10))
            return await #expect(throws: SourceError.self) { try await download(file, from: source, maxAttempts: 3) }
        }
        #expect(failure?.code == .http && failure?.message.contains("500") == true)
        #expect(clock.sleeps.count == 2)
        #expect(pool.partialBytes(of: file) == 1000)
    }

    @Test func missingFileIsNotFoundWithoutRetries() async throws {
        var file = try pool.addFile(bytes: 1000)
        file.path = "media/00/nothing.mp4"
        let failure = try await withSource { _, source in
            await #expect(throws: SourceError.self) { try await download(file, from: source) }
        }
        #expect(failure?.code == .notFound && failure?.message.contains("404") == true)
        #expect(clock.sleeps.isEmpty)
    }
}
