import ContentStore
import Foundation
import PoolFormat

/// Where a kiosk's pool comes from: an HTTP(S) server (``HTTPPoolSource``) or a directory such as a
/// USB stick (``DirectoryPoolSource``). ``makePoolSource(url:configuration:)`` picks one from the
/// configuration's `[pool] url`.
///
/// A source is shared by the downloads of one sync (it is `Sendable`); call ``shutdown()`` once,
/// after the last of them, or use ``withPoolSource(url:configuration:_:)``.
public protocol PoolSource: Sendable {
    /// The pool's address, for messages.
    var location: String { get }

    /// The exact bytes of `manifest.json`, and of `manifest.json.sig` (nil when the pool has none:
    /// the caller refuses unsigned pools). Network errors and 5xx are retried by `retry`.
    func fetchManifest(retry: RetryPolicy) async throws(SourceError) -> FetchedManifest

    /// Brings one pool file into `cache` at `relativePath`, verified against `file.sha256` and
    /// `file.bytes`, resuming `partial/<sha256>.part` if an earlier run left one (docs/sync.md).
    ///
    /// - Parameters:
    ///   - label: names the file in messages, e.g. `media of R000123`.
    ///   - progress: called on the downloading task after each batch of bytes (about 256 KiB).
    /// - Returns: what it took; `alreadyCached` when the file was there before.
    /// - Throws: ``SourceError``; on `.cancelled`, `.network` and `.diskFull` (reserve) the partial is
    ///   kept for the next run; on `.verification` and disk full (ENOSPC) it is deleted.
    func download(
        _ file: FileObject, as relativePath: String, label: String, into cache: ContentStore,
        options: DownloadOptions, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) async throws(SourceError) -> DownloadResult

    /// Releases the connections; the source must not be used afterwards.
    func shutdown() async
}

extension PoolSource {
    /// Fetches the manifest with the default retry policy.
    public func fetchManifest() async throws(SourceError) -> FetchedManifest {
        try await fetchManifest(retry: RetryPolicy())
    }

    /// Downloads with the file's path as its label, default options, and no progress reports.
    public func download(
        _ file: FileObject, as relativePath: String, into cache: ContentStore, options: DownloadOptions = .init()
    ) async throws(SourceError) -> DownloadResult {
        try await download(file, as: relativePath, label: file.path, into: cache, options: options) { _ in }
    }
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
