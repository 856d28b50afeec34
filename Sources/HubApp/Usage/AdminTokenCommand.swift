import ArgumentParser
import HubCore
import HubStore

/// `yinling-hub admin-token`: makes the one admin token (replacing any previous one).
struct AdminTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin-token",
        abstract: "Make a new admin token for GET /api/v1/sites and print it, once, on the last line.",
        discussion: """
            There is one admin token; making a new one retires the previous one at once. The hub \
            keeps only its SHA-256.
            """)

    @OptionGroup var data: DataOption

    func run() async throws {
        let registry = SQLiteSiteRegistry(database: try data.open())
        let token = SiteToken.generate()
        try await registry.setAdminToken(sha256: token.sha256)
        say("New admin token (any previous one no longer works), for Authorization: Bearer on /api/v1/sites.")
        say("Shown only now:")
        say(token.text)
    }
}
