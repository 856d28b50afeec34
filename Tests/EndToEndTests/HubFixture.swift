import Foundation
import KioskTesting

/// A data directory for the real `yinling-hub`, and ways to run its commands.
struct HubFixture {
    let directory = TemporaryDirectory("hub")
    var data: String { directory.appending("data") }
    static var hub: String { Repository.executable("yinling-hub") }

    /// Runs `yinling-hub <arguments> --data <dir>`.
    func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(Self.hub, arguments + ["--data", data])
    }

    /// The last line of standard output: where `sites add` and `admin-token` print the token.
    static func lastLine(_ stdout: String) -> String {
        stdout.split(separator: "\n").last.map(String.init) ?? ""
    }

    /// `sites add`; returns the token.
    func addSite(_ id: String, region: String? = nil) async throws -> String {
        let added = try await run(["sites", "add", id] + (region.map { ["--region", $0] } ?? []))
        guard added.status == 0 else { throw ChildProcessError("sites add \(id): \(added.stderr)") }
        return Self.lastLine(added.stdout)
    }

    /// `serve --port 0` on 127.0.0.1; returns the process and the port of its first line.
    func serve(pool: String? = nil) async throws -> (ChildProcess, Int) {
        let server = try ChildProcess(
            Self.hub,
            ["serve", "--data", data, "--address", "127.0.0.1", "--port", "0", "--log-level", "warning"]
                + (pool.map { ["--pool", $0] } ?? []))
        let port = try await server.line(startingWith: "listening on http://127.0.0.1:")
        guard let number = Int(port) else { throw ChildProcessError("not a port: \(port)") }
        guard server.stdout.hasPrefix("listening on http://127.0.0.1:\(number)\n") else {
            throw ChildProcessError("the first line is not the listening line: \(server.stdout)")
        }
        return (server, number)
    }
}
