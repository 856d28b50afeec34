import ArgumentParser
import Foundation

/// `yinling doctor`: checks the board and says what to do (docs/doctor.md).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the configuration, database, cache, disk, buttons, clock, pool, hub, fonts, mpv and TV.",
        discussion: """
            One line per check: ✓ passed, ! warning, ✗ failed, - not checked, with what to do. Exit \
            status 0 when nothing failed, 1 otherwise. Run it as the yinling user \
            (sudo -u yinling yinling doctor); it works whether or not the service runs.
            """)

    @OptionGroup var options: ConfigOption

    @Flag(help: "Skip the pool and hub reachability checks (no network).")
    var offline = false

    @Flag(help: "Also hash every cached file; files with the wrong hash are removed for the next sync.")
    var full = false

    @Flag(help: "The results as JSON lines.")
    var json = false

    func run() async throws {
        var lines: [DoctorLine]
        do {
            let configuration = try options.load()
            let path = options.config ?? KioskConfiguration.defaultPath
            lines = [.pass("config", FileManager.default.fileExists(atPath: path) ? "\(path) is valid" : "defaults")]
            let running = ControlClient.connect(configuration.controlSocketPath) != nil
            lines.append(
                running
                    ? .pass("service", "yinling serve is running")
                    : .warn(
                        "service", "yinling serve is not running", fix: "sudo systemctl start yinling"))
            lines += await Doctor(configuration: configuration, offline: offline, full: full, serviceRuns: running)
                .run()
        } catch {
            lines = [.fail("config", "\(error)", fix: "fix the key named, then sudo systemctl restart yinling")]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for line in lines {
            say(json ? String(decoding: (try? encoder.encode(line)) ?? Data(), as: UTF8.self) : line.text)
        }
        if lines.contains(where: { $0.status == .fail }) { throw ExitCode(1) }
    }
}
