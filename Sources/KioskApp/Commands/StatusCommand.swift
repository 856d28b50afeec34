import ArgumentParser
import ContentStore
import Foundation
import KioskCore
import KioskStore

/// `yinling status`: sync progress, the last result, disk and curation, from the service if it runs.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract:
            "Show content sync (progress, the last result and its failures, disk, curation) and the usage upload.")

    @OptionGroup var options: ConfigOption

    @Flag(help: "The status as JSON.")
    var json = false

    func run() async throws {
        try RootGuard.refuse("yinling status")
        let configuration = try options.load()
        let status: SyncStatus
        let running: Bool
        if let client = ControlClient.connect(configuration.controlSocketPath) {
            let (code, body) = try await client.request("GET", "/v1/status")
            guard code == 200 else { throw AppError("the service answered \(code) to a status request") }
            status = try JSONDecoder().decode(SyncStatus.self, from: body)
            running = true
        } else {
            status = try await Self.localStatus(configuration)
            running = false
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            say(StatusText.full(status, serviceRunning: running))
        }
    }

    /// What can be known without the service: the last sync, disk and curation.
    static func localStatus(_ configuration: KioskConfiguration) async throws -> SyncStatus {
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling status", exclusive: false)
        defer { try? runtime.database.close() }
        var status = SyncStatus()
        if let text = try await runtime.database.setting(Setting.lastSync) {
            status.last = try? JSONDecoder().decode(SyncSummary.self, from: Data(text.utf8))
        }
        let curation = try await runtime.effectiveCuration()
        status.curation = curation
        let space = try runtime.cache.diskSpace()
        status.disk = DiskStatus(
            totalBytes: space.totalBytes, freeBytes: space.availableBytes,
            cacheBytes: try await runtime.database.cachedFiles().reduce(0) { $0 + $1.bytes },
            budgetBytes: curation.curation.budget.bytes(ofDisk: space.totalBytes),
            reserveBytes: curation.curation.reserveBytes)
        status.usage = try await runtime.storedUsageStatus()
        return status
    }
}
