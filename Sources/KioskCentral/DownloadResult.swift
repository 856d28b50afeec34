/// What bringing one file into the cache took.
public struct DownloadResult: Sendable, Hashable {
    /// Where the verified file now is, relative to the cache.
    public var relativePath: String
    /// The file's size.
    public var bytes: Int64
    /// Body bytes received over the wire (or read from the directory), over all attempts.
    public var bytesTransferred: Int64 = 0
    /// The offset each request continued from, when the server accepted continuing a partial
    /// file: the first may be a partial left by an earlier run, later ones follow a dropped
    /// connection. Empty when every byte came from a request for the whole file.
    public var resumedFrom: [Int64] = []
    /// Times the partial file was emptied and the file fetched from byte 0 again: a server that
    /// ignored `Range`, a 416, a wrong `Content-Range`, a hash or size mismatch.
    public var restarts = 0
    /// Requests made (or file opens, for a directory).
    public var attempts = 0
    /// The file was already in the cache; nothing was fetched.
    public var alreadyCached = false

    public init(relativePath: String, bytes: Int64) {
        self.relativePath = relativePath
        self.bytes = bytes
    }

    /// Whether any request continued a partial file.
    public var resumed: Bool { !resumedFrom.isEmpty }
}

/// How far one download is, reported while it runs.
public struct DownloadProgress: Sendable, Hashable {
    /// Bytes of the file now in its partial (including those resumed).
    public var bytesDone: Int64
    /// The file's size.
    public var bytes: Int64
    /// Bytes received so far by this download, over all its attempts.
    public var bytesTransferred: Int64

    public init(bytesDone: Int64, bytes: Int64, bytesTransferred: Int64) {
        self.bytesDone = bytesDone
        self.bytes = bytes
        self.bytesTransferred = bytesTransferred
    }
}
