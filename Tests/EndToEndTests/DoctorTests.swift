import ContentStore
import Foundation
import KioskTesting
import Testing

/// `yinling doctor`, the real executable on real sites (docs/doctor.md).
@Suite("End to end: yinling doctor")
struct DoctorTests {
    static func doctor(_ site: KioskSite, _ arguments: [String] = []) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await ChildProcess.run(KioskSite.yinling, ["doctor", "--config", site.config] + arguments)
    }

    static func line(_ output: String, _ check: String) -> String {
        output.split(separator: "\n").map(String.init).first { $0.dropFirst(2).hasPrefix(check + ":") } ?? ""
    }

    @Test func aFreshSiteHasWarningsOnlyAndNoDatabaseIsMade() async throws {
        let site = try KioskSite()
        let result = try await Self.doctor(site, ["--offline"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(Self.line(result.stdout, "database").hasPrefix("! database: "), "\(result.stdout)")
        #expect(Self.line(result.stdout, "buttons").hasPrefix("- buttons: none configured"))
        #expect(Self.line(result.stdout, "pool").hasPrefix("- pool: not checked (--offline)"))
        #expect(!FileManager.default.fileExists(atPath: site.dataDirectory + "/kiosk.sqlite"))

        let json = try await Self.doctor(site, ["--offline", "--json"])
        let objects = json.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        #expect(objects.count == json.stdout.split(separator: "\n").count && objects.count >= 8)
        #expect(
            objects.allSatisfy { ["pass", "warn", "fail", "skip"].contains($0["status"] ?? "") && $0["check"] != nil })
    }

    @Test func aBadConfigurationIsNamed() async throws {
        let site = try KioskSite(extra: "[curation]\nbudgte = \"50%\"")
        let result = try await Self.doctor(site)
        #expect(result.status == 1)
        #expect(Self.line(result.stdout, "config").contains("curation.budgte"), "\(result.stdout)")
    }

    @Test func missingDevicesAndAnUnreachablePoolFail() async throws {
        let site = try KioskSite(
            extra: """
                [pool]
                url = "http://127.0.0.1:9/manifest.json"
                [buttons]
                enabled = true
                chip = "gpiochip77"
                keypad_devices = ["/dev/input/by-id/no-such-keypad"]
                """)
        let result = try await Self.doctor(site)
        #expect(result.status == 1)
        #expect(result.stdout.contains("✗ buttons: GPIO gpiochip77"), "\(result.stdout)")
        #expect(result.stdout.contains("✗ buttons: input device /dev/input/by-id/no-such-keypad"))
        #expect(Self.line(result.stdout, "pool").hasPrefix("✗ pool: http://127.0.0.1:9/manifest.json: "))
    }

    /// While the service runs it holds the buttons: doctor asks it over the control socket.
    @Test(.timeLimit(.minutes(1)))
    func withTheServiceRunningTheButtonsAreItsReport() async throws {
        let site = try KioskSite(extra: "[buttons]\nkeypad_devices = [\"/dev/input/by-id/no-such-keypad\"]")
        let (server, _) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let result = try await Self.doctor(site, ["--offline"])
        #expect(result.status == 1)
        #expect(
            Self.line(result.stdout, "service").hasPrefix("✓ service: yinling serve is running"), "\(result.stdout)")
        #expect(result.stdout.contains("✗ buttons: input device /dev/input/by-id/no-such-keypad"), "\(result.stdout)")
        #expect(Self.line(result.stdout, "database").hasPrefix("✓ database: quick_check ok"))
    }

    @Test(.timeLimit(.minutes(2)))
    func shortAndCorruptFilesAreFoundAndTheNextSyncFetchesThem() async throws {
        let site = try KioskSite.syncing(from: Repository.demoPool, trusting: Repository.demoPublicKey)
        #expect(try await site.install(Repository.demoPool).status == 0)
        #expect(try await Self.doctor(site, ["--offline", "--full"]).status == 0)
        let media = try FileManager.default.subpathsOfDirectory(atPath: site.cacheDirectory + "/media")
            .filter { $0.hasSuffix(".mp4") }.sorted().map { site.cacheDirectory + "/media/" + $0 }
        let short = try #require(media.first)
        let corrupt = try #require(media.last)
        try FileHandle(forWritingTo: URL(fileURLWithPath: short)).truncate(atOffset: 1000)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: corrupt))
        try handle.seek(toOffset: 5000)
        let byte = try #require(try handle.read(upToCount: 1)).first ?? 0
        try handle.seek(toOffset: 5000)
        try handle.write(contentsOf: Data([byte ^ 0xFF]))
        try handle.close()

        let sized = try await Self.doctor(site, ["--offline"])
        #expect(sized.status == 1)
        #expect(Self.line(sized.stdout, "cache").contains("1 of the wrong size"), "\(sized.stdout)")
        let hashed = try await Self.doctor(site, ["--offline", "--full"])
        #expect(Self.line(hashed.stdout, "cache").contains("1 with the wrong hash, removed"), "\(hashed.stdout)")
        #expect(!FileManager.default.fileExists(atPath: corrupt))

        let sync = try await ChildProcess.run(KioskSite.yinling, ["sync", "--config", site.config])
        #expect(sync.status == 0, "\(sync.stdout)\(sync.stderr)")
        let healed = try await Self.doctor(site, ["--offline", "--full"])
        #expect(Self.line(healed.stdout, "cache").hasPrefix("✓ cache: "), "\(healed.stdout)")
        #expect(
            try ContentStore.hash(fileAt: corrupt).0
                == URL(fileURLWithPath: corrupt).deletingPathExtension().lastPathComponent)
    }
}
