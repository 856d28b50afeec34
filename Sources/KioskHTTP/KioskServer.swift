import Hummingbird
import KioskCore
import Logging
import NIOCore
import _NIOFileSystem

/// The kiosk's HTTP server: menu API, media, play reports, the staff API and the pages in `Kiosk/`.
public enum KioskServer {
    /// Where the server listens and what it serves.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The `Kiosk/` directory with the TV and phone pages.
        public var webDirectory: String
        /// The content-addressed cache the catalog's files live in.
        public var cacheDirectory: String
        /// Send media with `sendfile(2)` rather than through buffers (bench/README.md compares both).
        public var sendFile: Bool
        /// How often the staff page's event stream sends a comment when nothing changes.
        public var eventHeartbeat: Duration = .seconds(15)

        public init(host: String, port: Int, webDirectory: String, cacheDirectory: String, sendFile: Bool = true) {
            self.host = host
            self.port = port
            self.webDirectory = webDirectory
            self.cacheDirectory = cacheDirectory
            self.sendFile = sendFile
        }
    }

    /// The router with every route and middleware; tests drive it directly or through a live server.
    ///
    /// `sendFileHandlerInstalled` says whether the server's pipeline has a ``SendFileHandler``;
    /// without one (Hummingbird's in-process router tests) media is always sent through buffers.
    /// Without `staffAccess` the staff API answers 503; without `syncControl` its sync routes do;
    /// without `tv` the TV's navigation routes do; without `buttons` the staff button check does;
    /// without `usage` the staff upload route does.
    public static func buildRouter<Log: PlayLog, Menu: Catalog, Clock: EventClock>(
        catalog: Menu, playLog: Log, clock: Clock, configuration: Configuration, logger: Logger,
        sendFileHandlerInstalled: Bool = false, syncControl: (any SyncControl)? = nil, staffAccess: StaffAccess? = nil,
        tv: (any TVControl)? = nil, buttons: ButtonFeed? = nil, usage: (any UsageControl)? = nil
    ) -> Router<KioskRequestContext> {
        // HEAD is answered from the GET handlers, with the body left out.
        let router = Router(context: KioskRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.add(middleware: PageMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(
            middleware: FileMiddleware(configuration.webDirectory, searchForIndexHtml: true, logger: logger)
                .withAdditionalMediaType(MediaType(type: .image, subType: "svg+xml"), mappedToFileExtension: "svg"))
        router.get("/api/v1/health") { _, _ in
            try PlayController<Log, Menu, Clock>.json(["status": "ok"], status: .ok)
        }
        MenuController(catalog: catalog).register(on: router)
        MediaController(
            catalog: catalog, cacheDirectory: configuration.cacheDirectory, fileSystem: .shared,
            useSendFile: configuration.sendFile && sendFileHandlerInstalled
        ).register(on: router)
        PlayController(
            reports: PlayReports(log: playLog, catalog: catalog, clock: clock), limits: BeaconLimits(clock: clock)
        ).register(on: router)
        let staff = router.group("/api/v1/staff").add(middleware: StaffSessionMiddleware(access: staffAccess))
        StaffController(access: staffAccess).register(on: router, staff: staff)
        StaffSyncController(sync: syncControl, heartbeat: configuration.eventHeartbeat, usage: usage).register(
            on: staff)
        StaffButtonsController(buttons: buttons, heartbeat: configuration.eventHeartbeat).register(on: staff)
        StaffUsageController(usage: usage).register(on: staff)
        TVController(tv: tv, heartbeat: configuration.eventHeartbeat).register(on: router)
        return router
    }

    /// The application to run as a service; `onServerRunning` gets the bound port (useful with port 0).
    public static func buildApplication<Log: PlayLog, Menu: Catalog, Clock: EventClock>(
        catalog: Menu, playLog: Log, clock: Clock, configuration: Configuration, logger: Logger,
        syncControl: (any SyncControl)? = nil, staffAccess: StaffAccess? = nil, tv: (any TVControl)? = nil,
        buttons: ButtonFeed? = nil, usage: (any UsageControl)? = nil,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = buildRouter(
            catalog: catalog, playLog: playLog, clock: clock, configuration: configuration, logger: logger,
            sendFileHandlerInstalled: true, syncControl: syncControl, staffAccess: staffAccess, tv: tv,
            buttons: buttons, usage: usage)
        return Application(
            router: router,
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [SendFileHandler(logger: logger)],
                    // Phones leave connections open when they sleep; idle ones are closed.
                    idleTimeout: .seconds(120))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "yinling"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
