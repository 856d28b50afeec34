import AsyncHTTPClient
import ContentStore
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import PoolFormat

/// A pool served over HTTP(S) by any server that honours `Range` (nginx, a CDN, an object store).
///
/// One `HTTPClient` serves every request of the source; ``shutdown()`` releases it and must be
/// called once, after the last request. The address may be the pool's base URL
/// (`https://pool.example/pool/`) or its manifest (`…/manifest.json`); file paths in the
/// manifest are relative to the base.
public final class HTTPPoolSource: PoolSource {
    /// Timeouts and limits of the client.
    public struct Configuration: Sendable {
        /// Connecting (TCP and TLS) may take this long.
        public var connectTimeout: Duration = .seconds(15)
        /// The longest silence while a response is awaited or its body streams.
        public var readTimeout: Duration = .seconds(60)
        /// The whole of `manifest.json` or its signature must arrive within this.
        public var manifestTimeout: Duration = .seconds(300)
        /// A larger manifest is refused.
        public var maximumManifestBytes = 64 * 1024 * 1024
        public var userAgent = "yinling-kiosk"

        public init() {}
    }

    /// Ends in `/`.
    public let baseURL: String
    public let manifestURL: String
    public var signatureURL: String { manifestURL + ".sig" }
    public var location: String { manifestURL }
    let configuration: Configuration
    let client: HTTPClient

    /// A source for `url` (`http://` or `https://`).
    public init(url: String, configuration: Configuration = Configuration()) throws(SourceError) {
        guard let components = URLComponents(string: url.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw SourceError(.http, "\(url): not an http:// or https:// address of a pool")
        }
        var base = components
        base.query = nil
        base.fragment = nil
        let isManifest = base.path.hasSuffix(".json")
        if isManifest {
            base.path = String(base.path[...(base.path.lastIndex(of: "/") ?? base.path.startIndex)])
        } else if !base.path.hasSuffix("/") {
            base.path += "/"
        }
        guard let baseString = base.string else { throw SourceError(.http, "\(url): not a usable address") }
        self.baseURL = baseString
        var manifest = components
        manifest.fragment = nil
        self.manifestURL = isManifest ? manifest.string ?? url : baseString + "manifest.json"
        self.configuration = configuration
        var clientConfiguration = HTTPClient.Configuration(
            timeout: HTTPClient.Configuration.Timeout(
                connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.readTimeout)),
            decompression: .disabled)
        clientConfiguration.httpVersion = .automatic
        self.client = HTTPClient(
            eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: clientConfiguration)
    }

    /// The URL of a file of the pool (its manifest `path`).
    public func url(of path: String) -> String { baseURL + path }

    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Sends a GET; the caller reads (or drops) the body.
    func get(_ url: String, range offset: Int64? = nil, timeout: Duration) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let offset { request.headers.add(name: "Range", value: "bytes=\(offset)-") }
        return try await client.execute(request, timeout: TimeAmount(timeout))
    }
}

extension TimeAmount {
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
