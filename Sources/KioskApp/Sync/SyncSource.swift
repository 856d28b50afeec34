import ContentStore
import KioskCentral
import KioskCore
import PoolFormat

/// What the sync engine needs from a pool: KioskCentral's HTTP and directory sources provide it.
public protocol SyncSource: Sendable {
    /// The pool's address, for messages.
    var location: String { get }
    func fetchManifest() async throws(SourceError) -> FetchedManifest
    /// Brings one file into the cache at `relativePath`, verified; `progress` gets the bytes of the
    /// file written so far. Returns the bytes that crossed the wire.
    func fetch(
        _ file: FileObject, as relativePath: String, into cache: ContentStore, reserveBytes: Int64,
        progress: @escaping @Sendable (Int64) -> Void
    ) async throws(SourceError) -> Int64
}
