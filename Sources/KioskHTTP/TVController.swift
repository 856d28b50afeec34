import Hummingbird
import KioskCore

/// The `/tv` page's side of the server-side navigation (docs/api.md "TV"): the state as
/// server-sent events, the page's keyboard as button presses, and its `<video>`'s reports.
struct TVController {
    let tv: (any TVControl)?
    let heartbeat: Duration

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

    private func requireTV() throws -> any TVControl {
        guard let tv else { throw HTTPError(.serviceUnavailable, message: "the TV navigation is not running") }
        return tv
    }
}
