import ArgumentParser
import ContentStore
import Foundation
import HubCore
import HubStore

/// `yinling-hub report`: a year's ranking, offline, as CSV, JSON or the HTML page the server shows.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a year's ranking as CSV, JSON or an HTML page with a chart (the server's own renderings).",
        discussion: "Writes to standard output, or to --out (atomically). See docs/hub.md.")

    /// The three renderings.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case csv, json, html
    }

    @OptionGroup var data: DataOption

    @Option(help: ArgumentHelp("The counting year (default: this year, UTC+8).", valueName: "year"))
    var year: Int?

    @Option(help: ArgumentHelp("csv, json or html.", valueName: "format"))
    var format: Format

    @Option(help: ArgumentHelp("Only this top-level category (科技应用).", valueName: "name"))
    var category: String?

    @Option(help: ArgumentHelp("Only the sites of this region.", valueName: "text"))
    var region: String?

    @Option(help: ArgumentHelp("At most this many resources (default 100).", valueName: "n"))
    var limit = RankingQuery.defaultLimit

    @Option(
        help: ArgumentHelp(
            "The published pool directory; its manifest.json gives titles and categories.", valueName: "pool-dir"))
    var pool: String?

    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var out: String?

    func run() async throws {
        let query: RankingQuery
        do {
            query = try RankingQuery(
                year: year ?? CountingYear.year(of: Date()), category: category, region: Site.region(region),
                limit: limit)
        } catch {
            throw AppError(error.message)
        }
        let database = try data.open(mustExist: true)
        let catalog: any CatalogSource = try pool.map { try ManifestCatalog(poolDirectory: $0) } ?? ResourceCatalog()
        let ranking = try await Ranking.compute(query, store: SQLiteUsageStore(database: database), catalog: catalog)
        let output: Data =
            switch format {
            case .csv: Data(ranking.csv().utf8)
            case .json: ranking.json() + Data("\n".utf8)
            case .html: Data(RankingPage.html(ranking).utf8)
            }
        try database.close()
        guard let out else {
            try FileHandle.standardOutput.write(contentsOf: output)
            return
        }
        do {
            try ContentStore.writeFile(Array(output), to: out)
        } catch {
            throw AppError("cannot write \(out): \(error.message)")
        }
    }
}
