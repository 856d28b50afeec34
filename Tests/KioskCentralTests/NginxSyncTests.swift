import ContentStore
import Foundation
import KioskCentral
import KioskCore
import KioskTesting
import PoolFormat
import Testing

/// The real thing: nginx on 127.0.0.1 serving a copy of the demo pool, signed.
@Suite("Downloading a published pool from nginx", .enabled(if: Nginx.isAvailable))
struct NginxSyncTests {
    let testPool: TestPool
    let key = PoolSigningKey.generate()
    let directory = TemporaryDirectory("nginx-cache")
    let cache: ContentStore

    init() throws {
        testPool = try TestPool()
        let manifest = try testPool.contents(of: "manifest.json")
        try ManifestSignature.sign(manifest, with: key)
            .write(to: URL(fileURLWithPath: testPool.path + "/" + ManifestSignature.fileName))
        cache = try ContentStore(root: directory.appending("cache"))
    }

    func relativePath(of file: FileObject) -> String {
        CachedFile.relativePath(sha256: file.sha256, fileExtension: CachedFile.fileExtension(forMIME: file.mime))
    }

    @Test func signedManifestAndEveryFile() async throws {
        let nginx = try await Nginx(serving: testPool.path)
        let (files, transferred) = try await withPoolSource(url: nginx.baseURL + "manifest.json") { source in
            let fetched = try await source.fetchManifest()
            try ManifestSignature.verify(fetched.manifest, signature: fetched.signature, trustedKeys: [key.publicKey])
            let files = try ManifestDecoder.decode(fetched.manifest).manifest.resources.flatMap(\.files)
            var transferred: Int64 = 0
            for file in files {
                transferred += try await source.download(file, as: relativePath(of: file), into: cache).bytesTransferred
            }
            return (files, transferred)
        }
        for file in files {
            #expect(try ContentStore.hash(fileAt: cache.path(of: relativePath(of: file))).sha256 == file.sha256)
        }
        let unique = Dictionary(files.map { ($0.sha256, $0.bytes) }) { first, _ in first }
        #expect(transferred == unique.values.reduce(0, +))
        let log = try await nginx.accessLog(atLeast: 2 + unique.count)
        #expect(
            log.filter { $0.path.hasPrefix("/media/") || $0.path.hasPrefix("/covers/") }.map(\.bodyBytes)
                .reduce(0, +) == transferred)
    }

    @Test func resumingDownloadsOnlyTheRest() async throws {
        let nginx = try await Nginx(serving: testPool.path)
        let manifest = try ManifestDecoder.decode(try testPool.contents(of: "manifest.json")).manifest
        let file = try #require(manifest.resources.compactMap(\.media).max { $0.bytes < $1.bytes })
        let kept = Int(file.bytes / 3)
        try testPool.contents(of: file.path).prefix(kept)
            .write(to: URL(fileURLWithPath: cache.partialPath(sha256: file.sha256)))
        let result = try await withPoolSource(url: nginx.baseURL) { source in
            try await source.download(file, as: relativePath(of: file), into: cache)
        }
        #expect(result.resumedFrom == [Int64(kept)] && result.bytesTransferred == file.bytes - Int64(kept))
        #expect(try ContentStore.hash(fileAt: cache.path(of: relativePath(of: file))).sha256 == file.sha256)
        let entry = try #require(try await nginx.accessLog(atLeast: 1).first { $0.path == "/" + file.path })
        #expect(entry.status == 206 && entry.range == "bytes=\(kept)-")
        #expect(entry.bodyBytes == file.bytes - Int64(kept))
    }
}
