import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import NIOCore

/// A data directory and configuration file for running the real `yinling` against.
struct KioskSite {
    let directory: TemporaryDirectory
    var config: String { directory.appending("yinling.toml") }
    var dataDirectory: String { directory.appending("data") }
    var cacheDirectory: String { directory.appending("cache") }
    static var yinling: String { Repository.executable("yinling") }

    /// `extra` is appended to the configuration; without a `[pool]` section in it, the site trusts
    /// the demo pool's and the test pools' keys.
    init(extra: String = "") throws {
        try self.init(in: TemporaryDirectory("e2e"), extra: extra)
    }

    /// A site in `directory` (rewriting its configuration).
    init(in directory: TemporaryDirectory, extra: String = "") throws {
        self.directory = directory
        let trust =
            extra.contains("[pool]")
            ? "" : "[pool]\ntrusted_keys = [\"\(Repository.demoPublicKey)\", \"\(TestPool.publicKey)\"]"
        try """
        [server]
        port = 0
        log_level = "warning"
        [storage]
        data_dir = "\(dataDirectory)"
        cache_dir = "\(cacheDirectory)"
        \(trust)
        \(extra)
        """.write(toFile: config, atomically: true, encoding: .utf8)
    }

    /// A site that syncs from `url` (a pool directory or an HTTP pool) trusting `key`, with no reserve.
    static func syncing(from url: String, trusting key: String) throws -> KioskSite {
        try KioskSite(
            extra: """
                [pool]
                url = "\(url)"
                trusted_keys = ["\(key)"]
                [curation]
                reserve = 0
                """)
    }

    func install(_ pool: String) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(Self.yinling, ["install", "--config", config, pool])
    }

    /// Starts `yinling serve` and waits until it listens.
    func serve() async throws -> (ChildProcess, Int) {
        let server = try ChildProcess(Self.yinling, ["serve", "--config", config])
        return (server, try await server.listeningPort())
    }
}

/// A connection to a server on 127.0.0.1, closed after `body`.
func withClient<T>(port: Int, _ body: (TestClient) async throws -> T) async throws -> T {
    let client = TestClient(host: "127.0.0.1", port: port)
    client.connect()
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}

extension TestClient {
    /// GET a JSON object.
    func json(_ uri: String) async throws -> [String: Any] {
        let response = try await get(uri)
        guard response.status == .ok, let body = response.body,
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]
        else { throw ChildProcessError("GET \(uri): \(response.status)") }
        return object
    }

    func post(_ uri: String, json: String) async throws -> (HTTPResponse.Status, [String: Any]) {
        let response = try await post(uri, headers: [.contentType: "application/json"], body: ByteBuffer(string: json))
        let object = response.body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.readableBytesView)) }
        return (response.status, object as? [String: Any] ?? [:])
    }
}
