import Foundation
import Hummingbird
import HummingbirdTesting
import KioskApp
import KioskTesting
import Logging
import NIOCore
import PoolFormat

/// The real kiosk (SQLite catalog, cache, HTTP server) with the demo pool installed, served on a
/// free port of 127.0.0.1 for the length of one test.
struct LiveKiosk {
    let directory = TemporaryDirectory("http")
    let runtime: KioskRuntime
    let manifest: Manifest

    /// - Parameter sendFile: media by `sendfile(2)` (the default) or through buffers.
    init(sendFile: Bool = true) async throws {
        var configuration = KioskConfiguration()
        configuration.server.sendFile = sendFile
        configuration.server.port = 0
        configuration.server.webDirectory = Repository.webDirectory
        configuration.storage.dataDirectory = directory.appending("data")
        configuration.storage.cacheDirectory = directory.appending("cache")
        configuration.pool.trustedKeys = [Repository.demoPublicKey]
        runtime = try KioskRuntime.open(configuration, purpose: "test")
        let report = try await runtime.installer.install(poolDirectory: Repository.demoPool)
        precondition(report.isComplete, "the demo pool installs")
        manifest = try ManifestDecoder.decode(
            try Data(contentsOf: URL(fileURLWithPath: Repository.demoPool + "/manifest.json"))
        ).manifest
    }

    /// Runs `body` against the live server.
    func test(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let app = try runtime.application(logger: logger, onRunning: { _ in })
        try await app.test(.live) { client in try await body(client) }
    }

    /// The media file of a demo resource: its URL path and its bytes from the pool.
    func media(_ id: String) throws -> (url: String, bytes: [UInt8], sha256: String) {
        let file = manifest.resources.first { $0.id == id }!.media!
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Repository.demoPool + "/" + file.path)))
        return ("/media/\(file.sha256).\(file.fileExtension)", bytes, file.sha256)
    }
}

extension ByteBuffer {
    var bytes: [UInt8] { Array(readableBytesView) }
    var text: String { String(buffer: self) }
}
