import Foundation
import KioskCentral
import KioskTesting
import PoolFormat
import Testing

@Suite("Pools in a directory (USB stick)")
struct DirectoryPoolSourceTests {
    let pool: PoolFixture

    init() throws { pool = try PoolFixture() }

    @Test func manifestAndSignatureFromADirectoryOrFileURL() async throws {
        try Data("{}".utf8).write(to: URL(fileURLWithPath: pool.poolPath + "/manifest.json"))
        let plain = try await DirectoryPoolSource(path: pool.poolPath).fetchManifest()
        #expect(plain.manifest == Data("{}".utf8) && plain.signature == nil)
        try Data("sig".utf8).write(to: URL(fileURLWithPath: pool.poolPath + "/manifest.json.sig"))
        let signed = try await DirectoryPoolSource(path: "file://" + pool.poolPath + "/").fetchManifest()
        #expect(signed.signature == Data("sig".utf8))
    }

    @Test func noManifestSaysSo() async {
        let failure = await #expect(throws: SourceError.self) {
            try await DirectoryPoolSource(path: pool.poolPath).fetchManifest()
        }
        #expect(failure?.code == .notFound && failure?.message.contains("no manifest.json in \(pool.poolPath)") == true)
    }

    @Test func copiesVerified() async throws {
        let file = try pool.addFile(bytes: 1024 * 1024 + 3)
        let result = try await DirectoryPoolSource(path: pool.poolPath).download(
            file, as: pool.relativePath(of: file), into: pool.cache)
        #expect(pool.cacheHolds(file) && result.bytesTransferred == file.bytes)
        #expect(pool.partialBytes(of: file) == nil)
    }

    @Test func resumesAPartialCopy() async throws {
        let file = try pool.addFile(bytes: 1024 * 1024)
        try pool.leavePartial(of: file, bytes: 300_000)
        let result = try await DirectoryPoolSource(path: pool.poolPath).download(
            file, as: pool.relativePath(of: file), into: pool.cache)
        #expect(pool.cacheHolds(file))
        #expect(result.resumedFrom == [300_000] && result.bytesTransferred == file.bytes - 300_000)
    }

    @Test func aChangedFileIsRefused() async throws {
        let file = try pool.addFile(bytes: 200_000)
        var data = try pool.contents(of: file)
        data[1000] ^= 1
        try data.write(to: URL(fileURLWithPath: pool.poolPath + "/" + file.path))
        let failure = await #expect(throws: SourceError.self) {
            try await DirectoryPoolSource(path: pool.poolPath).download(
                file, as: pool.relativePath(of: file), label: "cover of R9", into: pool.cache, options: .init()
            ) { _ in }
        }
        #expect(failure?.code == .verification && failure?.message.hasPrefix("cover of R9: sha256 mismatch") == true)
        #expect(pool.partialBytes(of: file) == nil)
    }

    @Test func aMissingFileIsNotFound() async throws {
        var file = try pool.addFile(bytes: 1000)
        file.path = "media/00/gone.mp4"
        let failure = await #expect(throws: SourceError.self) {
            try await DirectoryPoolSource(path: pool.poolPath).download(
                file, as: pool.relativePath(of: file), into: pool.cache)
        }
        #expect(failure?.code == .notFound && failure?.message.contains("gone.mp4") == true)
    }
}
