import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import Testing

/// SD-card care (docs/deploy.md): learners browsing the menu and fetching media make the service
/// write nothing; a play is the one write on the request path.
@Suite("End to end: what the requests write")
struct SDCardTests {
    /// The process's bytes sent to storage (`write_bytes`, counted when pages are dirtied).
    static func writeBytes(_ pid: Int32) throws -> Int {
        let io = try String(contentsOfFile: "/proc/\(pid)/io", encoding: .utf8)
        let line = io.split(separator: "\n").first { $0.hasPrefix("write_bytes:") } ?? ""
        return Int(line.split(separator: " ").last ?? "") ?? -1
    }

    /// Size and modification time of the database's files.
    static func databaseFiles(_ site: KioskSite) -> [String] {
        ["kiosk.sqlite", "kiosk.sqlite-wal"].map { name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: site.dataDirectory + "/" + name)
            return "\(name) \(attributes?[.size] ?? "-") \(attributes?[.modificationDate] ?? "-")"
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func browsingWritesNothingAndAPlayWritesTheLog() async throws {
        let site = try KioskSite()
        #expect(try await site.install(Repository.demoPool).status == 0)
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        try await withClient(port: port) { client in
            _ = try await client.json("/api/v1/home?source=tv")
            let before = (try Self.writeBytes(server.pid), Self.databaseFiles(site))
            for _ in 0..<3 {
                let home = try await client.json("/api/v1/home?source=phone")
                for category in home["categories"] as? [[String: Any]] ?? [] {
                    let name = (category["name"] as? String ?? "").addingPercentEncoding(
                        withAllowedCharacters: .urlPathAllowed)
                    _ = try await client.get("/api/v1/categories/\(name ?? "")")
                }
                let resource = try await client.json("/api/v1/resources/XL-QX-01?source=tv")
                let media = try #require((resource["media"] as? [String: Any])?["url"] as? String, "\(resource)")
                let part = try await client.get(media, headers: [.range: "bytes=0-65535"])
                #expect(part.status == .partialContent)
                for page in ["/", "/tv/", "/staff/", "/api/v1/health", "/api/v1/tv/heartbeat"] {
                    _ = try await client.get(page)
                }
            }
            let after = (try Self.writeBytes(server.pid), Self.databaseFiles(site))
            // The database and its WAL must not change. A page or two of SQLite's shared-memory index
            // (a reader's mark in kiosk.sqlite-shm, mapped from the file) may be dirtied when the
            // pool opens another reader: seen once as 4 KiB on a loaded machine.
            #expect(after.0 - before.0 <= 8192, "bytes written while browsing: \(after.0 - before.0)")
            #expect(after.1 == before.1, "database files changed while browsing: \(before.1) → \(after.1)")

            let (status, _) = try await client.post("/api/v1/plays", json: #"{"resource": "XL-QX-01", "source": "tv"}"#)
            #expect(status == .created)
            #expect(Self.databaseFiles(site) != after.1, "a play is written (and synced) at once")
        }
    }
}
