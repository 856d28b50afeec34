import ArgumentParser
import KioskCore
import PoolFormat

/// `yinling install <pool-dir>`: copy a pool directory (or USB stick) into the cache and catalog.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the resources of a pool directory into the cache and the menu.",
        discussion: """
            Every file is checked against its SHA-256 and size from manifest.json while it is copied. \
            Entries that break the pool format, and files that do not match, are refused one by one; \
            the rest is installed. Exit status 0: everything installed; 1: something was refused.
            """)

    @OptionGroup var options: ConfigOption

    @Argument(help: "The pool directory: the one holding manifest.json.")
    var poolDirectory: String

    func run() async throws {
        let runtime = try KioskRuntime.open(try options.load(), purpose: "yinling install")
        let report = try await Self.install(poolDirectory, with: runtime)
        if !report.isComplete { throw ExitCode(1) }
    }

    /// Installs and prints one line per resource and a summary; `yinling demo` uses it too.
    static func install(_ poolDirectory: String, with runtime: KioskRuntime) async throws -> InstallReport {
        say("Installing from \(poolDirectory)")
        let report = try await runtime.installer.install(poolDirectory: poolDirectory) { event in
            switch event {
            case .installed(let id, let title, let copied):
                say(
                    "  ok       \(id)  \(title)"
                        + (copied > 0 ? "  (copied \(ByteSize.format(copied)))" : "  (already cached)"))
            case .refused(let id, let reason):
                say("  REFUSED  \(id)  \(reason)")
            }
        }
        say(
            "\(report.poolName), published \(report.publishedAt): \(report.installed.count) installed, "
                + "\(report.refused.count) refused; copied \(report.copiedFiles) files (\(ByteSize.format(report.copiedBytes))), "
                + "\(report.reusedFiles) already cached, \(report.removedFiles) unused removed.")
        return report
    }
}
