import ContentStore
import Foundation
import KioskTesting
import Testing

@Suite("Content-addressed store")
struct ContentStoreTests {
    let directory = TemporaryDirectory("store")
    let source: String
    let sha256: String
    let bytes: Int64

    init() throws {
        source = directory.appending("source.bin")
        let data = Data((0..<700_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try data.write(to: URL(fileURLWithPath: source))
        (sha256, bytes) = try ContentStore.hash(fileAt: source)
    }

    func store() throws -> ContentStore { try ContentStore(root: directory.appending("cache")) }

    func partialFiles(_ store: ContentStore) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: store.partialDirectory)
    }

    @Test func hashOfAKnownFile() throws {
        try Data("abc".utf8).write(to: URL(fileURLWithPath: directory.appending("abc")))
        let (digest, size) = try ContentStore.hash(fileAt: directory.appending("abc"))
        #expect(digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" && size == 3)
    }

    @Test func importedFileAppearsWhole() throws {
        let store = try store()
        try store.importFile(from: source, to: "media/ab/x.mp4", sha256: sha256, bytes: bytes)
        #expect(FileManager.default.contentsEqual(atPath: source, andPath: store.path(of: "media/ab/x.mp4")))
        #expect(store.holds("media/ab/x.mp4", bytes: bytes))
        #expect(try partialFiles(store).isEmpty)
    }

    @Test func wrongHashLeavesNothingBehind() throws {
        let store = try store()
        let wrong = String(repeating: "0", count: 64)
        #expect {
            try store.importFile(from: source, to: "media/ab/x.mp4", sha256: wrong, bytes: bytes)
        } throws: { error in
            guard let error = error as? ContentStoreError else { return false }
            return error.code == .hashMismatch && error.message.contains("expected 000000000000…")
        }
        #expect(!FileManager.default.fileExists(atPath: store.path(of: "media/ab/x.mp4")))
        #expect(try partialFiles(store).isEmpty)
    }

    @Test(arguments: [Int64(-1), 1])
    func wrongSizeIsRefused(_ delta: Int64) throws {
        let store = try store()
        #expect {
            try store.importFile(from: source, to: "m.mp4", sha256: sha256, bytes: bytes + delta)
        } throws: { ($0 as? ContentStoreError)?.code == .sizeMismatch }
        #expect(!store.holds("m.mp4", bytes: bytes))
        #expect(try partialFiles(store).isEmpty)
    }

    @Test func missingSourceNamesThePath() throws {
        let store = try store()
        #expect {
            try store.importFile(from: directory.appending("nope"), to: "m.mp4", sha256: sha256, bytes: bytes)
        } throws: { error in
            guard let error = error as? ContentStoreError else { return false }
            return error.code == .notFound && error.message.contains("nope")
        }
    }

    @Test func removeIsIdempotent() throws {
        let store = try store()
        try store.importFile(from: source, to: "m.mp4", sha256: sha256, bytes: bytes)
        try store.remove("m.mp4")
        try store.remove("m.mp4")
        #expect(!store.holds("m.mp4", bytes: bytes))
    }
}
