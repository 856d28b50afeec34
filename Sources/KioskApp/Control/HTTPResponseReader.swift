import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Reads an HTTP/1.1 response from a blocking socket: the status line and headers, then the body,
/// chunked or by length or to the end.
struct HTTPResponseReader {
    let fd: Int32
    private var buffer = Data()
    private var chunked = false
    private var remaining: Int?
    private var finished = false

    init(fd: Int32) { self.fd = fd }

    /// Reads the head; returns the status code.
    mutating func readHead() throws -> Int {
        let separator = Data("\r\n\r\n".utf8)
        while buffer.range(of: separator) == nil {
            guard try fill() else { throw AppError("the service closed the control socket without an answer") }
        }
        let end = buffer.range(of: separator)!
        let head = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        buffer = Data(buffer[end.upperBound...])
        let lines = head.components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw AppError("not an HTTP answer: \(head.prefix(80))")
        }
        for line in lines.dropFirst() {
            let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "transfer-encoding": chunked = pair[1].lowercased().contains("chunked")
            case "content-length": remaining = Int(pair[1])
            default: break
            }
        }
        return status
    }

    /// The next piece of the body, or nil at its end.
    mutating func readBodyChunk() throws -> Data? {
        if finished { return nil }
        if chunked { return try readChunk() }
        if let left = remaining {
            if left == 0 { return nil }
            if buffer.isEmpty, try !fill() { return nil }
            let piece = buffer.prefix(left)
            buffer = Data(buffer.dropFirst(piece.count))
            remaining = left - piece.count
            return Data(piece)
        }
        if buffer.isEmpty, try !fill() { return nil }
        defer { buffer = Data() }
        return buffer
    }

    private mutating func readChunk() throws -> Data? {
        let crlf = Data("\r\n".utf8)
        while buffer.range(of: crlf) == nil { guard try fill() else { return nil } }
        let lineEnd = buffer.range(of: crlf)!
        let sizeText = String(decoding: buffer[buffer.startIndex..<lineEnd.lowerBound], as: UTF8.self)
        guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else {
            throw AppError("bad chunk from the service")
        }
        buffer = Data(buffer[lineEnd.upperBound...])
        if size == 0 {
            finished = true
            return nil
        }
        while buffer.count < size + 2 { guard try fill() else { return nil } }
        let chunk = Data(buffer.prefix(size))
        buffer = Data(buffer.dropFirst(size + 2))
        return chunk
    }

    /// Reads more bytes; false at the end of the stream.
    private mutating func fill() throws -> Bool {
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        let count = read(fd, &bytes, bytes.count)
        if count < 0 { throw AppError("reading the control socket: \(String(cString: strerror(errno)))") }
        buffer.append(contentsOf: bytes[0..<count])
        return count > 0
    }
}
