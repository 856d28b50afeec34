import Hummingbird
import KioskCore

/// `POST /api/v1/staff/upload`: the staff page's "upload now" (docs/api.md "Staff"). The status
/// itself reaches the page inside the sync status (`usage`). Behind ``StaffSessionMiddleware``.
struct StaffUsageController {
    let usage: (any UsageControl)?

    func register(on group: RouterGroup<KioskRequestContext>) {
        group.post("upload") { _, _ in
            guard let usage else {
                throw HTTPError(
                    .serviceUnavailable, message: "usage upload is off: set [upload] hub_url, token and [site] id")
            }
            return try StaffJSON.response(await usage.uploadNow())
        }
    }
}
