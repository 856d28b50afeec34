import ArgumentParser
import Foundation
import Logging

/// `yinling`: the kiosk's command line.
public struct YinlingCommand: AsyncParsableCommand {
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "yinling",
        abstract: "银龄学习站 Yinling Kiosk: a learning menu of cached videos for a TV, its buttons and phones.",
        version: version,
        subcommands: [
            ServeCommand.self, SyncCommand.self, StatusCommand.self, UploadCommand.self, ButtonsCommand.self,
            DoctorCommand.self, InstallCommand.self,
            PasswdCommand.self,
            DemoCommand.self,
        ]
    )

    public init() {}

    /// Parses the command line and runs the command; the executable's whole `main`.
    public static func start() async {
        do {
            try ThreadSizing.apply(ProcessInfo.processInfo.environment)
        } catch {
            exit(withError: error)
        }
        await main()
    }
}

/// `--config`, shared by the commands that read the configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "The configuration file (default: \(KioskConfiguration.defaultPath) if it exists).")
    var config: String?

    /// The configuration, or defaults when no file is named and the board's file does not exist.
    func load() throws -> KioskConfiguration {
        if let config { return try KioskConfiguration.load(path: config) }
        if FileManager.default.fileExists(atPath: KioskConfiguration.defaultPath) {
            return try KioskConfiguration.load(path: KioskConfiguration.defaultPath)
        }
        return KioskConfiguration()
    }
}

/// Logs go to standard error (the journal on a board), at the configured level.
func makeLogger(level: String) -> Logger {
    var logger = Logger(label: "yinling")
    logger.logLevel = Logger.Level(rawValue: level) ?? .info
    return logger
}

/// A line on standard output, flushed at once (tests and supervisors read it).
func say(_ line: String) {
    try? FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
}
