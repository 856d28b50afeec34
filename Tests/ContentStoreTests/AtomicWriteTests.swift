import ContentStore
import Foundation
import KioskTesting
import Testing

@Suite("Atomic file writes")
struct AtomicWriteTests {
    let directory = TemporaryDirectory("atomic")

    @Test func fileIsReplacedWholeWithNothingLeftBeside() throws {
        let path = directory.appending("manifest.json")
        try ContentStore.writeFile(Array("old".utf8), to: path)
        try ContentStore.writeFile(Array("new contents".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new contents")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["manifest.json"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
    }

    @Test func fileThatMustNotBeReplacedIsKept() throws {
        let path = directory.appending("pool.key")
        try ContentStore.writeFile(Array("first".utf8), to: path, mode: 0o600, replacing: false)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        #expect {
            try ContentStore.writeFile(Array("second".utf8), to: path, mode: 0o600, replacing: false)
        } throws: { error in
            (error as? ContentStoreError)?.errno == EEXIST
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["pool.key"])
    }

    @Test func missingFolderIsNamed() {
        #expect {
            try ContentStore.writeFile([1], to: directory.appending("no/such/file"))
        } throws: { error in
            (error as? ContentStoreError)?.code == .notFound
        }
    }
}
