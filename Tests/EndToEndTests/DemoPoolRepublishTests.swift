import Foundation
import KioskTesting
import PoolFormat
import Testing

@Suite("End to end: the demo pool is what yinling-hub publish makes of its spreadsheet")
struct DemoPoolRepublishTests {
    /// `make demo-pool` publishes Assets/demo-source/resources.csv with the demo key; publishing it
    /// again from the pool's own files (named as the spreadsheet names them: `<id>.jpg`,
    /// `<id>.mp4`/`.mp3`) without usage data gives the committed manifest and signature, byte for byte.
    @Test func republishingTheDemoSpreadsheetGivesTheDemoPoolByteForByte() async throws {
        try PublishFixture.requireFFmpeg()
        let directory = TemporaryDirectory("republish")
        let files = directory.appending("files")
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let pool = Repository.demoPool
        let manifestData = try Data(contentsOf: URL(fileURLWithPath: pool + "/manifest.json"))
        for resource in try ManifestDecoder.decode(manifestData).manifest.resources {
            try FileManager.default.createSymbolicLink(
                atPath: "\(files)/\(resource.id).jpg", withDestinationPath: "\(pool)/\(resource.cover.path)")
            if let media = resource.media {
                try FileManager.default.createSymbolicLink(
                    atPath: "\(files)/\(resource.id).\(media.fileExtension)",
                    withDestinationPath: "\(pool)/\(media.path)")
            }
        }
        let out = directory.appending("pool")
        let run = try await ChildProcess.run(
            PublishFixture.hub,
            [
                "publish", "--metadata", Repository.root + "/Assets/demo-source/resources.csv", "--files", files,
                "--out", out, "--key", Repository.root + "/Assets/demo-keys/demo-pool.key", "--allow-nonconforming",
                "--published-at", "2026-11-20T08:00:00Z",
            ], timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")) == manifestData)
        let signature = try Data(contentsOf: URL(fileURLWithPath: pool + "/manifest.json.sig"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json.sig")) == signature)
    }
}
