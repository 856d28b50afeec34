import AsyncHTTPClient
import Foundation
import KioskCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// The hub's ingest endpoint over HTTP(S): `POST <hub_url>/api/v1/usage` with the site's bearer
/// token and a stored batch as the body (USAGE-PROTOCOL.md, "The hub's ingest API").
///
/// It sends and reads; what an answer means is ``KioskCore/HubReply/decision(now:)``'s business.
/// Redirects are not followed (a POST redirected would lose its body), so they count as unexpected
/// answers staff see. One `HTTPClient` per hub; ``shutdown()`` once after the last request.
public final class HTTPUsageHub: UsageHub {
    /// Timeouts and identification.
    public struct Configuration: Sendable {
        public var connectTimeout: Duration = .seconds(15)
        /// The whole exchange of one batch (a batch is at most 1 MiB).
        public var requestTimeout: Duration = .seconds(60)
        public var userAgent = "yinling-kiosk"

        public init() {}
    }

    /// The ingest URL.
    public let location: String
    let token: String
    let configuration: Configuration
    let client: HTTPClient
    /// More of an answer's body than this is not read: the protocol's answers are a few bytes.
    static let maximumAnswerBytes = 16 * 1024

    /// A hub at `hubURL` (its base, `https://hub.example.org/`; the ingest path is appended).
    public init(hubURL: String, token: String, configuration: Configuration = Configuration()) throws(SourceError) {
        guard var components = URLComponents(string: hubURL.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw SourceError(.http, "\(hubURL): not an http:// or https:// address of a hub")
        }
        components.query = nil
        components.fragment = nil
        components.path =
            (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path)
            + "/api/v1/usage"
        guard let location = components.string else { throw SourceError(.http, "\(hubURL): not a usable address") }
        self.location = location
        self.token = token
        self.configuration = configuration
        var clientConfiguration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: HTTPClient.Configuration.Timeout(connect: TimeAmount(configuration.connectTimeout)),
            decompression: .disabled)
        clientConfiguration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: clientConfiguration)
    }

    public func send(_ body: [UInt8]) async -> HubReply {
        var request = HTTPClientRequest(url: location)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            var answer = Data()
            for try await part in response.body where answer.count < Self.maximumAnswerBytes {
                answer.append(contentsOf: part.readableBytesView.prefix(Self.maximumAnswerBytes - answer.count))
            }
            return Self.reply(status: Int(response.status.code), headers: response.headers, body: answer)
        } catch {
            return HubReply(status: nil, message: describe(error))
        }
    }

    public func currentDate() async -> HTTPDate? {
        var request = HTTPClientRequest(url: location)
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        guard let response = try? await client.execute(request, timeout: TimeAmount(configuration.requestTimeout))
        else { return nil }
        return response.headers.first(name: "Date").flatMap { HTTPDate($0) }
    }

    /// Closes the client's connections.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// Reads an answer: the acknowledgement of a 2xx, the message of an error, the two headers.
    static func reply(status: Int, headers: HTTPHeaders, body: Data) -> HubReply {
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        var accepted: Bool?
        if (200..<300).contains(status), object?["accepted"] as? Bool == true {
            accepted = object?["duplicate"] as? Bool ?? false
        }
        let said = ["message", "error", "reason"].lazy.compactMap { object?[$0] as? String }.first
        let text = said ?? String(decoding: body, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return HubReply(
            status: status, acceptedDuplicate: accepted,
            message: accepted == nil ? String(line.prefix(300)) : "",
            retryAfter: headers.first(name: "Retry-After"), date: headers.first(name: "Date").flatMap { HTTPDate($0) })
    }
}
