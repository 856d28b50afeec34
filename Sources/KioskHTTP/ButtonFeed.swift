import Hummingbird

/// The button reports of the running service (the same stream `yinling buttons` follows on the
/// control socket), for the staff page's button check: `GET /api/v1/staff/buttons/events`.
///
/// The HTTP layer only encodes the reports (`KioskCore.ButtonReport`), so the feed is generic over
/// any encodable report and keeps the type inside the closure it makes here, as the control socket does.
public struct ButtonFeed: Sendable {
    let events: @Sendable (_ heartbeat: Duration) async -> Response

    /// `watch` gives a new stream of reports each time a staff page opens the panel.
    public init<Report: Encodable & Sendable>(_ watch: @escaping @Sendable () async -> AsyncStream<Report>) {
        events = { heartbeat in ServerSentEvents.response(await watch(), heartbeat: heartbeat) }
    }
}
