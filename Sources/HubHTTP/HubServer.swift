import Foundation
import HubCore
import Hummingbird
import Logging
import ServiceLifecycle

/// The hub's HTTP server: usage ingest, rankings (JSON and the page) and the sites' status.
public enum HubServer {
    /// Where the server listens.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int

        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// What the handlers use: the stores, the catalog, and the clock (injected so tests can say
    /// when a batch arrives).
    public struct Dependencies: Sendable {
        public var usage: any UsageStore
        public var sites: any SiteRegistry
        public var catalog: any CatalogSource
        public var now: @Sendable () -> Date

        public init(
            usage: any UsageStore, sites: any SiteRegistry, catalog: any CatalogSource,
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.usage = usage
            self.sites = sites
            self.catalog = catalog
            self.now = now
        }
    }

    /// The router with every route; tests drive it in process or through a live server.
    public static func buildRouter(_ dependencies: Dependencies) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.get("/api/v1/health") { _, _ in
            JSONResponse.ok(Data(#"{"status":"ok"}"#.utf8))
        }
        UsageController(dependencies: dependencies).register(on: router)
        RankingController(dependencies: dependencies).register(on: router)
        SitesController(dependencies: dependencies).register(on: router)
        return router
    }

    /// The application; `onServerRunning` gets the bound port (useful with port 0). Every answer
    /// carries a `Date` header (Hummingbird adds it), which kiosks use to trust their clock.
    public static func buildApplication(
        _ dependencies: Dependencies, configuration: Configuration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(
            router: buildRouter(dependencies),
            server: .http1(configuration: .init(idleTimeout: .seconds(120))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "yinling-hub"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// ``buildApplication(_:configuration:logger:onServerRunning:)`` as a service for a `ServiceGroup`.
    public static func buildService(
        _ dependencies: Dependencies, configuration: Configuration, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some Service {
        buildApplication(dependencies, configuration: configuration, logger: logger, onServerRunning: onServerRunning)
    }
}
