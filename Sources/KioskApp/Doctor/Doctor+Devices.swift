import Foundation
import KioskCore

#if canImport(Glibc)
import Glibc
#endif

extension Doctor {
    /// GPIO lines and keypads, mpv, the CJK fonts and the TV session.
    func devices() async -> [DoctorLine] {
        var lines = await buttons()
        lines.append(mpv())
        lines.append(fonts())
        lines.append(browserUnit())
        return lines
    }

    /// The configured button sources: the service's own report when it runs (it holds the lines),
    /// else the lines and keypads opened here for a moment and released.
    func buttons() async -> [DoctorLine] {
        let settings = configuration.buttons
        guard settings.enabled || !settings.keypadDevices.isEmpty else {
            return [.skip("buttons", "none configured ([buttons] enabled = false, no keypad_devices)")]
        }
        let reports = await ButtonProbe(configuration: configuration, serviceRuns: serviceRuns).reports()
        guard !reports.isEmpty else {
            return [.warn("buttons", "no report from the button sources within 3 s", fix: "run yinling buttons")]
        }
        // The decoder's "listening to …" comes before a source fails to open: only when none failed is it so.
        let failed = reports.filter { $0.kind == "error" }
        return (failed.isEmpty ? Array(reports.prefix(1)) : failed).map { report in
            if report.kind == "ready" {
                return .pass("buttons", "listening to \(report.input)" + (serviceRuns ? " (in yinling serve)" : ""))
            }
            let detail = report.detail ?? report.input
            let fix =
                detail.contains("ermission")
                ? "the yinling user needs the gpio and input groups (the package sets them; reboot once)"
                : detail.contains("busy") || detail.contains("used")
                    ? "another program holds the line: stop it, or choose free lines in [buttons.lines]"
                    : "check [buttons] chip, lines and keypad_devices in the configuration, and the wiring"
            return .fail("buttons", "\(report.input): \(detail)", fix: fix)
        }
    }

    func mpv() -> DoctorLine {
        guard let path = Self.which("mpv") else {
            let needed = configuration.player.kind == "mpv"
            return needed
                ? .fail("mpv", "not installed; [player] kind = \"mpv\"", fix: "sudo apt install mpv")
                : .skip("mpv", "not installed ([player] kind = \"browser\": the page plays)")
        }
        guard configuration.player.kind == "mpv", !configuration.player.startMPV else {
            return .pass("mpv", path)
        }
        let socket = configuration.player.mpvSocket
        if FileManager.default.fileExists(atPath: socket) {
            return .pass("mpv", "\(path); the TV session's IPC socket \(socket) is there")
        }
        return .warn(
            "mpv", "\(path); no IPC socket at \(socket) (the TV session starts mpv)",
            fix: "sudo systemctl status yinling-tv")
    }

    func fonts() -> DoctorLine {
        let folders = ["/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto-cjk"]
        for folder in folders {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if let font = names.first(where: { $0.contains("CJK") }) { return .pass("fonts", "\(folder)/\(font)") }
        }
        return .fail(
            "fonts", "no Noto CJK font: Chinese titles would show as boxes", fix: "sudo apt install fonts-noto-cjk")
    }

    /// `systemctl is-active yinling-tv.service`, where systemd runs.
    func browserUnit() -> DoctorLine {
        guard FileManager.default.fileExists(atPath: "/run/systemd/system"), let systemctl = Self.which("systemctl")
        else {
            return .skip("TV session", "not checked: systemd is not running here")
        }
        let state = Self.output(systemctl, ["is-active", "yinling-tv.service"]) ?? "unknown"
        if state == "active" { return .pass("TV session", "yinling-tv.service is active") }
        return .warn(
            "TV session", "yinling-tv.service is \(state)",
            fix: "sudo systemctl restart yinling-tv; journalctl -u yinling-tv -b shows why")
    }

    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":") + ["/usr/bin", "/usr/sbin"]).map { "\($0)/\(name)" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func output(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
