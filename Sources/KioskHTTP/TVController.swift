import Hummingbird
import KioskCore
import NIOCore

/// The `/tv` page's side of the server-side navigation (docs/api.md "TV"): the state as
/// server-sent events, the page's keyboard as button presses, and its `<video>`'s reports.
struct TVController {
    let tv: (any TVControl)?
    let heartbeat: Duration
    let alive = TVHeartbeat()

    struct Liveness: ResponseEncodable {
        var secondsSinceHeartbeat: Int
    }

    struct Press: Decodable {
        var action: ButtonAction
        var kind: ButtonPress.Kind?
    }

    struct PlayerReport: Decodable {
        enum Event: String, Decodable {
            case position, ended, failed
        }

        var event: Event
        var seconds: Double?
    }

    func register(on router: Router<KioskRequestContext>) {
        let group = router.group("/api/v1/tv")
        group.get("events") { _, _ in
            ServerSentEvents.response(try await requireTV().states(), heartbeat: heartbeat)
        }
        group.post("press") { request, _ in
            let press = try await StaffJSON.decode(Press.self, from: request, limit: 1024)
            try await requireTV().press(press.action, kind: press.kind ?? .press)
            return Response(status: .noContent)
        }
        group.post("heartbeat") { _, context in
            // The TV's browser runs on the board: a phone cannot keep a hung TV looking alive.
            guard context.remoteAddress.map(Self.isLoopback) ?? true else {
                throw HTTPError(.forbidden, message: "heartbeats come from the TV on this board only")
            }
            alive.beat()
            return Response(status: .noContent)
        }
        group.get("heartbeat") { _, _ in
            Liveness(secondsSinceHeartbeat: alive.secondsSince)
        }
        group.post("player") { request, _ in
            let report = try await StaffJSON.decode(PlayerReport.self, from: request, limit: 1024)
            let tv = try requireTV()
            switch report.event {
            case .position:
                guard let seconds = report.seconds, seconds.isFinite, seconds >= 0 else {
                    throw HTTPError(.unprocessableContent, message: "seconds: a position needs seconds ≥ 0")
                }
                await tv.player(.position(seconds))
            case .ended: await tv.player(.ended)
            case .failed: await tv.player(.failed)
            }
            return Response(status: .noContent)
        }
    }

    static func isLoopback(_ address: SocketAddress) -> Bool {
        guard let ip = address.ipAddress else { return true }
        return ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    private func requireTV() throws -> any TVControl {
        guard let tv else { throw HTTPError(.serviceUnavailable, message: "the TV navigation is not running") }
        return tv
    }
}
