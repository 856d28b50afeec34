import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskApp
import KioskCore
import KioskTesting
import NIOCore
import Testing

@Suite("Staff API: the button check")
struct StaffButtonsAPITests {
    /// Reports as the service sends them (decoded from their JSON: the type's init is the app's).
    static func reports() throws -> [ButtonReport] {
        try [
            #"{"kind":"ready","input":"input device /dev/input/event3","action":"","milliseconds":1000}"#,
            #"{"kind":"press","input":"/dev/input/event3:KEY_ENTER","action":"ok","milliseconds":1250}"#,
            #"{"kind":"noise","input":"gpiochip0:17","action":"previous","milliseconds":1300,"detail":"tooShort"}"#,
        ].map { try JSONDecoder().decode(ButtonReport.self, from: Data($0.utf8)) }
    }

    @Test func buttonEventsNeedASessionAndStreamTheServicesReports() async throws {
        let kiosk = try await LiveKiosk()
        let reports = try Self.reports()
        try await kiosk.staffTest(
            sync: nil,
            buttons: {
                AsyncStream { continuation in
                    for report in reports { continuation.yield(report) }
                    continuation.finish()
                }
            }
        ) { client in
            try await client.execute(uri: "/api/v1/staff/buttons/events", method: .get) {
                #expect($0.status == .unauthorized)
            }
            let session = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/buttons/events", method: .get, headers: session.headers) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
                #expect(response.headers[.cacheControl] == "no-store")
                let events = response.body.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
                let decoded = try events.map {
                    try JSONDecoder().decode(ButtonReport.self, from: Data($0.dropFirst("data: ".count).utf8))
                }
                #expect(decoded == reports)
            }
        }
    }

    @Test func withoutButtonsTheCheckAnswers503AfterTheSessionCheck() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.staffTest(sync: nil) { client in
            try await client.execute(uri: "/api/v1/staff/buttons/events", method: .get) {
                #expect($0.status == .unauthorized)
            }
            let session = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/buttons/events", method: .get, headers: session.headers) {
                #expect($0.status == .serviceUnavailable)
            }
        }
    }
}
