import ContentStore
import Foundation
import KioskTesting
import PoolFormat
import Testing

@Suite("End to end: the real yinling-hub publish")
struct PublishTests {
    @Test func publishReportsEveryRowAndRepublishingCopiesOnlyTheNewFile() async throws {
        try PublishFixture.requireFFmpeg()
        let fixture = try PublishFixture()
        try await makeMedia(fixture)
        try fixture.writeCSV(PublishRows.first)

        let first = try await fixture.publish()
        #expect(first.status == 1, "rows were left out: \(first.stdout)\n\(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        let expected = [
            "  ok        OK-01  太极拳入门 第1集",
            "  ok        OK-02  太极拳入门 第2集",
            "  ok        OK-03  课程 OK-03",
            "  ok        OK-04  课程 OK-04",
            "  NONCONF   SCHOOL-01  乙县老年学校's conforming videos total 00:03:00, below 5 min — left out",
            "  NONCONF   NC-SIZE  640×360 below 1280×720; 00:00:10 long, below 3 min — left out",
            "  NONCONF   NC-FPS  15 fps below 25; 00:00:10 long, below 3 min — left out",
            "  NONCONF   NC-RATE  video 1.0 Mbps below 2 Mbps; 00:00:10 long, below 3 min — left out",
            "  NONCONF   NC-2MIN  00:02:00 long, below 3 min — left out",
            "  NONCONF   NC-MONO  22050 Hz below 44100 Hz; mono, not stereo — left out",
            "  INVALID   row 12, column 资源名称: missing (required)",
            #"  INVALID   row 13, column 资源时长: "1:2" is not hh:mm:ss (e.g. 00:45:10)"#,
            #"  INVALID   row 14, column 资源类型: "A09" is not a resource type (A01 video, A02 audio, A03 online course)"#,
            #"  INVALID   row 15, column 媒体文件: no file "missing.mp4" in \#(fixture.files)"#,
            #"  INVALID   row 17, column 资源封面: "cover.png" is not a JPEG image"#,
        ]
        for line in expected { #expect(lines.contains(line), "missing: \(line)\n\(first.stdout)") }
        #expect(
            lines.contains {
                $0.hasPrefix(#"  INVALID   row 16, column 媒体文件: "not-media.mp4": ffprobe cannot read it"#)
            },
            "\(first.stdout)")
        #expect(lines.filter { $0.hasPrefix("  ") }.count == 16, "one line per row: \(first.stdout)")
        #expect(first.stdout.contains("Published 4 resources to \(fixture.pool)"))
        #expect(
            first.stdout.contains(
                "Left out 12 rows: 6 invalid (INVALID above), 6 below the technical standard (NONCONF above)."))
        #expect(first.stdout.contains("Files: copied 5 ("), "\(first.stdout)")

        let manifest = try verifiedManifest(fixture)
        #expect(manifest.resources.map(\.id) == ["OK-01", "OK-02", "OK-03", "OK-04"])
        let video = try #require(manifest.resources.first)
        #expect(video.summary == "从起势学起，讲清呼吸、重心。\n适合从未练过的朋友。")
        #expect(video.catalogXML == #"<catalog><item time="00:00:00">起势</item></catalog>"#)
        #expect(video.seriesOrder == 1 && video.category == ["养生保健", "太极拳"])
        #expect(video.duration == MediaDuration(seconds: 180))
        let media = try #require(video.media)
        #expect(media.video?.codec == "h264" && media.video?.width == 1280 && media.video?.fps == 25)
        #expect((media.video?.bitrate ?? 0) >= 2_000_000 && media.audio?.codec == "aac")
        #expect(media.path == "media/\(media.sha256.prefix(2))/\(media.sha256).mp4")
        #expect(try ContentStore.hash(fileAt: "\(fixture.pool)/\(media.path)").sha256 == media.sha256)
        #expect(manifest.resources[2].lecturers == ["孙秀兰", "赵文博"] && manifest.resources[2].media?.mime == "audio/mpeg")
        #expect(manifest.resources[3].media == nil && manifest.resources[3].link != nil)
        let before = try fixture.poolFiles()
        #expect(before.count == 5, "cover-a is shared by three rows: \(before.keys.sorted())")
        #expect(!FileManager.default.fileExists(atPath: "\(fixture.pool)/partial"))

        // The school adds one video (with a cover already in the pool) and the office publishes again.
        try await fixture.copy("ok-1.mp4", to: "new.mp4")
        try fixture.writeCSV(PublishRows.first + [PublishRows.row("NEW-01", media: "new.mp4")])
        let second = try await fixture.publish()
        #expect(second.status == 1)
        #expect(second.stdout.contains("  ok        NEW-01  课程 NEW-01"))
        #expect(second.stdout.contains("Files: copied 1 ("), "\(second.stdout)")
        #expect(second.stdout.contains("Replaced the manifest published at 2026-11-20T08:00:00Z (4 resources)"))
        let after = try fixture.poolFiles()
        for (path, file) in before {
            #expect(after[path]?.inode == file.inode && after[path]?.modified == file.modified, "\(path) untouched")
        }
        let added = Set(after.keys).subtracting(before.keys)
        let newMedia = try ContentStore.hash(fileAt: "\(fixture.files)/new.mp4").sha256
        #expect(added == ["media/\(newMedia.prefix(2))/\(newMedia).mp4"])
        #expect(try verifiedManifest(fixture).resources.map(\.id).last == "NEW-01")

        // With --allow-nonconforming the resources that fall short go in too; invalid rows never do.
        let third = try await fixture.publish(["--allow-nonconforming"])
        #expect(third.status == 1)
        #expect(
            third.stdout.contains(
                "  NONCONF   NC-FPS  15 fps below 25; 00:00:10 long, below 3 min — published anyway (--allow-nonconforming)"
            ))
        #expect(third.stdout.contains("Published 11 resources"))
        #expect(try verifiedManifest(fixture).resources.count == 11)
    }

    @Test func publishWithoutAUsableKeyChangesNothing() async throws {
        let fixture = try PublishFixture()
        try fixture.writeCSV([PublishRows.row("OK-01", media: "ok-1.mp4")])
        let missing = try await ChildProcess.run(
            PublishFixture.hub,
            [
                "publish", "--metadata", fixture.csv, "--files", fixture.files, "--out", fixture.pool, "--key",
                "/nonexistent/pool.key",
            ])
        #expect(missing.status == 2)
        #expect(
            missing.stderr.contains(
                "cannot read the signing key /nonexistent/pool.key (no such file); make one with: yinling-hub keys generate"
            ))
        try Data("not a key\n".utf8).write(to: URL(fileURLWithPath: fixture.key))
        let bad = try await fixture.publish()
        #expect(bad.status == 2 && bad.stderr.contains("not a yinling signing key"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: fixture.pool + "/manifest.json"))
    }

    @Test func keysGenerateWritesAPrivateKeyOnceAndPrintsWhatKiosksNeed() async throws {
        let directory = TemporaryDirectory("keys")
        let path = directory.appending("office.key")
        let made = try await ChildProcess.run(PublishFixture.hub, ["keys", "generate", "--out", path])
        #expect(made.status == 0, "\(made.stderr)")
        let contents = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = try PoolSigningKey(fileContents: contents)
        #expect(made.stdout.contains("[pool]\ntrusted_keys = [\"\(key.publicKey.base64)\"]"), "\(made.stdout)")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let again = try await ChildProcess.run(PublishFixture.hub, ["keys", "generate", "--out", path])
        #expect(again.status == 2 && again.stderr.contains("already exists"), "\(again.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == contents)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["office.key"])
    }

    /// The manifest, checked as a kiosk checks it: the signature with the office's public key, then every entry.
    private func verifiedManifest(_ fixture: PublishFixture) throws -> Manifest {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(fixture.pool)/manifest.json"))
        let signature = try Data(contentsOf: URL(fileURLWithPath: "\(fixture.pool)/manifest.json.sig"))
        let trusted = try PoolPublicKey(base64: fixture.signingKey.publicKey.base64)
        try ManifestSignature.verify(data, signature: signature, trustedKeys: [trusted])
        let decoded = try ManifestDecoder.decode(data)
        #expect(decoded.rejected.isEmpty, "\(decoded.rejected)")
        return decoded.manifest
    }

    /// The files the rows name: one 3-minute conforming clip and copies of it, short clips that
    /// each fall short in their own way, audio, covers, and two files that are not what they claim.
    private func makeMedia(_ fixture: PublishFixture) async throws {
        try await fixture.video("ok-1.mp4", seconds: 180)
        try await fixture.copy("ok-1.mp4", to: "ok-2.mp4")
        try await fixture.copy("ok-1.mp4", to: "school.mp4")
        try await fixture.copy("ok-1.mp4", to: "nc-2min.mp4", seconds: 120)
        try await fixture.video("nc-small.mp4", size: "640x360", kbps: 2500)
        try await fixture.video("nc-15fps.mp4", fps: 15, kbps: 2500)
        try await fixture.video("nc-1mbps.mp4", kbps: 1000)
        try await fixture.audio("audio.mp3")
        try await fixture.audio("audio-mono.mp3", sampleRate: 22050, channels: 1)
        try await fixture.cover("cover-a.jpg", color: "0x7A1F1F")
        try await fixture.cover("cover-b.jpg", color: "0x0D47A1")
        try await fixture.cover("cover.png", color: "0x33691E")
        try Data("this is not a video\n".utf8).write(to: URL(fileURLWithPath: "\(fixture.files)/not-media.mp4"))
    }
}
