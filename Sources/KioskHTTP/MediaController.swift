import Hummingbird
import KioskCore
import Logging
import NIOCore
import PoolFormat
import _NIOFileSystem

/// `GET`/`HEAD /media/<sha256>.<ext>`: verified cached files, with our own RFC 9110 range handling.
///
/// Only files in the cache index are served (ARCHITECTURE.md invariant 1: an indexed file passed its
/// hash check). The URL names the content, so answers are immutable and the sha256 is a strong ETag.
struct MediaController<Menu: Catalog> {
    let catalog: Menu
    let cacheDirectory: String
    let fileSystem: FileSystem
    /// Whole files and single ranges go out by `sendfile(2)` (``SendFile``); only a server with
    /// ``SendFileHandler`` in its pipeline may set this.
    let useSendFile: Bool
    /// Bytes read from disk at a time; bounded, so memory does not grow with file size.
    static var chunkLength: Int { 256 * 1024 }

    func register(on router: Router<some RequestContext>) {
        // HEAD is answered by Hummingbird from this handler's response, without the body.
        router.get("/media/:file") { request, context in
            try await serve(request, context: context)
        }
    }

    func serve(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let file = try await lookUp(context.parameters.get("file") ?? "") else {
            throw HTTPError(.notFound, message: "no such file in the cache")
        }
        let path = cacheDirectory + "/" + file.relativePath
        guard let info = try? await fileSystem.info(forFileAt: FilePath(path)), info.size == file.bytes else {
            context.logger.error(
                "cached file missing or wrong size; run `yinling doctor`", metadata: ["path": .string(path)])
            throw HTTPError(.notFound, message: "no such file in the cache")
        }
        let lastModified = HTTPDate(secondsSince1970: file.verifiedAtMilliseconds / 1000)
        var headers: HTTPFields = [
            .acceptRanges: "bytes",
            .eTag: "\"\(file.sha256)\"",
            .lastModified: lastModified.description,
            .cacheControl: "public, max-age=31536000, immutable",
        ]
        let conditions = ConditionalRequest(
            ifMatch: request.headers[.ifMatch], ifNoneMatch: request.headers[.ifNoneMatch],
            ifModifiedSince: request.headers[.ifModifiedSince], ifUnmodifiedSince: request.headers[.ifUnmodifiedSince],
            ifRange: request.headers[.ifRange])
        switch conditions.evaluate(etag: file.sha256, lastModified: lastModified) {
        case .notModified:
            headers[.contentLength] = String(file.bytes)
            return Response(status: .notModified, headers: headers)
        case .preconditionFailed:
            return Response(status: .preconditionFailed, headers: headers)
        case .proceed(let honorRange):
            let range = honorRange ? request.headers[.range].flatMap { ByteRangeRequest(header: $0) } : nil
            let resolution = range?.resolve(size: file.bytes) ?? .full
            return respond(to: resolution, file: file, path: path, headers: headers, method: request.method)
        }
    }

    /// The index entry for `<sha256>.<ext>`, when the extension is the one the file is served with.
    func lookUp(_ name: String) async throws -> CachedFile? {
        let parts = name.split(separator: ".")
        guard parts.count == 2, FileObject.isSHA256(String(parts[0])),
            let file = try await catalog.file(sha256: String(parts[0])),
            CachedFile.fileExtension(forMIME: file.mime) == parts[1]
        else { return nil }
        return file
    }

    func respond(
        to resolution: ByteRangeResolution, file: CachedFile, path: String, headers: HTTPFields,
        method: HTTPRequest.Method
    ) -> Response {
        var headers = headers
        switch resolution {
        case .full:
            headers[.contentType] = file.mime
            let range = 0...max(0, file.bytes - 1)
            let body = body(path: path, range: range, size: file.bytes, method: method, headers: &headers)
            return Response(status: .ok, headers: headers, body: body)
        case .single(let range):
            headers[.contentType] = file.mime
            headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(file.bytes)"
            let body = body(path: path, range: range, size: file.bytes, method: method, headers: &headers)
            return Response(status: .partialContent, headers: headers, body: body)
        case .multiple(let ranges):
            let layout = MultipartByteRanges(ranges: ranges, contentType: file.mime, size: file.bytes)
            headers[.contentType] = layout.contentType
            return Response(status: .partialContent, headers: headers, body: multipartBody(path: path, layout: layout))
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(file.bytes)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
    }
}
