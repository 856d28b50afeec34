import ArgumentParser

/// `yinling serve`: the back end, the one process that owns the cache, database and hardware.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the learning menu, the media and the play log.")

    @OptionGroup var options: ConfigOption

    func run() async throws {
        EarlySignals.trap()
        let configuration = try options.load()
        let logger = makeLogger(level: configuration.server.logLevel)
        let runtime = try KioskRuntime.open(configuration, purpose: "yinling serve")
        let host = configuration.server.address
        try await runtime.serve(logger: logger) { port in
            say("listening http://\(host.contains(":") ? "[\(host)]" : host):\(port)/")
            // The service group traps the signals by now: a stop asked for meanwhile is honoured.
            EarlySignals.redeliver()
        }
    }
}
