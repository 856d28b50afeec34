import ArgumentParser
import Foundation
import KioskCore
import KioskStore

/// `yinling upload`: batch the settled plays and send every waiting batch to the hub now.
struct UploadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Send usage counts to the hub now: batch the settled plays, then send the waiting batches in order.",
        discussion: """
            While `yinling serve` runs, the service does the upload and this shows the result; otherwise this \
            command does it under the data directory's lock. Exit status 0: every batch is acknowledged; 1: \
            batches are still waiting (the hub's answer is shown) or uploads are off.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(help: "The usage status after the upload, as JSON.")
    var json = false

    static let off = "usage upload is off: set [upload] hub_url and token (or token_file) and [site] id"

    func run() async throws {
        try RootGuard.refuse("yinling upload")
        let configuration = try options.load()
        let status: UsageStatus
        if let client = ControlClient.connect(configuration.controlSocketPath) {
            let (code, body) = try await client.request("POST", "/v1/upload")
            if code == 503 { throw AppError(Self.off) }
            guard code == 200 else { throw AppError("the service answered \(code) to an upload request") }
            status = try JSONDecoder().decode(UsageStatus.self, from: body)
        } else {
            guard configuration.upload.enabled else { throw AppError(Self.off) }
            status = try await Self.uploadHere(configuration)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            say(String(decoding: try encoder.encode(status), as: UTF8.self))
        } else {
            say(UsageText.lines(status).joined(separator: "\n"))
        }
        if status.pendingBatches > 0 { throw ExitCode(1) }
    }

    /// No service runs: one round in this process, under the lock.
    static func uploadHere(_ configuration: KioskConfiguration) async throws -> UsageStatus {
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling upload")
        defer { try? runtime.database.close() }
        guard let round = try runtime.usageRound(logger: makeLogger(level: configuration.server.logLevel)) else {
            throw AppError(off)
        }
        do {
            _ = try await round.run(makeBatches: true)
        } catch {
            await round.shutdown()
            throw error
        }
        await round.shutdown()
        return try await runtime.storedUsageStatus()
    }
}
