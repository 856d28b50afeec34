/// A verified file in the content-addressed cache.
public struct CachedFile: Sendable, Hashable {
    public var sha256: String
    /// Relative to the cache directory, e.g. `media/3f/3f9c….mp4`.
    public var relativePath: String
    public var bytes: Int64
    public var mime: String
    /// When its hash was last checked against the manifest, in milliseconds since 1970.
    public var verifiedAtMilliseconds: Int64

    public init(sha256: String, relativePath: String, bytes: Int64, mime: String, verifiedAtMilliseconds: Int64) {
        self.sha256 = sha256
        self.relativePath = relativePath
        self.bytes = bytes
        self.mime = mime
        self.verifiedAtMilliseconds = verifiedAtMilliseconds
    }

    /// The cache layout: `media/<aa>/<sha256>.<ext>` (covers too; the hash tells them apart).
    public static func relativePath(sha256: String, fileExtension: String) -> String {
        "media/\(sha256.prefix(2))/\(sha256).\(fileExtension)"
    }

    /// The URL path it is served at: `/media/<sha256>.<ext>`; immutable, so cached forever.
    public static func urlPath(sha256: String, fileExtension: String) -> String {
        "/media/\(sha256).\(fileExtension)"
    }
}

extension CachedFile {
    /// The extension files of this MIME type get in the cache and in URLs.
    public static func fileExtension(forMIME mime: String) -> String {
        switch mime.lowercased() {
        case "video/mp4": "mp4"
        case "audio/mpeg": "mp3"
        case "image/jpeg": "jpg"
        default: "bin"
        }
    }
}
