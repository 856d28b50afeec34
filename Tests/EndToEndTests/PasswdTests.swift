import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskStore
import KioskTesting
import NIOCore
import Testing

@Suite("End to end: yinling passwd")
struct PasswdTests {
    /// The tests run as root in CI; on a board the command refuses root.
    static let asTests = ["YINLING_ALLOW_ROOT": "1"]

    /// Runs `yinling passwd` with exactly these of its two variables set (whatever the test's own
    /// environment holds) and `input` as standard input.
    func passwd(_ site: KioskSite, environment: [String: String] = asTests, input: String = "") async throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let unset = ["-u", "YINLING_ALLOW_ROOT", "-u", "YINLING_STAFF_PASSWORD"]
        let set = environment.map { "\($0.key)=\($0.value)" }
        let child = try ChildProcess(
            "/usr/bin/env", unset + set + [KioskSite.yinling, "passwd", "--config", site.config], input: input)
        let status = try await child.wait(timeout: .seconds(60))
        try await Task.sleep(for: .milliseconds(50))
        return (status, child.stdout, child.stderr)
    }

    /// The hash in the database; nil when there is none, or no database at all.
    func storedHash(_ site: KioskSite) async throws -> String? {
        let path = site.dataDirectory + "/kiosk.sqlite"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let database = try KioskDatabase(path: path)
        defer { try? database.close() }
        return try await database.staffPasswordHash()
    }

    @Test func passwordFromStandardInputIsStoredAsAScryptHash() async throws {
        let site = try KioskSite()
        let result = try await passwd(site, input: "老年大学 staff 2025\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("staff password is set"))
        let hash = try #require(try await storedHash(site))
        #expect(hash.hasPrefix("$scrypt$ln=14,r=8,p=1$") && !hash.contains("staff"))
    }

    @Test func passwordFromTheEnvironmentLetsStaffLogInToTheService() async throws {
        let site = try KioskSite()
        var environment = Self.asTests
        environment["YINLING_STAFF_PASSWORD"] = "installer-set password"
        let result = try await passwd(site, environment: environment, input: "ignored line\n")
        #expect(result.status == 0, "\(result.stderr)")

        let (server, port) = try await site.serve()
        try await withClient(port: port) { client in
            let (right, body) = try await client.post(
                "/api/v1/staff/login", json: #"{"password": "installer-set password"}"#)
            #expect(right == .ok && (body["csrfToken"] as? String)?.count == 64)
        }

        // While the service runs, it stores the new password (it alone writes the database).
        let whileServing = try await passwd(site, input: "another password\n")
        #expect(whileServing.status == 0, "\(whileServing.stderr)")
        try await withClient(port: port) { client in
            let (old, _) = try await client.post(
                "/api/v1/staff/login", json: #"{"password": "installer-set password"}"#)
            #expect(old == .unauthorized)
        }
        try await Task.sleep(for: .seconds(1.1))  // the wrong password above made this address wait 1 s
        try await withClient(port: port) { client in
            let (new, _) = try await client.post("/api/v1/staff/login", json: #"{"password": "another password"}"#)
            #expect(new == .ok)
        }
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: .seconds(15)) == 0)
    }

    @Test func shortPasswordIsRefusedAndNothingIsStored() async throws {
        let site = try KioskSite()
        let result = try await passwd(site, input: "1234567\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("at least 8 characters"), "\(result.stderr)")
        #expect(try await storedHash(site) == nil)
    }

    @Test func rootIsToldToRunItAsTheYinlingUser() async throws {
        guard getuid() == 0 else { return }  // only root is refused
        let site = try KioskSite()
        let result = try await passwd(site, environment: [:], input: "long enough password\n")
        #expect(result.status != 0)
        #expect(result.stderr.contains("sudo -u yinling yinling passwd"), "\(result.stderr)")
        #expect(try await storedHash(site) == nil)
    }
}
