import HTTPTypes

/// The zero-copy path for media: the response head carries an instruction that
/// ``SendFileHandler`` turns into a `sendfile(2)` of the file range, so video bytes go from the
/// page cache to the socket without passing through this process.
///
/// Hummingbird's response bodies are `ByteBuffer`s; reading a file into buffers costs a copy
/// and a thread-pool hop per chunk, about twice nginx's CPU per GiB (bench/README.md). The
/// instruction is a private header that never leaves the server: the handler removes it.
enum SendFile {
    static let field = HTTPField.Name("X-Yinling-Sendfile")!

    /// `<offset> <length> <path>`.
    static func instruction(path: String, range: ClosedRange<Int64>) -> String {
        "\(range.lowerBound) \(range.count) \(path)"
    }

    /// The path and byte range of an instruction, or nil when it is not one.
    static func parse(_ text: String) -> (path: String, offset: Int, length: Int)? {
        let parts = text.split(separator: " ", maxSplits: 2)
        guard parts.count == 3, let offset = Int(parts[0]), let length = Int(parts[1]), offset >= 0, length > 0 else {
            return nil
        }
        return (String(parts[2]), offset, length)
    }
}
