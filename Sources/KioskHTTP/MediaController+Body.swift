import Hummingbird
import KioskCore
import NIOCore
import _NIOFileSystem

extension MediaController {
    /// Streams `ranges` of the file in bounded chunks; nothing holds a whole video in memory.
    func body(path: String, ranges: [ClosedRange<Int64>], size: Int64) -> ResponseBody {
        let length = size == 0 ? 0 : ranges.reduce(0) { $0 + Int($1.count) }
        return ResponseBody(contentLength: length) { writer in
            if length > 0 {
                try await fileSystem.withFileHandle(forReadingAt: FilePath(path)) { handle in
                    for range in ranges {
                        try await copy(range, of: handle, to: &writer)
                    }
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
