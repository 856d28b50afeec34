import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskApp
import KioskCore
import KioskHTTP
import KioskTesting
import Logging
import NIOCore
import Testing

@Suite("Play report limits and the staff upload")
struct PlayLimitAndUploadAPITests {
    static let start = ByteBuffer(string: #"{"resource": "YS-TJQ-02", "source": "phone"}"#)

    /// In-process requests carry no address: they share one bucket, like one phone. The clock
    /// stands still unless the test moves it, so the limit does not depend on how fast this runs.
    @Test func aPhoneThatFloodsPlayReportsIsAskedToWait() async throws {
        let clock = ManualClock()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let router = KioskServer.buildRouter(
            catalog: StaticCatalog(durations: ["YS-TJQ-02": 600]), playLog: MemoryPlayLog(), clock: clock,
            configuration: .init(
                host: "127.0.0.1", port: 0, webDirectory: Repository.webDirectory, cacheDirectory: "/"),
            logger: logger)
        try await Application(router: router).test(.router) { client in
            var token = ""
            for _ in 0..<20 {
                token = try await client.execute(uri: "/api/v1/plays", method: .post, body: Self.start) { response in
                    #expect(response.status == .created)
                    return response.json["token"] as? String ?? ""
                }
            }
            try await client.execute(uri: "/api/v1/plays", method: .post, body: Self.start) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] == "15")
                #expect(response.errorMessage.contains("too many play reports"))
            }
            clock.advance(seconds: 15)
            try await client.execute(uri: "/api/v1/plays", method: .post, body: Self.start) {
                #expect($0.status == .created, "one more after 15 s")
            }
            let progress = ByteBuffer(string: #"{"position": 1, "played": 0}"#)
            for _ in 0..<30 {
                try await client.execute(uri: "/api/v1/plays/\(token)", method: .post, body: progress) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/api/v1/plays/\(token)", method: .post, body: progress) { response in
                #expect(response.status == .tooManyRequests && response.headers[.retryAfter] == "1")
            }
        }
    }

    @Test func theBoardsOwnBrowserIsNotLimited() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.test { client in
            for _ in 0..<30 {
                try await client.execute(uri: "/api/v1/plays", method: .post, body: Self.start) {
                    #expect($0.status == .created)
                }
            }
        }
    }

    @Test func staffStartAnUploadAndSeeItsResult() async throws {
        let kiosk = try await LiveKiosk()
        let usage = FakeUsageControl()
        try await kiosk.staffTest(sync: FakeSyncControl(), usage: usage) { client in
            let session = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/upload", method: .post, headers: session.headers) {
                #expect($0.status == .forbidden, "a change needs the CSRF token")
            }
            try await client.execute(uri: "/api/v1/staff/upload", method: .post, headers: session.changeHeaders) {
                response in
                #expect(response.status == .ok)
                let status = try JSONDecoder().decode(UsageStatus.self, from: Data(response.body.readableBytesView))
                #expect(status.lastAcknowledgedBatch == 7 && status.pendingBatches == 0)
            }
        }
        #expect(await usage.uploads == 1)
        try await kiosk.staffTest(sync: FakeSyncControl(), usage: nil, setPassword: false) { client in
            let session = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/upload", method: .post, headers: session.changeHeaders) {
                response in
                #expect(response.status == .serviceUnavailable && response.errorMessage.contains("upload is off"))
            }
        }
    }
}

/// A ``UsageControl`` that counts "upload now" and answers with batch 7 acknowledged.
actor FakeUsageControl: UsageControl {
    private(set) var uploads = 0

    func usageStatus() async -> UsageStatus {
        var status = UsageStatus()
        status.enabled = true
        status.lastAcknowledgedBatch = uploads > 0 ? 7 : nil
        return status
    }

    func uploadNow() async -> UsageStatus {
        uploads += 1
        return await usageStatus()
    }
}
