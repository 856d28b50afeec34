import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import NIOCore
import Testing

@Suite("End to end: the real yinling")
struct DemoTests {
    @Test func demoServesHomeToMediaAndStopsCleanlyOnSIGTERM() async throws {
        let demo = try ChildProcess(KioskSite.yinling, ["demo", "--port", "0"])
        let port = try await demo.listeningPort()
        let dataLine = try await demo.line(startingWith: "Yinling Kiosk demo is running (data in ")
        let scratch = String(dataLine.prefix { $0 != "," })
        #expect(FileManager.default.fileExists(atPath: scratch + "/data/kiosk.sqlite"))
        #expect(demo.stdout.contains("/tv/") && demo.stdout.contains("17 installed, 0 refused"))

        try await withClient(port: port) { client in
            let home = try await client.json("/api/v1/home?source=tv")
            let categories = home["categories"] as? [[String: Any]] ?? []
            #expect(categories.count == 9)
            let name = try #require(categories.first { $0["name"] as? String == "科技应用" }?["name"] as? String)
            let category = try await client.json(
                "/api/v1/categories/\(name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            let entries = category["entries"] as? [[String: Any]] ?? []
            let series = try #require(entries.first { $0["kind"] as? String == "series" }?["id"] as? String)
            let menu = try await client.json(
                "/api/v1/series/\(series.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)?source=tv")
            let next = try #require(menu["next"] as? String)
            let detail = try await client.json("/api/v1/resources/\(next)?source=tv")
            let media = try #require((detail["media"] as? [String: Any])?["url"] as? String)
            let response = try await client.get(media)
            #expect(response.status == .ok)
            let sha = String(media.dropFirst("/media/".count).prefix(64))
            let original = try Data(
                contentsOf: URL(fileURLWithPath: "\(Repository.demoPool)/media/\(sha.prefix(2))/\(sha).mp4"))
            #expect(response.body.map { Data($0.readableBytesView) } == original)
            let tv = try await client.get("/tv/")
            let phone = try await client.get("/")
            #expect(tv.status == .ok && phone.status == .ok)
        }

        demo.signal(SIGTERM)
        #expect(try await demo.wait(timeout: .seconds(15)) == 0)
        #expect(!FileManager.default.fileExists(atPath: scratch), "the throw-away data directory is removed")
    }

    @Test func installRefusesTheBadEntriesAndServeListsTheRest() async throws {
        let pool = try TestPool()
        try pool.breakThreeEntries()

        let site = try KioskSite()
        let install = try await site.install(pool.path)
        #expect(install.status == 1)
        for id in TestPool.brokenIDs {
            #expect(install.stdout.contains("REFUSED  \(id)"), "\(install.stdout)")
        }
        #expect(install.stdout.contains("14 installed, 3 refused"))

        let (server, port) = try await site.serve()
        let again = try await site.install(Repository.demoPool)
        #expect(again.status != 0 && again.stderr.contains("another yinling process"), "\(again.stderr)")
        try await withClient(port: port) { client in
            let good = try await client.get("/api/v1/resources/KJ-WX-01")
            #expect(good.status == .ok)
            for id in ["KJ-CX-01", "LC-CS-01", "WH-SF-01"] {
                let refused = try await client.get("/api/v1/resources/\(id)")
                #expect(refused.status == .notFound, "\(id)")
            }
        }
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: .seconds(15)) == 0)
    }

    @Test func badConfigurationValueStopsStartUpNamingTheKey() async throws {
        let site = try KioskSite(extra: "[player]\nkind = \"vlc\"")
        let result = try await ChildProcess.run(KioskSite.yinling, ["serve", "--config", site.config])
        #expect(result.status != 0)
        #expect(result.stderr.contains("player.kind") && result.stderr.contains("\"mpv\""), "\(result.stderr)")
    }

    @Test func executablesDescribeThemselves() async throws {
        let version = try await ChildProcess.run(KioskSite.yinling, ["--version"])
        #expect(version.status == 0 && version.stdout.contains("0.1.0"))
        let help = try await ChildProcess.run(KioskSite.yinling, ["--help"])
        #expect(help.stdout.contains("serve") && help.stdout.contains("install") && help.stdout.contains("demo"))
        let hub = try await ChildProcess.run(Repository.executable("yinling-hub"), ["--help"])
        #expect(hub.status == 0 && hub.stdout.contains("yinling-hub"))
    }
}
