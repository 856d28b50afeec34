import Foundation
import GRDB
import KioskCore
import KioskTesting
import PoolFormat

@testable import KioskStore

/// A kiosk database in a temporary directory, optionally filled with the demo catalog.
struct StoreFixture {
    let directory = TemporaryDirectory("store")
    var path: String { directory.appending("kiosk.sqlite") }

    func open() throws -> KioskDatabase { try KioskDatabase(path: path) }

    static func demoManifest() throws -> Manifest {
        try ManifestDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: Repository.demoPool + "/manifest.json")))
            .manifest
    }

    /// Commits the demo resources with index entries for their files (the files themselves are not needed).
    static func installDemo(into database: KioskDatabase, only ids: Set<String>? = nil) async throws {
        let resources = try demoManifest().resources.enumerated()
            .filter { ids?.contains($0.element.id) ?? true }
            .map { InstallableResource(resource: $0.element, position: $0.offset) }
        try await database.commitInstall(
            resources: resources, files: resources.flatMap { $0.resource.files.map(cached) }, poolName: "测试池",
            publishedAt: "2026-11-20T08:00:00Z", installedAt: 1)
    }

    static func cached(_ file: FileObject) -> CachedFile {
        CachedFile(
            sha256: file.sha256,
            relativePath: CachedFile.relativePath(
                sha256: file.sha256, fileExtension: CachedFile.fileExtension(forMIME: file.mime)),
            bytes: file.bytes, mime: file.mime, verifiedAtMilliseconds: 1)
    }

    /// A play of `id` on `source` that stopped at `position` after `played` seconds.
    static func play(
        _ id: String, on source: PlaySource, position: Double, played: Double, duration: Int, ended: Bool = true,
        in database: KioskDatabase
    ) async throws {
        let log = SQLitePlayLog(database: database)
        let time = EventTime(wallMilliseconds: 1, bootID: "b", monotonicNanoseconds: 1)
        let token = UUID().uuidString
        _ = try await log.start(
            PlayRecord(
                token: token, resourceID: id, source: source, durationSeconds: duration, started: time,
                startPosition: 0,
                position: 0, playedSeconds: 0, updated: time, ended: false))
        _ = try await log.update(
            token: token, with: PlayUpdate(position: position, playedSeconds: played, ended: ended, at: time))
    }
}
