/// Why one attempt at a file ended early, which decides what the download does next.
enum AttemptFailure: Error {
    /// A network error, a dropped connection, 408, 429 or 5xx: wait (the server's `Retry-After`
    /// when it gave one) and resume from the partial.
    case transient(SourceError, retryAfter: Duration?)
    /// Wrong size or hash: the partial is gone; fetch once more from byte 0, then give up.
    case mismatch(SourceError)
    /// The partial cannot be continued (416, a `Content-Range` elsewhere): empty it and ask again
    /// for the whole file.
    case restart(String)
    /// Not worth retrying now: 404, another 4xx, disk full, reserve reached, cancelled.
    case fatal(SourceError)

    /// Sorts an error of the local side (the partial file) into the above.
    init(local error: SourceError) {
        self = error.code == .verification ? .mismatch(error) : .fatal(error)
    }
}
