import ContentStore
import Foundation
import KioskTesting
import Testing

@Suite("Resumable writer")
struct ResumableWriterTests {
    let directory = TemporaryDirectory("resume")
    let data = Data((0..<500_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) })
    let sha256: String
    let store: ContentStore

    init() throws {
        try data.write(to: URL(fileURLWithPath: directory.appending("source")))
        sha256 = try ContentStore.hash(fileAt: directory.appending("source")).sha256
        store = try ContentStore(root: directory.appending("cache"))
    }

    var bytes: Int64 { Int64(data.count) }

    func write(_ slice: Data, to writer: VerifiedFileWriter) throws {
        try slice.withUnsafeBytes { try writer.write($0) }
    }

    @Test func continuesWhereAnEarlierWriterStopped() throws {
        let first = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        try write(data.prefix(200_000), to: first)
        first.suspend()
        #expect(store.partialBytes(sha256: sha256) == 200_000)
        let second = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        #expect(second.resumedBytes == 200_000 && second.bytesWritten == 200_000)
        try write(data.dropFirst(200_000), to: second)
        try second.commit()
        #expect(
            FileManager.default.contentsEqual(atPath: store.path(of: "m.mp4"), andPath: directory.appending("source")))
        #expect(store.partialBytes(sha256: sha256) == nil)
    }

    @Test func releasedUnfinishedKeepsThePartial() throws {
        do {
            let writer = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
            try write(data.prefix(1000), to: writer)
        }
        #expect(store.partialBytes(sha256: sha256) == 1000)
    }

    @Test func aPartialLongerThanTheFileIsEmptied() throws {
        try Data(count: data.count + 10).write(to: URL(fileURLWithPath: store.partialPath(sha256: sha256)))
        let writer = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        #expect(writer.resumedBytes == 0 && store.partialBytes(sha256: sha256) == 0)
        try write(data, to: writer)
        try writer.commit()
        #expect(store.holds("m.mp4", bytes: bytes))
    }

    @Test func restartDropsWhatWasThere() throws {
        try Data(repeating: 0xAA, count: 1000).write(to: URL(fileURLWithPath: store.partialPath(sha256: sha256)))
        let writer = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        try writer.restart()
        try write(data, to: writer)
        try writer.commit()
        #expect(store.holds("m.mp4", bytes: bytes))
    }

    @Test func wrongResumedBytesFailTheHashAndDeleteThePartial() throws {
        try Data(repeating: 0xAA, count: 1000).write(to: URL(fileURLWithPath: store.partialPath(sha256: sha256)))
        let writer = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        writer.label = "media of R1"
        try write(data.dropFirst(1000), to: writer)
        #expect {
            try writer.commit()
        } throws: { error in
            guard let error = error as? ContentStoreError else { return false }
            return error.code == .hashMismatch && error.message.hasPrefix("media of R1: sha256 mismatch")
        }
        #expect(store.partialBytes(sha256: sha256) == nil && !store.holds("m.mp4", bytes: bytes))
    }

    @Test func aSecondWriterOfTheSameFileIsRefused() throws {
        let first = try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        #expect(throws: ContentStoreError.self) {
            try store.resumableWriter(for: "m.mp4", sha256: sha256, bytes: bytes)
        }
        first.suspend()
    }

    @Test func diskSpaceIsReported() throws {
        let space = try store.diskSpace()
        #expect(space.totalBytes > 0 && space.availableBytes > 0 && space.availableBytes <= space.totalBytes)
    }
}
