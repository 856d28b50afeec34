import ArgumentParser

/// `yinling-hub`: the central office's command line. Publishing (`publish`) arrives with the sync
/// issue and the usage server (`serve`) with the usage issue; for now it only describes itself.
public struct HubCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "yinling-hub",
        abstract: "银龄学习站 hub: publishes the shared pool and collects usage counts from the kiosks.",
        discussion: "Subcommands arrive with later issues: publish (the pool), serve (usage ingest and rankings).",
        version: "0.1.0"
    )

    public init() {}

    /// Parses the command line and runs; the executable's whole `main`.
    public static func start() async {
        await main()
    }
}
