import Foundation

/// A pool's catalog: `manifest.json` in the pool directory (POOL-FORMAT.md).
public struct Manifest: Sendable, Hashable, Codable {
    /// The only format this code reads and writes.
    public static let currentFormat = "yinling-pool/1"

    /// Always ``currentFormat``; a manifest with another value is refused as a whole.
    public var format: String
    /// The pool's name, e.g. 老年教育资源共享池.
    public var pool: String
    /// When the central office published this manifest (ISO 8601, kept as written).
    public var publishedAt: String
    /// The resources, in the order the office published them.
    public var resources: [Resource]

    public init(format: String = Manifest.currentFormat, pool: String, publishedAt: String, resources: [Resource]) {
        self.format = format
        self.pool = pool
        self.publishedAt = publishedAt
        self.resources = resources
    }
}
