import Foundation

/// The source for the configuration's `[pool] url`: `http://` and `https://` addresses are
/// fetched with ``HTTPPoolSource``; a `file://` URL or a plain path is a ``DirectoryPoolSource``.
public func makePoolSource(url: String, configuration: HTTPPoolSource.Configuration = .init()) throws(SourceError)
    -> any PoolSource
{
    let trimmed = url.trimmingCharacters(in: .whitespaces)
    let scheme = trimmed.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
    switch scheme {
    case "http", "https":
        return try HTTPPoolSource(url: trimmed, configuration: configuration)
    case "file":
        return DirectoryPoolSource(path: trimmed)
    default:
        guard !trimmed.isEmpty, !trimmed.contains("://") else {
            throw SourceError(.http, "\(url): not an http://, https:// or file:// address, nor a directory")
        }
        return DirectoryPoolSource(path: trimmed)
    }
}

/// Runs `body` with the source for `url`, and shuts the source down afterwards, however `body` ends.
public func withPoolSource<Result: Sendable>(
    url: String, configuration: HTTPPoolSource.Configuration = .init(),
    _ body: (any PoolSource) async throws -> Result
) async throws -> Result {
    let source = try makePoolSource(url: url, configuration: configuration)
    do {
        let result = try await body(source)
        await source.shutdown()
        return result
    } catch {
        await source.shutdown()
        throw error
    }
}
