import ContentStore
import Foundation
import PoolFormat

/// A copy of the demo pool in a temporary directory, with a manifest tests can change.
///
/// The manifest is edited as plain JSON, so tests can write anything a broken publisher could
/// (wrong types, traversal paths, unknown keys), then ``write()`` it back.
public final class TestPool {
    public let directory: TemporaryDirectory
    public var path: String { directory.path }
    /// The manifest as JSON objects.
    public var manifest: [String: Any]
    /// The key ``write()`` signs every test pool's manifest with; trust ``publicKey`` to accept them.
    public static let signingKey = PoolSigningKey.generate()
    public static var publicKey: String { signingKey.publicKey.base64 }
    public var signingKey: PoolSigningKey { Self.signingKey }
    public var publicKey: String { Self.publicKey }

    /// Copies `Assets/demo-pool` (files and manifest).
    public init() throws {
        directory = TemporaryDirectory("pool")
        let source = Repository.demoPool
        for item in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: source + "/" + item, toPath: directory.path + "/" + item)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: directory.path + "/manifest.json"))
        manifest = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        try sign()
    }

    /// Bytes of the pool's files (covers and media), each distinct file once; `ids` limits it to those entries.
    public func fileBytes(of ids: Set<String>? = nil) -> Int64 {
        var sizes: [String: Int64] = [:]
        for entry in resources where ids.map({ $0.contains(entry["id"] as? String ?? "") }) ?? true {
            for field in ["cover", "media"] {
                guard let file = entry[field] as? [String: Any], let sha = file["sha256"] as? String else { continue }
                sizes[sha] = (file["bytes"] as? NSNumber)?.int64Value ?? 0
            }
        }
        return sizes.values.reduce(0, +)
    }

    /// The entries of `resources`.
    public var resources: [[String: Any]] {
        get { manifest["resources"] as? [[String: Any]] ?? [] }
        set { manifest["resources"] = newValue }
    }

    /// The index of the entry with this id.
    public func index(of id: String) -> Int {
        resources.firstIndex { $0["id"] as? String == id }!
    }

    /// Sets `key` of the file object `file` ("cover" or "media") of entry `id`.
    public func setFile(_ id: String, _ file: String, _ key: String, _ value: Any) {
        var entries = resources
        let index = index(of: id)
        var object = entries[index][file] as? [String: Any] ?? [:]
        object[key] = value
        entries[index][file] = object
        resources = entries
    }

    /// The value of a file object's key.
    public func file(_ id: String, _ file: String) -> [String: Any] {
        resources[index(of: id)][file] as? [String: Any] ?? [:]
    }

    /// Writes the manifest back as `manifest.json`, and signs it with ``signingKey``.
    public func write() throws {
        let data = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path + "/manifest.json"))
        try sign()
    }

    /// Writes `manifest.json.sig` for the manifest on disk.
    public func sign() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/manifest.json"))
        try ManifestSignature.sign(data, with: signingKey).write(
            to: URL(fileURLWithPath: path + "/" + ManifestSignature.fileName))
    }

    /// Overwrites one byte in the middle of a pool file, keeping its size.
    public func corrupt(relativePath: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relativePath)
        var data = try Data(contentsOf: url)
        data[data.count / 2] ^= 0xFF
        try data.write(to: url)
    }

    /// The bytes of a pool file.
    public func contents(of relativePath: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path + "/" + relativePath))
    }
}

extension TestPool {
    /// Adds `count` copies of entry `id`, each with its own media file of `mediaBytes` random bytes,
    /// so an install has real work to do (and something to be interrupted in).
    public func addCopies(of id: String, count: Int, mediaBytes: Int) throws {
        var entries = resources
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? random.close() }
        for number in 1...count {
            let scratch = path + "/new-\(number).mp4"
            try random.readData(ofLength: mediaBytes).write(to: URL(fileURLWithPath: scratch))
            let (sha256, bytes) = try ContentStore.hash(fileAt: scratch)
            let relative = "media/\(sha256.prefix(2))/\(sha256).mp4"
            try FileManager.default.createDirectory(
                atPath: path + "/media/\(sha256.prefix(2))", withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: scratch, toPath: path + "/" + relative)
            var entry = entries[index(of: id)]
            entry["id"] = "\(id)-\(number)"
            var media = entry["media"] as? [String: Any] ?? [:]
            (media["path"], media["sha256"], media["bytes"]) = (relative, sha256, bytes)
            entry["media"] = media
            entries.append(entry)
        }
        resources = entries
    }
}

extension TestPool {
    /// The ids ``breakThreeEntries()`` breaks: a traversal path, a duplicated id, a wrong hash.
    public static let brokenIDs: Set<String> = ["KJ-CX-01", "SX-JF-01", "LC-CS-01"]

    /// Breaks three entries the way the bad-input case asks, and writes the manifest:
    /// KJ-CX-01's media path climbs out of the pool, WH-SF-01 takes the id SX-JF-01 (an earlier
    /// entry's), and LC-CS-01's media file no longer matches its hash. The other 14 are good.
    public func breakThreeEntries() throws {
        setFile("KJ-CX-01", "media", "path", "media/../../etc/passwd.mp4")
        var entries = resources
        entries[index(of: "WH-SF-01")]["id"] = "SX-JF-01"
        resources = entries
        try corrupt(relativePath: file("LC-CS-01", "media")["path"] as! String)
        try write()
    }
}
