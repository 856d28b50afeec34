import ArgumentParser
import Foundation
import PoolFormat

/// `yinling demo`: the bundled demo pool, installed into a throw-away directory and served.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Install the demo pool into a temporary directory and serve it.")

    @Option(help: "The port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(help: "The address to listen on; 0.0.0.0 lets phones on the LAN in.")
    var address: String = "127.0.0.1"

    @Option(help: "The pool to install (default: the bundled Assets/demo-pool).")
    var pool: String?

    @Option(help: "A public key (base64) to trust besides the demo key, for --pool.")
    var trust: [String] = []

    func run() async throws {
        guard let poolDirectory = pool ?? InstalledFiles.locate("Assets/demo-pool", marker: "manifest.json") else {
            throw AppError("cannot find Assets/demo-pool; pass --pool <dir>")
        }
        guard let demoKey = InstalledFiles.locate("Assets/demo-keys", marker: "demo-pool.pub"),
            let demoKeyText = try? String(contentsOfFile: demoKey + "/demo-pool.pub", encoding: .utf8)
        else {
            throw AppError("cannot find Assets/demo-keys/demo-pool.pub, the demo pool's public key")
        }
        var configuration = KioskConfiguration()
        // The demo key signs only the demo pool; only this throw-away configuration trusts it.
        configuration.pool.trustedKeys = [demoKeyText.trimmingCharacters(in: .whitespacesAndNewlines)] + trust
        for key in configuration.pool.trustedKeys where (try? PoolPublicKey(base64: key)) == nil {
            throw ValidationError("--trust \(key) is not a base64 Ed25519 public key")
        }
        configuration.server.port = port
        configuration.server.address = address
        guard NetworkAddress.isLiteral(address), (0...65535).contains(port) else {
            throw ValidationError("--address must be an IP address and --port 0–65535")
        }
        let scratch = try Self.makeScratchDirectory()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        configuration.storage.dataDirectory = scratch + "/data"
        configuration.storage.cacheDirectory = scratch + "/cache"
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling demo")
        _ = try await InstallCommand.install(poolDirectory, with: runtime)
        let hosts = address == "0.0.0.0" || address == "::" ? ["127.0.0.1"] + NetworkAddress.lanAddresses() : [address]
        try await runtime.serve(logger: makeLogger(level: "info")) { port in
            let bases = hosts.map { "http://\($0.contains(":") ? "[\($0)]" : $0):\(port)" }
            say("listening \(bases[0])/")
            say("")
            say("Yinling Kiosk demo is running (data in \(scratch), removed on exit).")
            say("  TV (1920×1080, keys ← → ↑ ↓ Enter Esc):  \(bases[0])/tv/")
            for base in bases { say("  Phone:                                    \(base)/") }
            say("Press Ctrl-C to stop.")
        }
    }

    static func makeScratchDirectory() throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array((base + "/yinling-demo-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw AppError("cannot create a directory in \(base)") }
        return String(cString: made)
    }
}
