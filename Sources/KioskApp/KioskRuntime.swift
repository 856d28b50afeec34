import ContentStore
import Foundation
import Hummingbird
import KioskCore
import KioskHTTP
import KioskStore
import Logging
import ServiceLifecycle
import UnixSignals

/// The kiosk's pieces, built from a configuration: the executable and the tests use this builder.
public struct KioskRuntime: Sendable {
    public let configuration: KioskConfiguration
    public let database: KioskDatabase
    public let cache: ContentStore
    public let clock: SystemEventClock
    /// Held for the runtime's life: this process owns the data directory (nil: a read-only look).
    let lock: DataDirectoryLock?

    /// Creates the directories, takes the lock (unless `exclusive` is false: reading only, while the
    /// service may run), opens and migrates the database.
    public static func open(_ configuration: KioskConfiguration, purpose: String, exclusive: Bool = true) throws
        -> KioskRuntime
    {
        let storage = configuration.storage
        for directory in [storage.dataDirectory, storage.cacheDirectory] {
            do {
                try ContentStore.makeDirectories(directory)
            } catch {
                throw AppError("\(error.message); set [storage] in the configuration, or create it for this user")
            }
        }
        let lock = exclusive ? try DataDirectoryLock(directory: storage.dataDirectory, purpose: purpose) : nil
        let database = try KioskDatabase(path: storage.dataDirectory + "/kiosk.sqlite")
        let cache = try ContentStore(root: storage.cacheDirectory)
        return KioskRuntime(
            configuration: configuration, database: database, cache: cache, clock: SystemEventClock(), lock: lock)
    }

    /// The installer for pool directories, trusting the configuration's keys.
    public var installer: PoolInstaller {
        PoolInstaller(database: database, cache: cache, trustedKeys: configuration.trustedPoolKeys)
    }

    /// The HTTP application; `onRunning` receives the port it listens on. The staff page checks
    /// the password in the database unless `staffAccess` says otherwise (tests inject a clock);
    /// its button check follows `buttons` (``ButtonMonitor/watch()`` in the service).
    public func application(
        logger: Logger, syncControl: (any SyncControl)? = nil, staffAccess: StaffAccess? = nil,
        tv: (any TVControl)? = nil, buttons: (@Sendable () async -> AsyncStream<ButtonReport>)? = nil,
        usage: (any UsageControl)? = nil,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) throws -> some ApplicationProtocol {
        let server = configuration.server
        let webDirectory =
            server.webDirectory.isEmpty
            ? InstalledFiles.locate("Kiosk", marker: "tv/index.html") : server.webDirectory
        guard let webDirectory, FileManager.default.fileExists(atPath: webDirectory + "/tv/index.html") else {
            throw AppError("cannot find the Kiosk/ pages (tv/index.html); set server.web_dir in the configuration")
        }
        return KioskServer.buildApplication(
            catalog: SQLiteCatalog(database: database), playLog: SQLitePlayLog(database: database), clock: clock,
            configuration: .init(
                host: server.address, port: server.port, webDirectory: webDirectory,
                cacheDirectory: configuration.storage.cacheDirectory, sendFile: server.sendFile),
            logger: logger, syncControl: syncControl, staffAccess: staffAccess ?? makeStaffAccess(), tv: tv,
            buttons: buttons.map(ButtonFeed.init), usage: usage, onServerRunning: onRunning)
    }

    /// Serves until SIGTERM or SIGINT, then closes the database: the menu, content sync on its
    /// schedule and on request, the usage upload, and the control socket for staff commands.
    public func serve(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let systemd = systemdNotifications(logger: logger)
        let tracker = SyncTracker()
        let sync = SyncService(runtime: self, tracker: tracker, logger: logger)
        let usage = try await usageService(logger: logger, tracker: tracker)
        let usageServices: [any Service] = usage.map { [$0] } ?? []
        let mpv = mpvPlayer(logger: logger)
        let tv = TVNavigation(
            catalog: SQLiteCatalog(database: database), player: mpv?.player,
            cacheDirectory: configuration.storage.cacheDirectory, clickSound: configuration.buttons.sound)
        let buttons = ButtonService(
            sources: try buttonSources(), settings: configuration.pressSettings, logger: logger,
            onPress: { press in await tv.handle(press) })
        // One path for staff watching the buttons: `yinling buttons` (control socket) and the staff page.
        let monitor = ButtonMonitor(reports: await buttons.watch())
        let watchButtons: @Sendable () async -> AsyncStream<ButtonReport> = { monitor.watch() }
        let app = try application(
            logger: logger, syncControl: sync, tv: tv, buttons: watchButtons, usage: usage,
            onRunning: { port in
                await onRunning(port)
                systemd.listening(port: port)
            })
        let socketPath = configuration.controlSocketPath
        let control = ControlServer.buildApplication(
            control: sync,
            setPassword: { [database] password in try await DatabaseStaffPassword(database: database).set(password) },
            buttons: watchButtons, usage: usage, socketPath: socketPath, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                // Shut down in reverse: the usage service before the control socket, so a staff upload
                // waiting there is abandoned rather than holding the stop.
                services: [sync] + (mpv.map { [$0.player, $0.recorder] } ?? [])
                    + [tv, buttons, monitor, control] + usageServices + [app]
                    + [
                        CheckpointService(
                            database: database, interval: CheckpointService.defaultInterval, logger: logger)
                    ]
                    // Last: told of the shutdown first, so STOPPING=1 goes out at once.
                    + [systemd],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
        unlink(socketPath)
        try database.close()
    }
}
