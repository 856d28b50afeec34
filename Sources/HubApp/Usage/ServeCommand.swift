import ArgumentParser
import HubCore
import HubHTTP
import HubStore
import Logging
import ServiceLifecycle
import UnixSignals

/// `yinling-hub serve`: receives the kiosks' usage batches and serves the rankings.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Receive usage batches from the kiosks; serve the rankings and the sites' status.",
        discussion: """
            The first line of output is `listening on http://<address>:<port>` (with --port 0, the \
            port the system chose). SIGTERM or SIGINT stops it gracefully: requests in progress finish. \
            See docs/hub.md.
            """)

    @OptionGroup var data: DataOption

    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address"))
    var address = "127.0.0.1"

    @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one.", valueName: "port"))
    var port = 8090

    @Option(
        help: ArgumentHelp(
            "The published pool directory; its manifest.json gives the rankings' titles and categories.",
            valueName: "pool-dir"))
    var pool: String?

    @Option(help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    @Option(
        help: ArgumentHelp(
            "Batches written in one transaction at most (group commit); 1 writes each in its own.",
            valueName: "n"))
    var commitGroup = 64

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port (0 to 65535)") }
        guard (1...1024).contains(commitGroup) else { throw ValidationError("--commit-group must be 1 to 1024") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError(
                "--log-level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        var logger = Logger(label: "yinling-hub")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let database = try data.open()
        let catalog: any CatalogSource = try pool.map { try ManifestCatalog(poolDirectory: $0) } ?? ResourceCatalog()
        let dependencies = HubServer.Dependencies(
            usage: SQLiteUsageStore(database: database, maximumGroup: commitGroup),
            sites: SQLiteSiteRegistry(database: database),
            catalog: catalog)
        let host = address.contains(":") ? "[\(address)]" : address
        let server = HubServer.buildService(
            dependencies, configuration: .init(host: address, port: port), logger: logger,
            onServerRunning: { port in say("listening on http://\(host):\(port)") })
        let group = ServiceGroup(
            configuration: .init(services: [server], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? database.close()
            let text = "\(error)"
            if text.contains("bind(") {
                throw AppError(
                    "cannot listen on \(host):\(port): \(text.contains("in use") ? "the port is in use" : text)")
            }
            throw AppError("the server stopped: \(text)")
        }
        try database.close()
    }
}
