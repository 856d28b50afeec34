import Foundation
import KioskCentral
import KioskTesting
import Testing

@Suite("Fetching the manifest")
struct ManifestFetchTests {
    let pool: PoolFixture
    let clock = RecordingClock()
    let manifest = Data(#"{"format":"yinling-pool/1","resources":[]}"#.utf8)

    init() throws {
        pool = try PoolFixture()
        try manifest.write(to: URL(fileURLWithPath: pool.poolPath + "/manifest.json"))
    }

    var retry: RetryPolicy { RetryPolicy(sleep: clock.sleepFunction) }

    func fetch(_ url: (FaultyPoolServer) -> String, faults: [String: [FaultyPoolServer.Fault]] = [:])
        async throws -> Result<FetchedManifest, SourceError>
    {
        try await FaultyPoolServer.with(serving: pool.poolPath) { server in
            for (path, faults) in faults { server.fail(path, with: faults) }
            let source = try HTTPPoolSource(url: url(server))
            let result: Result<FetchedManifest, SourceError>
            do throws(SourceError) {
                result = .success(try await source.fetchManifest(retry: retry))
            } catch {
                result = .failure(error)
            }
            await source.shutdown()
            return result
        }
    }

    @Test func fromTheBaseURLWithoutSignature() async throws {
        let fetched = try await fetch { $0.baseURL }.get()
        #expect(fetched.manifest == manifest && fetched.signature == nil)
    }

    @Test func fromTheManifestURLWithSignature() async throws {
        try Data("c2lnbmF0dXJl\n".utf8).write(to: URL(fileURLWithPath: pool.poolPath + "/manifest.json.sig"))
        let fetched = try await fetch { $0.baseURL + "manifest.json" }.get()
        #expect(fetched.manifest == manifest && fetched.signature == Data("c2lnbmF0dXJl\n".utf8))
    }

    @Test func baseURLWithoutTrailingSlash() async throws {
        let source = try HTTPPoolSource(url: "https://pool.example.org/pool")
        #expect(source.manifestURL == "https://pool.example.org/pool/manifest.json")
        #expect(source.url(of: "media/ab/ab.mp4") == "https://pool.example.org/pool/media/ab/ab.mp4")
        let byManifest = try HTTPPoolSource(url: "http://10.0.0.5:8080/p/manifest.json")
        #expect(byManifest.baseURL == "http://10.0.0.5:8080/p/")
        #expect(byManifest.signatureURL == "http://10.0.0.5:8080/p/manifest.json.sig")
        await source.shutdown()
        await byManifest.shutdown()
    }

    @Test func serverErrorsAreRetried() async throws {
        let fetched = try await fetch({ $0.baseURL }, faults: ["manifest.json": [.status(500), .status(503)]]).get()
        #expect(fetched.manifest == manifest)
        #expect(clock.sleeps.count == 2)
    }

    @Test func aRefusalNamesTheURLAndTheStatus() async throws {
        let result = try await fetch({ $0.baseURL }, faults: ["manifest.json": [.status(403)]])
        guard case .failure(let error) = result else { Issue.record("fetched despite a 403"); return }
        #expect(error.code == .http)
        #expect(error.message.contains("/manifest.json") && error.message.contains("403 Forbidden"))
    }

    @Test func aMissingManifestIsNotFound() async throws {
        try FileManager.default.removeItem(atPath: pool.poolPath + "/manifest.json")
        let result = try await fetch { $0.baseURL }
        guard case .failure(let error) = result else { Issue.record("fetched a missing manifest"); return }
        #expect(error.code == .notFound && error.message.contains("404"))
    }

    @Test func noServerIsANetworkErrorNamingTheURL() async throws {
        var configuration = HTTPPoolSource.Configuration()
        configuration.connectTimeout = .milliseconds(500)
        let source = try HTTPPoolSource(url: "http://127.0.0.1:9/pool/", configuration: configuration)
        let failure = await #expect(throws: SourceError.self) {
            try await source.fetchManifest(retry: RetryPolicy(maxAttempts: 2, sleep: clock.sleepFunction))
        }
        await source.shutdown()
        #expect(failure?.code == .network)
        #expect(failure?.message == "http://127.0.0.1:9/pool/manifest.json: connection refused")
    }

    @Test func notAnAddress() {
        #expect(throws: SourceError.self) { try HTTPPoolSource(url: "ftp://pool.example/") }
        #expect(throws: SourceError.self) { try makePoolSource(url: "gopher://x/") }
    }

    @Test func factoryPicksTheSource() async throws {
        let http = try makePoolSource(url: "https://pool.example/p/")
        #expect(http is HTTPPoolSource)
        await http.shutdown()
        let directory = try makePoolSource(url: "file:///media/usb/pool/")
        #expect((directory as? DirectoryPoolSource)?.directory == "/media/usb/pool")
        let path = try makePoolSource(url: "/media/usb/pool/manifest.json")
        #expect((path as? DirectoryPoolSource)?.manifestPath == "/media/usb/pool/manifest.json")
    }
}
