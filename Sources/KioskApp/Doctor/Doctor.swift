import ContentStore
import Foundation
import KioskCore
import KioskStore
import PoolFormat

/// `yinling doctor`'s checks on a loaded configuration, one ``DoctorLine`` each (docs/doctor.md).
/// It writes nothing but the removal of cached files whose hash is wrong (`--full`), which the next
/// sync then downloads again; it never creates the database.
struct Doctor: Sendable {
    let configuration: KioskConfiguration
    let offline: Bool
    let full: Bool
    /// Whether `yinling serve` answers on its control socket (it then holds the GPIO lines).
    let serviceRuns: Bool

    func run() async -> [DoctorLine] {
        // Opened once for the storage and clock checks; nil when there is no database file yet.
        let opened = openRuntime()
        let runtime = try? opened?.get()
        defer { try? runtime?.database.close() }
        var lines = await storage(opened)
        lines += await devices()
        lines += await network(runtime)
        return lines
    }

    var databasePath: String { configuration.storage.dataDirectory + "/kiosk.sqlite" }

    /// A read-only look at the data directory (the service may run); nil when no database exists.
    private func openRuntime() -> Result<KioskRuntime, any Error>? {
        guard FileManager.default.fileExists(atPath: databasePath) else { return nil }
        return Result { try KioskRuntime.open(configuration, purpose: "yinling doctor", exclusive: false) }
    }

    /// The database, the cached files against it, and the disk.
    private func storage(_ opened: Result<KioskRuntime, any Error>?) async -> [DoctorLine] {
        let path = databasePath
        switch opened {
        case nil:
            return [
                .warn(
                    "database", "\(path) does not exist yet",
                    fix: "start the service (sudo systemctl start yinling) or run yinling sync; it is made then")
            ]
        case .failure(let error):
            return [.fail("database", "cannot open \(path): \(error)", fix: "check its owner (yinling) and the disk")]
        case .success(let runtime):
            return [
                await databaseLine(runtime, path: path), await cacheLine(runtime), await diskLine(runtime),
            ]
        }
    }

    private func databaseLine(_ runtime: KioskRuntime, path: String) async -> DoctorLine {
        let check = (try? await runtime.database.quickCheck()) ?? "could not run"
        guard check == "ok" else {
            return .fail(
                "database", "PRAGMA quick_check says: \(check.prefix(200))",
                fix: "stop the service, move \(path) aside and run yinling sync (plays not yet uploaded are lost)")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        let wal = (attributes?[.size] as? Int64) ?? 0
        let walText = ByteSize.format(wal)
        if wal > 64 << 20 {
            return .warn(
                "database", "quick_check ok; the WAL is \(walText)",
                fix: "restart the service (it checkpoints the WAL every 10 minutes and when it stops)")
        }
        return .pass("database", "quick_check ok; WAL \(walText)")
    }

    private func diskLine(_ runtime: KioskRuntime) async -> DoctorLine {
        guard let space = try? runtime.cache.diskSpace(), let curation = try? await runtime.effectiveCuration() else {
            return .fail(
                "disk", "cannot read the free space of \(configuration.storage.cacheDirectory)",
                fix: "check the SD card")
        }
        let cache = (try? await runtime.database.cachedFiles().reduce(0) { $0 + $1.bytes }) ?? 0
        let budget = curation.curation.budget.bytes(ofDisk: space.totalBytes)
        let reserve = curation.curation.reserveBytes
        let detail =
            "\(ByteSize.format(space.availableBytes)) free of \(ByteSize.format(space.totalBytes)); cache "
            + "\(ByteSize.format(cache)) of a \(ByteSize.format(budget)) budget; reserve \(ByteSize.format(reserve))"
        if space.availableBytes < reserve {
            return .warn(
                "disk", detail,
                fix: "free space is below [curation] reserve: lower [curation] budget or use a larger card")
        }
        return .pass("disk", detail)
    }
}
