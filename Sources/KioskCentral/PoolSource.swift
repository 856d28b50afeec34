import ContentStore
import Foundation
import PoolFormat

/// Where a kiosk's pool comes from: an HTTP(S) server (``HTTPPoolSource``) or a directory such as a
/// USB stick (``DirectoryPoolSource``).
public protocol PoolSource: Sendable {
    /// The pool's address, for messages.
    var location: String { get }
    /// The exact bytes of `manifest.json`, and of `manifest.json.sig` (nil when the pool has none).
    func fetchManifest() async throws(SourceError) -> FetchedManifest
}

/// `manifest.json` and its signature as fetched, not yet verified or decoded.
public struct FetchedManifest: Sendable {
    public var manifest: Data
    public var signature: Data?

    public init(manifest: Data, signature: Data?) {
        self.manifest = manifest
        self.signature = signature
    }
}
