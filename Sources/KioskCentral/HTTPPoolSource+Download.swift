import AsyncHTTPClient
import ContentStore
import NIOCore
import NIOHTTP1
import PoolFormat

extension HTTPPoolSource {
    public func download(
        _ file: FileObject, as relativePath: String, label: String, into cache: ContentStore,
        options: DownloadOptions, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) async throws(SourceError) -> DownloadResult {
        if let problem = FileObject.pathProblem(file.path) {
            throw SourceError(.notFound, "\(label): the path \(problem)")
        }
        let url = url(of: file.path)
        let download = FileDownload(
            file: file, label: label, relativePath: relativePath, cache: cache, options: options, limited: true,
            progress: progress)
        return try await download.run { (download) async throws(AttemptFailure) in
            try await attempt(download, url: url)
        }
    }

    /// One request for the rest of the file (`Range: bytes=<offset>-` when a partial exists),
    /// its body streamed into the partial.
    private func attempt(_ download: FileDownload, url: String) async throws(AttemptFailure) {
        let offset = download.offset
        let expected = download.file.bytes
        let response: HTTPClientResponse
        do {
            // No deadline for the transfer: a large file on a slow link may take hours. The read
            // timeout catches a server that stops sending.
            response = try await get(url, range: offset > 0 ? offset : nil, timeout: .seconds(7 * 24 * 3600))
        } catch {
            throw networkFailure(error, url: url)
        }
        try await check(response, url: url, offset: offset, expected: expected, download: download)
        var body = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do {
                chunk = try await body.next()
            } catch {
                throw networkFailure(error, url: url, after: download.offset)
            }
            guard let chunk else { break }
            do {
                try await download.receive(chunk)
            } catch {
                throw AttemptFailure(local: error)
            }
        }
        // The body sequence ends early (no error) when the task is cancelled.
        if Task.isCancelled { throw .fatal(download.stopped) }
        if download.offset < expected {
            throw .transient(
                SourceError(.network, "\(url): the connection ended after \(download.offset) of \(expected) bytes"),
                retryAfter: nil)
        }
    }

    /// Decides from the status line and headers whether the body is the bytes wanted.
    private func check(
        _ response: HTTPClientResponse, url: String, offset: Int64, expected: Int64, download: FileDownload
    ) async throws(AttemptFailure) {
        let status = response.status
        switch status {
        case .ok:
            if let length = response.headers.first(name: "Content-Length").flatMap({ Int64($0) }), length != expected {
                throw .mismatch(
                    SourceError(
                        .verification, "\(download.label): the server has \(length) bytes, expected \(expected)"))
            }
            if offset > 0 {
                // The server ignored Range and sends the whole file: take it from byte 0.
                do {
                    try await download.restartFromZero()
                } catch {
                    throw AttemptFailure(local: error)
                }
            }
        case .partialContent:
            guard offset > 0, let range = ContentRange(response.headers.first(name: "Content-Range") ?? "") else {
                throw .restart("\(url): a 206 without a usable Content-Range")
            }
            if let total = range.total, total != expected {
                throw .mismatch(
                    SourceError(.verification, "\(download.label): the server has \(total) bytes, expected \(expected)")
                )
            }
            guard range.first == offset else {
                throw .restart("\(url): asked for bytes from \(offset), got from \(range.first)")
            }
            download.continuesPartial()
        case .rangeNotSatisfiable where offset > 0:
            throw .restart("\(url): 416 for bytes from \(offset)")
        case .notFound, .gone:
            throw .fatal(SourceError(.notFound, "\(download.label): \(url): \(status.code) \(status.reasonPhrase)"))
        default:
            let failure = SourceError(.http, "\(download.label): \(url): \(status.code) \(status.reasonPhrase)")
            guard HTTPResponseStatus.isRetried(status) else { throw .fatal(failure) }
            throw .transient(failure, retryAfter: response.headers.retryAfter)
        }
    }

    private func networkFailure(_ error: any Error, url: String, after bytes: Int64? = nil) -> AttemptFailure {
        if Task.isCancelled || error is CancellationError {
            return .fatal(SourceError(.cancelled, "\(url): stopped; the partial file is kept"))
        }
        let when = bytes.map { " after \($0) bytes" } ?? ""
        return .transient(SourceError(.network, "\(url): \(describe(error))\(when)"), retryAfter: nil)
    }
}

/// `Content-Range: bytes <first>-<last>/<total or *>`.
struct ContentRange: Equatable {
    var first: Int64
    var last: Int64
    var total: Int64?

    init?(_ value: String) {
        let text = value.trimmingPrefix("bytes ")
        guard text.count < value.count, let slash = text.firstIndex(of: "/"),
            let dash = text[..<slash].firstIndex(of: "-"), let first = Int64(text[..<dash]),
            let last = Int64(text[text.index(after: dash)..<slash]), first <= last
        else { return nil }
        let total = text[text.index(after: slash)...]
        guard total == "*" || Int64(total) != nil else { return nil }
        (self.first, self.last, self.total) = (first, last, Int64(total))
    }
}
