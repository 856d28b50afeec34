import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import NIOCore
import PoolFormat
import Testing

@Suite("End to end: the real yinling-hub serve, sites, report")
struct HubTests {
    typealias Sample = UsageBatchSamples

    @Test func hubTakesBatchesServesTheRankingAndStopsOnSIGTERM() async throws {
        let hub = HubFixture()
        let token = try await hub.addSite("sh-xuhui-0012", region: "徐汇区")
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit), "the token alone on the last line: \(token)")
        let twice = try await hub.run(["sites", "add", "sh-xuhui-0012"])
        #expect(twice.status == 2 && twice.stderr.contains("already exists"), "\(twice.stderr)")
        let bad = try await hub.run(["sites", "add", "Xuhui 12"])
        #expect(bad.status == 2 && bad.stderr.contains("is not a site id"), "\(bad.stderr)")
        let admin = try await hub.run(["admin-token"])
        #expect(admin.status == 0)
        let adminToken = HubFixture.lastLine(admin.stdout)
        let list = try await hub.run(["sites", "list"])
        #expect(list.stdout.hasPrefix("site\tregion\tadded\nsh-xuhui-0012\t徐汇区\t"), "\(list.stdout)")

        let (server, port) = try await hub.serve(pool: Repository.demoPool)
        let batch = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                Sample.count("KJ-WX-01", day: "2026-11-20", views: 9, completions: 4, watchSeconds: 5400),
                Sample.count("YS-TJQ-01", day: "2026-11-20", source: .phone, views: 3),
            ])
        try await withClient(port: port) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let first = try await client.post(
                "/api/v1/usage", headers: headers, body: ByteBuffer(bytes: batch.encoded()))
            #expect(first.status == .ok && first.headers[.date] != nil)
            #expect(first.body.map { String(buffer: $0) } == #"{"accepted":true,"duplicate":false}"#)
            let again = try await client.post(
                "/api/v1/usage", headers: headers, body: ByteBuffer(bytes: batch.encoded()))
            #expect(again.body.map { String(buffer: $0) } == #"{"accepted":true,"duplicate":true}"#)

            let ranking = try await client.json("/api/v1/ranking?year=2026")
            let rows = try #require(ranking["ranking"] as? [[String: Any]])
            #expect(rows.compactMap { $0["title"] as? String } == ["手机微信课 第1课：添加好友和发语音", "太极拳入门 第1集：起势与站桩"])
            let sites = try await client.get("/api/v1/sites", headers: [.authorization: "Bearer \(adminToken)"])
            #expect(sites.status == .ok && sites.body.map { String(buffer: $0) }?.contains("\"lastBatch\":1") == true)

            // A new token while the server runs: the old one is refused at once, the new one works.
            let rotated = try await hub.run(["sites", "rotate-token", "sh-xuhui-0012"])
            #expect(rotated.status == 0, "\(rotated.stderr)")
            let newToken = HubFixture.lastLine(rotated.stdout)
            #expect(newToken.count == 64 && newToken != token)
            let old = try await client.post("/api/v1/usage", headers: headers, body: ByteBuffer(bytes: batch.encoded()))
            #expect(old.status == .unauthorized)
            let renewed = try await client.post(
                "/api/v1/usage", headers: [.authorization: "Bearer \(newToken)"],
                body: ByteBuffer(bytes: batch.encoded()))
            #expect(renewed.body.map { String(buffer: $0) } == #"{"accepted":true,"duplicate":true}"#)
        }
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: .seconds(30)) == 0, "\(server.stderr)")

        let csv = try await hub.run(["report", "--year", "2026", "--format", "csv", "--pool", Repository.demoPool])
        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.count == 3 && lines[1] == "1,KJ-WX-01,手机微信课 第1课：添加好友和发语音,科技应用,9,4,5400,9")
        let json = try await hub.run(["report", "--year", "2026", "--format", "json", "--category", "养生保健"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        // Without --pool the hub knows no categories, so a category filter finds nothing.
        #expect(object?["category"] as? String == "养生保健" && (object?["ranking"] as? [Any])?.isEmpty == true)
        let page = hub.directory.appending("ranking.html")
        let html = try await hub.run(
            ["report", "--year", "2026", "--format", "html", "--pool", Repository.demoPool, "--out", page])
        #expect(html.status == 0 && html.stdout.isEmpty, "\(html.stderr)")
        let text = try String(contentsOfFile: page, encoding: .utf8)
        #expect(text.contains("市民喜爱的学习视频课程 2026") && text.contains("<svg") && text.contains("<table>"))
        let counts = try await hub.run(["counts"])
        #expect(counts.status == 0, "\(counts.stderr)")
        #expect(
            counts.stdout.split(separator: "\n") == [
                #"{"completions":4,"day":"2026-11-20","plays":9,"resource":"KJ-WX-01","site":"sh-xuhui-0012","source":"tv","views":9,"watchSeconds":5400}"#,
                #"{"completions":0,"day":"2026-11-20","plays":3,"resource":"YS-TJQ-01","site":"sh-xuhui-0012","source":"phone","views":3,"watchSeconds":0}"#,
            ], "\(counts.stdout)")
        let missing = try await ChildProcess.run(
            HubFixture.hub, ["report", "--format", "csv", "--data", hub.directory.appending("none")])
        #expect(missing.status == 2 && missing.stderr.contains("there is no hub database"), "\(missing.stderr)")
    }

    @Test func publishFillsClicksAndLearnersFromTheHubsCounts() async throws {
        let hub = HubFixture()
        let token = try await hub.addSite("sh-xuhui-0012")
        let (server, port) = try await hub.serve()
        let batch = Sample.batch(
            site: "sh-xuhui-0012", number: 1,
            counts: [
                Sample.count("ON-01", day: "2025-12-30", views: 3, completions: 1),
                Sample.count("ON-01", day: "2026-01-02", views: 4, completions: 2),
                Sample.count("ON-01", day: nil, source: .phone, views: 1),
            ])
        try await withClient(port: port) { client in
            let response = try await client.post(
                "/api/v1/usage", headers: [.authorization: "Bearer \(token)"], body: ByteBuffer(bytes: batch.encoded()))
            #expect(response.status == .ok)
        }
        server.signal(SIGTERM)
        try await server.wait()

        // Two online courses (no media, so no ffmpeg): the hub counted ON-01 only.
        let fixture = try PublishFixture()
        let jpeg = Data([0xFF, 0xD8, 0xFF, 0xE0]) + Data("not really an image".utf8)
        try jpeg.write(to: URL(fileURLWithPath: fixture.files + "/cover-a.jpg"))
        try fixture.writeCSV(
            ["ON-01", "ON-02"].map { id in
                PublishRows.row(id, type: "A03", link: "https://www.example.edu.cn/\(id)", duration: "", media: "")
            })
        let filled = try await fixture.publish(["--usage-data", hub.data])
        #expect(filled.status == 0, "\(filled.stdout)\n\(filled.stderr)")
        #expect(
            filled.stdout.contains(
                "Usage: clicks and learners from the hub's totals (all years, all sites) for 1 of 2 resources"))
        var resources = try manifestResources(fixture.pool)
        #expect(resources["ON-01"]?.clicks == 8 && resources["ON-01"]?.learners == 3)
        #expect(resources["ON-02"]?.clicks == 120 && resources["ON-02"]?.learners == 45)

        let plain = try await fixture.publish()
        #expect(plain.status == 0 && !plain.stdout.contains("Usage:"))
        resources = try manifestResources(fixture.pool)
        #expect(resources["ON-01"]?.clicks == 120 && resources["ON-01"]?.learners == 45)

        let nowhere = try await fixture.publish(["--usage-data", hub.directory.appending("none")])
        #expect(nowhere.status == 2 && nowhere.stderr.contains("--usage-data"), "\(nowhere.stderr)")
    }

    private func manifestResources(_ pool: String) throws -> [String: Resource] {
        let data = try Data(contentsOf: URL(fileURLWithPath: pool + "/manifest.json"))
        let manifest = try ManifestDecoder.decode(data).manifest
        return Dictionary(uniqueKeysWithValues: manifest.resources.map { ($0.id, $0) })
    }
}
