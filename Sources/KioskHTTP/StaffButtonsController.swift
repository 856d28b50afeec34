import Hummingbird

/// The staff page's button check (按钮测试): the service's decoded presses as server-sent events,
/// behind ``StaffSessionMiddleware`` like the rest of the staff API.
struct StaffButtonsController {
    let buttons: ButtonFeed?
    let heartbeat: Duration

    func register(on group: RouterGroup<KioskRequestContext>) {
        group.get("buttons/events") { _, _ in
            guard let buttons else {
                throw HTTPError(.serviceUnavailable, message: "the buttons are not running in this service")
            }
            return await buttons.events(heartbeat)
        }
    }
}
