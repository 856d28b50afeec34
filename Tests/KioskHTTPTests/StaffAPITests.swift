import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskTesting
import NIOCore
import Testing

@Suite("Staff API over HTTP")
struct StaffAPITests {
    /// Every staff route but login, with a body where it takes one.
    static let routes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/api/v1/staff/session", nil), (.post, "/api/v1/staff/logout", nil),
        (.get, "/api/v1/staff/status", nil), (.get, "/api/v1/staff/events", nil),
        (.post, "/api/v1/staff/sync", nil), (.post, "/api/v1/staff/sync/pause", nil),
        (.post, "/api/v1/staff/sync/resume", nil), (.get, "/api/v1/staff/curation", nil),
        (.put, "/api/v1/staff/curation", #"{"categories": ["养生保健"]}"#),
    ]

    @Test func noActionWithoutASession() async throws {
        let kiosk = try await LiveKiosk()
        let sync = FakeSyncControl()
        try await kiosk.staffTest(sync: sync) { client in
            let strangers: [HTTPFields] = [
                [:], [.cookie: "yinling_staff=\(String(repeating: "ab", count: 32))"], [.cookie: "yinling_staff="],
            ]
            for headers in strangers {
                for (method, uri, body) in Self.routes {
                    try await client.execute(
                        uri: uri, method: method, headers: headers, body: body.map(ByteBuffer.init)
                    ) { response in
                        #expect(response.status == .unauthorized, "\(method) \(uri) \(headers)")
                        #expect(response.errorMessage.contains("not logged in"))
                        #expect(response.headers[.cacheControl] == "no-store")
                    }
                }
            }
            // A session's CSRF token is no key without its cookie.
            let session = try await client.staffSession()
            try await client.execute(
                uri: "/api/v1/staff/sync", method: .post, headers: [StaffLogin.csrf: session.csrfToken]
            ) { #expect($0.status == .unauthorized) }
        }
        #expect(await sync.changeRequests == 0)
    }

    @Test func changesNeedTheSessionsCSRFToken() async throws {
        let kiosk = try await LiveKiosk()
        let sync = FakeSyncControl()
        try await kiosk.staffTest(sync: sync) { client in
            let session = try await client.staffSession()
            let other = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/status", method: .get, headers: session.headers) {
                #expect($0.status == .ok, "reading needs no CSRF token")
            }
            for (method, uri, body) in Self.routes where method != .get {
                for token in [nil, "", String(repeating: "0", count: 64), other.csrfToken] {
                    var headers = session.headers
                    headers[StaffLogin.csrf] = token
                    try await client.execute(
                        uri: uri, method: method, headers: headers, body: body.map(ByteBuffer.init)
                    ) { response in
                        #expect(response.status == .forbidden, "\(method) \(uri) with \(token ?? "no token")")
                        #expect(response.errorMessage.contains("X-CSRF-Token"))
                    }
                }
            }
            #expect(await sync.changeRequests == 0)
            try await client.execute(uri: "/api/v1/staff/sync", method: .post, headers: session.changeHeaders) {
                response in
                #expect(response.status == .accepted)
                #expect(response.json["started"] as? Bool == true)
            }
            #expect(await sync.startedTriggers == ["staff"])
            try await client.execute(uri: "/api/v1/staff/sync", method: .post, headers: session.changeHeaders) {
                #expect($0.status == .ok && $0.json["started"] as? Bool == false, "one is running already")
            }
            try await client.execute(uri: "/api/v1/staff/sync/pause", method: .post, headers: session.changeHeaders)
            try await client.execute(uri: "/api/v1/staff/sync/resume", method: .post, headers: session.changeHeaders)
        }
        let (pauses, resumes) = await (sync.pauses, sync.resumes)
        #expect(pauses == 1 && resumes == 1)
    }

    @Test func wrongPasswordSlowsDown() async throws {
        let kiosk = try await LiveKiosk()
        let clock = ManualClock()
        try await kiosk.staffTest(sync: FakeSyncControl(), clock: clock) { client in
            var waits: [String] = []
            for seconds in [1, 2, 4] {
                let wrong = try await client.staffLogin("not the password")
                #expect(wrong.status == .unauthorized && wrong.headers[.setCookie] == nil)
                #expect(wrong.headers[.retryAfter] == String(seconds))
                for password in ["another guess", LiveKiosk.staffPassword] {
                    let early = try await client.staffLogin(password)
                    #expect(early.status == .tooManyRequests, "even the right password waits")
                    #expect(early.headers[.setCookie] == nil)
                    waits.append(early.headers[.retryAfter] ?? "")
                }
                clock.advance(seconds: Double(seconds) - 0.5)
                #expect(try await client.staffLogin(LiveKiosk.staffPassword).headers[.retryAfter] == "1")
                clock.advance(seconds: 0.5)
            }
            #expect(waits == ["1", "1", "2", "2", "4", "4"])
            let right = try await client.staffLogin(LiveKiosk.staffPassword)
            #expect(right.status == .ok && right.headers[.setCookie]?.hasPrefix("yinling_staff=") == true)
        }
    }

    @Test func cookieIsHttpOnlyStrictAndTheSessionSurvivesAReloadUntilLogout() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.staffTest(sync: FakeSyncControl()) { client in
            let login = try await client.staffLogin(LiveKiosk.staffPassword)
            let cookie = try #require(login.headers[.setCookie])
            #expect(
                cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("; Path=/"))
            #expect(login.headers[.cacheControl] == "no-store")
            let token = try #require(cookie.split(separator: ";").first.map { $0.dropFirst("yinling_staff=".count) })
            #expect(token.count == 64)
            let session = StaffLogin(
                cookie: "yinling_staff=\(token)", csrfToken: try #require(login.json["csrfToken"] as? String))
            try await client.execute(uri: "/api/v1/staff/session", method: .get, headers: session.headers) {
                #expect($0.status == .ok && $0.json["csrfToken"] as? String == session.csrfToken)
            }
            try await client.execute(uri: "/api/v1/staff/logout", method: .post, headers: session.changeHeaders) {
                response in
                #expect(response.status == .noContent)
                #expect(response.headers[.setCookie]?.contains("Max-Age=0") == true)
            }
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v1/staff/session"), (.get, "/api/v1/staff/status")] {
                try await client.execute(uri: uri, method: method, headers: session.headers) {
                    #expect($0.status == .unauthorized, "\(uri) after logout")
                }
            }
        }
    }

    @Test func withoutAPasswordLoginSaysToRunPasswd() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.staffTest(sync: FakeSyncControl(), setPassword: false) { client in
            let response = try await client.staffLogin("any password at all")
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorMessage.contains("yinling passwd"))
        }
    }
}
