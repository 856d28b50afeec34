import ArgumentParser
import Foundation
import HubCore
import HubStore

/// `yinling-hub counts`: every stored count per site, resource, day and source, as JSON lines.
struct CountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts",
        abstract: "Print the stored counts per site, resource, day and source, summed over all batches (JSON lines).",
        discussion: """
            One JSON object per line, sorted keys: completions, day (null when unknown), plays, \
            resource, site, source, views, watchSeconds; ordered by site, resource, day, source. \
            Read from the batches' bodies as received. See docs/hub.md.
            """)

    @OptionGroup var data: DataOption

    @Option(help: ArgumentHelp("Only this site.", valueName: "site-id"))
    var site: String?

    func run() async throws {
        let database = try data.open(mustExist: true)
        let counts = try await SQLiteUsageStore(database: database).dailyCounts(site: site)
        try database.close()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = Data()
        for count in counts {
            output += try encoder.encode(count) + Data("\n".utf8)
        }
        try FileHandle.standardOutput.write(contentsOf: output)
    }
}
