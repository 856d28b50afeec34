import Hummingbird
import KioskCore

/// The staff API over the running sync (`SyncControl`): status, live events, start, pause,
/// resume, and the curation overrides. Every route sits behind ``StaffSessionMiddleware``.
struct StaffSyncController {
    /// Curation overrides are a few lists of ids; 64 KiB is far more than a site needs.
    static let maximumCurationBytes = 64 * 1024

    let sync: (any SyncControl)?
    let heartbeat: Duration
    /// The usage upload, whose status joins the sync status of `GET status` as it is now.
    var usage: (any UsageControl)? = nil

    struct StartResponse: Encodable {
        var started: Bool
        var status: SyncStatus
    }

    func register(on group: RouterGroup<KioskRequestContext>) {
        group.get("status") { _, _ in
            var status = try await requireSync().status()
            if let usage { status.usage = await usage.usageStatus() }
            return try StaffJSON.response(status)
        }
        group.get("events") { _, _ in
            ServerSentEvents.response(try await requireSync().updates(), heartbeat: heartbeat)
        }
        group.post("sync") { _, _ in
            let sync = try requireSync()
            let started = await sync.startSync(trigger: "staff")
            return try StaffJSON.response(
                StartResponse(started: started, status: await sync.status()), status: started ? .accepted : .ok)
        }
        group.post("sync/pause") { _, _ in
            let sync = try requireSync()
            await sync.pause()
            return try StaffJSON.response(await sync.status())
        }
        group.post("sync/resume") { _, _ in
            let sync = try requireSync()
            await sync.resume()
            return try StaffJSON.response(await sync.status())
        }
        group.get("curation") { _, _ in
            try StaffJSON.response(await requireSync().curation())
        }
        group.put("curation") { request, _ in
            let sync = try requireSync()
            let overrides = try await StaffJSON.decode(
                CurationOverrides.self, from: request, limit: Self.maximumCurationBytes)
            try StaffCurationRules.check(overrides)
            try await sync.setCurationOverrides(overrides)
            return try StaffJSON.response(await sync.curation())
        }
    }

    func requireSync() throws -> any SyncControl {
        guard let sync else { throw HTTPError(.serviceUnavailable, message: "sync is not configured") }
        return sync
    }
}
