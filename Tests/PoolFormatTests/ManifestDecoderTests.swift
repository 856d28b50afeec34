import Foundation
import KioskTesting
import PoolFormat
import Testing

@Suite("Manifest decoding")
struct ManifestDecoderTests {
    /// The demo manifest with `change` applied to the JSON of entry `id`.
    static func decode(changing id: String? = nil, _ change: (inout [String: Any]) -> Void = { _ in }) throws
        -> DecodedManifest
    {
        let pool = try TestPool()
        if let id {
            var entries = pool.resources
            change(&entries[pool.index(of: id)])
            pool.resources = entries
        }
        try pool.write()
        return try ManifestDecoder.decode(try pool.contents(of: "manifest.json"))
    }

    @Test func demoManifestDecodesEveryEntry() throws {
        let decoded = try ManifestDecoder.decode(
            try Data(contentsOf: URL(fileURLWithPath: Repository.demoPool + "/manifest.json")))
        #expect(decoded.rejected.isEmpty)
        #expect(decoded.manifest.resources.count == 17)
        let first = try #require(decoded.manifest.resources.first)
        #expect(first.title == "太极拳入门 第1集：起势与站桩")
        #expect(first.series == "太极拳入门" && first.seriesOrder == 1)
        #expect(first.category == ["养生保健", "太极拳"])
        #expect(first.duration == MediaDuration(seconds: 24))
        #expect(first.media?.video?.codec == "h264")
        let online = try #require(decoded.manifest.resources.first { $0.type == .onlineCourse })
        #expect(online.media == nil && online.link?.hasPrefix("https://") == true && online.platform != nil)
    }

    /// One broken field per row: the entry is refused alone, named by its id and the field.
    static let badEntries: [(name: String, field: String, change: @Sendable (inout [String: Any]) -> Void)] = [
        ("absolute path", "media.path", { $0["media"] = patched($0["media"], "path", "/etc/passwd.mp4") }),
        ("traversal", "media.path", { $0["media"] = patched($0["media"], "path", "media/../../secret.mp4") }),
        ("backslash", "cover.path", { $0["cover"] = patched($0["cover"], "path", "covers\\ab\\x.jpg") }),
        ("scheme", "media.path", { $0["media"] = patched($0["media"], "path", "https://evil.example/x.mp4") }),
        ("query", "media.path", { $0["media"] = patched($0["media"], "path", "media/ab/x.mp4?download=1") }),
        ("short hash", "media.sha256", { $0["media"] = patched($0["media"], "sha256", "abc") }),
        (
            "upper-case hash", "cover.sha256",
            { $0["cover"] = patched($0["cover"], "sha256", String(repeating: "A", count: 64)) }
        ),
        ("bytes as text", "media.bytes", { $0["media"] = patched($0["media"], "bytes", "many") }),
        ("cover not JPEG", "cover.mime", { $0["cover"] = patched($0["cover"], "mime", "image/png") }),
        ("missing title", "title", { $0["title"] = nil }),
        ("long title", "title", { $0["title"] = String(repeating: "长", count: 201) }),
        ("unknown type", "type", { $0["type"] = "A04" }),
        ("bad duration", "duration", { $0["duration"] = "1:2:3" }),
        ("minutes past 59", "duration", { $0["duration"] = "00:61:00" }),
        ("video without duration", "duration", { $0["duration"] = nil }),
        ("video without media", "media", { $0["media"] = nil }),
        ("unknown top category", "category[0]", { $0["category"] = ["星际旅行", "火箭"] }),
        ("empty category", "category", { $0["category"] = [String]() }),
        ("series order 0", "seriesOrder", { $0["seriesOrder"] = 0 }),
        ("impossible date", "created", { $0["created"] = "2025-02-30" }),
        ("negative clicks", "clicks", { $0["clicks"] = -1 }),
        ("no lecturers", "lecturers", { $0["lecturers"] = [String]() }),
        ("lecturers as text", "lecturers", { $0["lecturers"] = "李建国;王晓燕" }),
        ("empty summary", "summary", { $0["summary"] = "  " }),
        ("bad id", "id", { $0["id"] = "R 1/2" }),
    ]

    @Test(arguments: badEntries.indices)
    func badEntryIsRejectedAloneNamingIdAndField(_ row: Int) throws {
        let (name, field, change) = Self.badEntries[row]
        let decoded = try Self.decode(changing: "KJ-CX-01", change)
        #expect(decoded.manifest.resources.count == 16, "\(name): the other entries stay")
        let rejection = try #require(decoded.rejected.first, "\(name): not rejected")
        #expect(decoded.rejected.count == 1)
        #expect(rejection.index == 7)
        if field != "id" { #expect(rejection.name == "KJ-CX-01", "\(name): \(rejection)") }
        #expect(rejection.problems.contains { $0.field == field }, "\(name): \(rejection)")
    }

    @Test func everyProblemOfAnEntryIsReported() throws {
        let decoded = try Self.decode(changing: "KJ-CX-01") { entry in
            entry["title"] = nil
            entry["duration"] = "soon"
            entry["media"] = patched(entry["media"], "path", "../x.mp4")
        }
        let fields = Set(try #require(decoded.rejected.first).problems.map(\.field))
        #expect(fields == ["title", "duration", "media.path"])
        #expect(decoded.rejected[0].description.hasPrefix("KJ-CX-01: "))
    }

    @Test func onlineCourseNeedsALinkAndNoMedia() throws {
        let noLink = try Self.decode(changing: "WH-SY-01") { $0["link"] = nil }
        #expect(noLink.rejected.first?.problems.map(\.field) == ["link"])
        let withMedia = try Self.decode(changing: "WH-SY-01") { entry in
            entry["media"] = (try? TestPool())?.file("KJ-CX-01", "media")
        }
        #expect(withMedia.rejected.first?.problems.map(\.field) == ["media"])
    }

    @Test func laterDuplicateIdIsRejectedAndTheFirstKept() throws {
        let pool = try TestPool()
        var entries = pool.resources
        var copy = entries[3]
        copy["title"] = "重复的条目"
        entries[3]["id"] = entries[0]["id"]
        entries[3] = copy.merging(["id": entries[0]["id"]!]) { $1 }
        pool.resources = entries
        try pool.write()
        let decoded = try ManifestDecoder.decode(try pool.contents(of: "manifest.json"))
        #expect(decoded.rejected.map(\.name) == ["YS-TJQ-01"])
        #expect(decoded.rejected[0].index == 3)
        #expect(decoded.rejected[0].problems[0].problem.contains("duplicate of resources[0]"))
        #expect(decoded.manifest.resources.first { $0.id == "YS-TJQ-01" }?.title == "太极拳入门 第1集：起势与站桩")
    }

    @Test func unknownKeysAreIgnoredAtEveryLevel() throws {
        let pool = try TestPool()
        pool.manifest["signatureHint"] = ["algorithm": "ed25519"]
        var entries = pool.resources
        entries[0]["subtitles"] = [["lang": "zh-CN", "path": "media/xx/sub.vtt"]]
        entries[0]["media"] = patched(entries[0]["media"], "hdr", true)
        pool.resources = entries
        try pool.write()
        let decoded = try ManifestDecoder.decode(try pool.contents(of: "manifest.json"))
        #expect(decoded.rejected.isEmpty && decoded.manifest.resources.count == 17)
    }

    static let refusedManifests: [(name: String, json: String, code: PoolFormatError.Code)] = [
        ("not JSON", "<html>502 Bad Gateway</html>", .notJSON),
        ("truncated", #"{"format": "yinling-pool/1", "resources": [{"id": "#, .notJSON),
        ("an array", "[1, 2]", .notJSON),
        ("no format", #"{"pool": "x", "publishedAt": "2026-11-20T08:00:00Z", "resources": []}"#, .unknownFormat),
        ("newer format", #"{"format": "yinling-pool/2", "resources": "changed"}"#, .unknownFormat),
        (
            "resources not a list",
            #"{"format": "yinling-pool/1", "pool": "x", "publishedAt": "2026-11-20T08:00:00Z", "resources": {}}"#,
            .badField
        ),
        (
            "no pool name", #"{"format": "yinling-pool/1", "publishedAt": "2026-11-20T08:00:00Z", "resources": []}"#,
            .badField
        ),
        (
            "bad time", #"{"format": "yinling-pool/1", "pool": "x", "publishedAt": "yesterday", "resources": []}"#,
            .badField
        ),
    ]

    @Test(arguments: refusedManifests.indices)
    func brokenManifestIsRefusedAsAWhole(_ row: Int) {
        let (name, json, code) = Self.refusedManifests[row]
        #expect(throws: PoolFormatError.self, "\(name)") { try ManifestDecoder.decode(Data(json.utf8)) }
        do {
            _ = try ManifestDecoder.decode(Data(json.utf8))
        } catch {
            #expect(error.code == code, "\(name): \(error.message)")
            #expect(error.message.contains("manifest.json"))
        }
    }

    @Test func unknownFormatMessageNamesTheFormat() {
        #expect {
            try ManifestDecoder.decode(Data(#"{"format": "yinling-pool/2"}"#.utf8))
        } throws: { error in
            (error as? PoolFormatError)?.message.contains("\"yinling-pool/2\"") == true
        }
    }
}

/// `object` (a file object) with `key` set to `value`.
func patched(_ object: Any?, _ key: String, _ value: Any) -> [String: Any] {
    var dictionary = object as? [String: Any] ?? [:]
    dictionary[key] = value
    return dictionary
}
