import ContentStore
import Foundation
import NIOCore
import PoolFormat
import _NIOFileSystem

/// A pool in a local directory, such as a USB stick: `/media/usb/pool`, `file:///media/usb/pool`,
/// or the manifest's own path. Files are copied into the cache with the same verification and
/// resumption as downloads.
public struct DirectoryPoolSource: PoolSource {
    /// The pool's directory.
    public let directory: String
    public let manifestPath: String
    public var location: String { directory }

    /// A source for `path` (a directory, its `manifest.json`, or a `file://` URL of either).
    public init(path: String) {
        var path = path
        if path.hasPrefix("file://") {
            let url = URL(string: path)
            path = url?.path ?? String(path.dropFirst("file://".count))
        }
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(".json") {
            manifestPath = path
            directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        } else {
            directory = path
            manifestPath = path + "/manifest.json"
        }
    }

    public func fetchManifest(retry: RetryPolicy) async throws(SourceError) -> FetchedManifest {
        guard let manifest = try await read(manifestPath) else {
            throw SourceError(.notFound, "no manifest.json in \(directory); is this a pool directory?")
        }
        return FetchedManifest(manifest: manifest, signature: try await read(manifestPath + ".sig"))
    }

    /// The bytes of a small file, or nil when there is none.
    private func read(_ path: String) async throws(SourceError) -> Data? {
        do {
            let bytes = try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                try await handle.readToEnd(maximumSizeAllowed: .mebibytes(64))
            }
            return Data(bytes.readableBytesView)
        } catch let error as FileSystemError where error.code == .notFound {
            return nil
        } catch {
            throw SourceError(.io, "\(path): \(fileSystemReason(error))")
        }
    }

    public func download(
        _ file: FileObject, as relativePath: String, label: String, into cache: ContentStore,
        options: DownloadOptions, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) async throws(SourceError) -> DownloadResult {
        if let problem = FileObject.pathProblem(file.path) {
            throw SourceError(.notFound, "\(label): the path \(problem)")
        }
        let path = directory + "/" + file.path
        let download = FileDownload(
            file: file, label: label, relativePath: relativePath, cache: cache, options: options, limited: false,
            progress: progress)
        return try await download.run { (download) async throws(AttemptFailure) in
            try await copy(path, into: download)
        }
    }

    /// Reads the file from the partial's end, in chunks, into the download.
    private func copy(_ path: String, into download: FileDownload) async throws(AttemptFailure) {
        let expected = download.file.bytes
        do {
            try await FileSystem.shared.withFileHandle(forReadingAt: FilePath(path)) { handle in
                let size = Int64(try await handle.info().size)
                guard size == expected else {
                    throw AttemptFailure.mismatch(
                        SourceError(.verification, "\(download.label): \(path) has \(size) bytes, expected \(expected)")
                    )
                }
                download.continuesPartial()
                for try await chunk in handle.readChunks(in: download.offset..<size, chunkLength: .kibibytes(256)) {
                    do throws(SourceError) {
                        try await download.receive(chunk)
                    } catch {
                        throw AttemptFailure(local: error)
                    }
                }
            }
        } catch let failure as AttemptFailure {
            throw failure
        } catch let error as FileSystemError where error.code == .notFound {
            throw .fatal(SourceError(.notFound, "\(download.label): \(path) is missing"))
        } catch {
            if Task.isCancelled { throw .fatal(download.stopped) }
            throw .fatal(SourceError(.io, "\(download.label): \(path): \(fileSystemReason(error))"))
        }
        if Task.isCancelled { throw .fatal(download.stopped) }
    }

    public func shutdown() async {}
}

/// A file-system error's message without NIO's call-site details.
func fileSystemReason(_ error: any Error) -> String {
    if let error = error as? FileSystemError { return error.message }
    return "\(error)"
}
