import ArgumentParser
import Foundation
import HubCore
import HubStore

/// `yinling-hub sites`: the sites allowed to send usage, and their tokens.
struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "Add and list the sites that send usage counts, and issue their tokens.",
        subcommands: [AddSiteCommand.self, ListSitesCommand.self, RotateSiteTokenCommand.self])
}

/// `yinling-hub sites add <site-id> [--region <text>]`: prints the new token once, alone on the last line.
struct AddSiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a site and print its token, once.",
        discussion: """
            The token goes into the site's kiosk configuration ([hub] token); the hub keeps only its \
            SHA-256, so it cannot be shown again: a lost token is replaced with `sites rotate-token`. \
            The token is the last line of the output, alone.
            """)

    @Argument(help: ArgumentHelp("The site id the kiosk sends (sh-xuhui-0012).", valueName: "site-id"))
    var siteID: String

    @Option(help: ArgumentHelp("The region the rankings can be filtered by (徐汇区).", valueName: "text"))
    var region: String?

    @OptionGroup var data: DataOption

    func run() async throws {
        do {
            try Site.validate(id: siteID)
        } catch {
            throw AppError(error.message)
        }
        let registry = SQLiteSiteRegistry(database: try data.open())
        let token = SiteToken.generate()
        let site = Site(id: siteID, region: Site.region(region), addedAt: Date())
        guard try await registry.add(site, tokenSHA256: token.sha256) else {
            throw AppError(
                "site \(siteID) already exists; to give it a new token: yinling-hub sites rotate-token \(siteID)")
        }
        say("Added site \(siteID)\(site.region.map { " (region \($0))" } ?? "") to \(data.directory).")
        say("Its token, shown only now (the kiosk's [hub] token; the hub keeps only its hash):")
        say(token.text)
    }
}

/// `yinling-hub sites rotate-token <site-id>`: a new token; the old one stops working at once.
struct RotateSiteTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-token",
        abstract: "Give a site a new token (the old one stops working) and print it, once, on the last line.")

    @Argument(help: ArgumentHelp("The site id.", valueName: "site-id"))
    var siteID: String

    @OptionGroup var data: DataOption

    func run() async throws {
        let registry = SQLiteSiteRegistry(database: try data.open(mustExist: true))
        let token = SiteToken.generate()
        guard try await registry.replaceToken(of: siteID, tokenSHA256: token.sha256) else {
            throw AppError("there is no site \(siteID) (yinling-hub sites list shows them)")
        }
        say("New token of site \(siteID); its previous token no longer works. Shown only now:")
        say(token.text)
    }
}

/// `yinling-hub sites list`: one tab-separated line per site after a header.
struct ListSitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the sites: id, region (- for none) and when each was added, tab-separated.")

    @OptionGroup var data: DataOption

    func run() async throws {
        let sites = try await SQLiteSiteRegistry(database: try data.open(mustExist: true)).sites()
        say("site\tregion\tadded")
        for site in sites {
            say("\(site.id)\t\(site.region ?? "-")\t\(site.addedAt.formatted(.iso8601))")
        }
    }
}
