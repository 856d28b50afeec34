import Foundation
import HubCore
import HubStore
import KioskTesting
import Testing

@Suite("SQLite site registry: sites, token hashes, the admin token")
struct SQLiteSiteRegistryTests {
    @Test func sitesAreAddedOnceAndFoundByTheirTokensHash() async throws {
        let hub = try await HubStoreFixture()
        let again = Site(id: "sh-xuhui-0012", region: nil, addedAt: Date())
        #expect(try await hub.sites.add(again, tokenSHA256: SiteToken.sha256("other")) == false)
        #expect(try await hub.sites.site(tokenSHA256: SiteToken.sha256("xuhui-token")) == HubStoreFixture.xuhui)
        #expect(try await hub.sites.site(tokenSHA256: SiteToken.sha256("other")) == nil)
        #expect(try await hub.sites.sites().map(\.id) == ["bj-haidian-0001", "sh-xuhui-0012"])

        #expect(try await hub.sites.replaceToken(of: "sh-xuhui-0012", tokenSHA256: SiteToken.sha256("new")))
        #expect(try await hub.sites.site(tokenSHA256: SiteToken.sha256("xuhui-token")) == nil)
        #expect(try await hub.sites.site(tokenSHA256: SiteToken.sha256("new"))?.id == "sh-xuhui-0012")
        #expect(try await hub.sites.replaceToken(of: "nowhere", tokenSHA256: SiteToken.sha256("x")) == false)
    }

    @Test func oneAdminTokenReplacesTheLast() async throws {
        let hub = try await HubStoreFixture()
        #expect(try await hub.sites.adminTokenSHA256() == nil)
        try await hub.sites.setAdminToken(sha256: "first")
        try await hub.sites.setAdminToken(sha256: "second")
        #expect(try await hub.sites.adminTokenSHA256() == "second")
        #expect(try hub.rows(in: "setting") == 1)
    }

    @Test func readingCommandsDoNotCreateADatabase() throws {
        let directory = TemporaryDirectory("hubstore")
        #expect(throws: StoreError.self) { try HubDatabase(directory: directory.appending("none"), mustExist: true) }
        #expect(!FileManager.default.fileExists(atPath: directory.appending("none")))
    }
}
