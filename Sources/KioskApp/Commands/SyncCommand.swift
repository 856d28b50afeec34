import ArgumentParser
import Foundation
import KioskCore
import KioskStore

/// `yinling sync`: bring the cache up to date with the pool and the curation.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Download what the curation chooses from the pool, verify it, and switch the menu to it.",
        discussion: """
            The manifest must carry a signature from a key in [pool] trusted_keys; otherwise nothing changes. \
            Downloads resume where they stopped. While `yinling serve` runs, the service does the sync and \
            this command shows its progress. Exit status 0: everything planned is cached; 1: something \
            failed or the sync stopped early (see the summary); 2: the pool was refused.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(help: "Print the plan (what would be downloaded, kept and removed, with sizes) and change nothing.")
    var dryRun = false

    @Flag(
        help: "One JSON object per line for scripts: each event, or the service's status on each change while it runs.")
    var json = false

    @Option(help: "Use this pool (URL or directory) instead of [pool] url, e.g. a USB stick.")
    var pool: String?

    func run() async throws {
        try RootGuard.refuse("yinling sync")
        let configuration = try options.load()
        if !dryRun, let client = ControlClient.connect(configuration.controlSocketPath) {
            return try await runThroughService(client)
        }
        // A dry run only reads, so it may look while the service runs.
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling sync", exclusive: !dryRun)
        let output = SyncOutput.choose(json: json)
        let tracker = SyncTracker()
        let dryRun = dryRun
        let json = json
        let summary: SyncSummary
        defer { try? runtime.database.close() }
        do {
            summary = try await runtime.withSyncEngine(poolOverride: pool) { engine in
                try await engine.run(dryRun: dryRun) { event in
                    tracker.record(event)
                    switch event {
                    case .planned(let report) where dryRun && !json: say(PlanText.full(report))
                    case .finished where dryRun && !json: say("Nothing was downloaded or changed (dry run).")
                    default: output.show(event, tracker: tracker)
                    }
                }
            }
        } catch is SyncRefusal {
            throw ExitCode(2)
        }
        if summary.outcome == "finished", summary.failed.isEmpty { return }
        if summary.outcome == "planned" { return }
        throw ExitCode(1)
    }
}

/// Staff commands run as the `yinling` user: files they created as root would lock the service out.
enum RootGuard {
    static func refuse(_ command: String) throws {
        guard getuid() == 0, ProcessInfo.processInfo.environment["YINLING_ALLOW_ROOT"] != "1" else { return }
        throw AppError(
            "\(command) must not run as root: files it wrote would belong to root and the service could not use them. "
                + "Run it as the yinling user: sudo -u yinling \(command)")
    }
}
