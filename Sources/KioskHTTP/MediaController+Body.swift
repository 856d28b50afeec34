import Hummingbird
import KioskCore
import NIOCore
import _NIOFileSystem

extension MediaController {
    /// The body of one range of the file: by `sendfile(2)` where the pipeline supports it (the
    /// instruction goes into `headers`), otherwise streamed in bounded chunks. Nothing ever holds a
    /// whole video in memory.
    func body(
        path: String, range: ClosedRange<Int64>, size: Int64, method: HTTPRequest.Method, headers: inout HTTPFields
    ) -> ResponseBody {
        let length = size == 0 ? 0 : Int(range.count)
        if useSendFile, length > 0 {
            // A HEAD answer sends no body, so it carries no instruction either.
            if method != .head { headers[SendFile.field] = SendFile.instruction(path: path, range: range) }
            return ResponseBody(contentLength: length) { writer in try await writer.finish(nil) }
        }
        return ResponseBody(contentLength: length) { writer in
            if length > 0, method != .head {
                try await fileSystem.withFileHandle(forReadingAt: FilePath(path)) { handle in
                    try await copy(range, of: handle, to: &writer)
                }
            }
            try await writer.finish(nil)
        }
    }

    /// A `multipart/byteranges` body: each part's header, its bytes, then the closing delimiter.
    func multipartBody(path: String, layout: MultipartByteRanges) -> ResponseBody {
        ResponseBody(contentLength: Int(layout.contentLength)) { writer in
            try await fileSystem.withFileHandle(forReadingAt: FilePath(path)) { handle in
                for part in layout.parts {
                    try await writer.write(ByteBuffer(string: part.header))
                    try await copy(part.range, of: handle, to: &writer)
                }
            }
            try await writer.write(ByteBuffer(string: layout.closing))
            try await writer.finish(nil)
        }
    }

    private func copy(
        _ range: ClosedRange<Int64>, of handle: ReadFileHandle, to writer: inout any ResponseBodyWriter
    ) async throws {
        for try await chunk in handle.readChunks(in: range, chunkLength: .bytes(Int64(Self.chunkLength))) {
            try await writer.write(chunk)
        }
    }
}
