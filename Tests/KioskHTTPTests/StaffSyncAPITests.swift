import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KioskCore
import KioskTesting
import NIOCore
import Testing

@Suite("Staff API: sync, curation and live status")
struct StaffSyncAPITests {
    @Test(arguments: [
        (#"{"categories": ["养生保健", "不存在"]}"#, "categories"),
        (#"{"budget": "lots"}"#, "budget"),
        (#"{"budget": "120%"}"#, "budget"),
        (#"{"budget": "0"}"#, "budget"),
        (#"{"reserveBytes": -1}"#, "reserveBytes"),
        (#"{"reserveBytes": "1 GiB"}"#, "reserveBytes"),
        (#"{"pinnedSeries": ["太极拳入门", "  "]}"#, "pinnedSeries"),
        (#"{"excludedResources": "KJ-WX-01"}"#, "excludedResources"),
    ])
    func curationThatBreaksARuleIsRefusedNamingTheField(body: String, field: String) async throws {
        let kiosk = try await LiveKiosk()
        let sync = FakeSyncControl()
        try await kiosk.staffTest(sync: sync) { client in
            let session = try await client.staffSession()
            try await client.execute(
                uri: "/api/v1/staff/curation", method: .put, headers: session.changeHeaders,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect(response.errorMessage.hasPrefix(field + ":"), "\(response.errorMessage)")
            }
        }
        #expect(await sync.savedOverrides.isEmpty)
    }

    @Test func curationOverridesAreSavedAndShownWithTheirSource() async throws {
        let kiosk = try await LiveKiosk()
        var file = Curation()
        file.excludedSeries = ["手机微信课"]
        let sync = FakeSyncControl(file: file)
        try await kiosk.staffTest(sync: sync) { client in
            let session = try await client.staffSession()
            try await client.execute(
                uri: "/api/v1/staff/curation", method: .put, headers: session.changeHeaders,
                body: ByteBuffer(string: "not json")
            ) { #expect($0.status == .badRequest) }
            let body = #"{"categories": ["养生保健", "科技应用"], "budget": "20 GiB", "reserveBytes": 2147483648}"#
            try await client.execute(
                uri: "/api/v1/staff/curation", method: .put, headers: session.changeHeaders,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .ok)
                let effective = try JSONDecoder().decode(
                    EffectiveCuration.self, from: Data(response.body.readableBytesView))
                #expect(effective.curation.categories == ["养生保健", "科技应用"])
                #expect(effective.curation.excludedSeries == ["手机微信课"])
                #expect(effective.sources["categories"] == .staffPage && effective.sources["budget"] == .staffPage)
                #expect(effective.sources["excluded_series"] == .configurationFile)
            }
            try await client.execute(uri: "/api/v1/staff/curation", method: .get, headers: session.headers) {
                response in
                #expect(response.status == .ok)
                #expect(response.body.text.contains(#""reserveBytes":2147483648"#))
            }
        }
        let saved = await sync.savedOverrides
        #expect(saved.count == 1 && saved.first?.budget == .bytes(20 << 30) && saved.first?.pinnedSeries == nil)
    }

    @Test func eventsStreamTheStatusesTheSyncPublishes() async throws {
        let kiosk = try await LiveKiosk()
        let sync = FakeSyncControl()
        try await kiosk.staffTest(sync: sync) { client in
            let session = try await client.staffSession()
            let stream = try await withThrowingTaskGroup(of: TestResponse?.self) { group in
                group.addTask {
                    try await client.execute(uri: "/api/v1/staff/events", method: .get, headers: session.headers)
                }
                group.addTask {
                    let deadline = ContinuousClock.now + .seconds(15)
                    while await sync.subscriberCount == 0, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    var status = SyncStatus()
                    status.state = .downloading
                    status.bytesDone = 1234
                    status.current = [
                        FileProgress(resourceID: "KJ-WX-01", title: "微信视频通话", field: "media", bytesDone: 10, bytes: 99)
                    ]
                    await sync.publish(status)
                    await sync.finishUpdates()
                    return nil
                }
                var response: TestResponse?
                for try await result in group { response = response ?? result }
                return try #require(response)
            }
            #expect(stream.status == .ok)
            #expect(stream.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(stream.headers[.cacheControl] == "no-store")
            let events = stream.body.text.components(separatedBy: "\n\n").filter { $0.hasPrefix("data: ") }
            let statuses = try events.map {
                try JSONDecoder().decode(SyncStatus.self, from: Data($0.dropFirst("data: ".count).utf8))
            }
            #expect(statuses.first?.state == .idle, "the stream starts with the current status")
            #expect(statuses.last?.state == .downloading && statuses.last?.current.first?.title == "微信视频通话")
            #expect(statuses.last?.bytesDone == 1234)
        }
    }

    @Test func withoutSyncTheSyncRoutesAnswer503AfterTheSessionCheck() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.staffTest(sync: nil) { client in
            try await client.execute(uri: "/api/v1/staff/status", method: .get) { #expect($0.status == .unauthorized) }
            let session = try await client.staffSession()
            try await client.execute(uri: "/api/v1/staff/status", method: .get, headers: session.headers) { response in
                #expect(response.status == .serviceUnavailable && response.errorMessage == "sync is not configured")
            }
            try await client.execute(uri: "/api/v1/staff/sync", method: .post, headers: session.changeHeaders) {
                #expect($0.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/api/v1/staff/session", method: .get, headers: session.headers) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func staffPageIsNeverCachedAndKeepsTheContentSecurityPolicy() async throws {
        let kiosk = try await LiveKiosk()
        try await kiosk.staffTest(sync: FakeSyncControl(), setPassword: false) { client in
            try await client.execute(uri: "/staff", method: .get) { response in
                #expect(response.status.code / 100 == 3 && response.headers[.location] == "/staff/")
            }
            try await client.execute(uri: "/staff/", method: .get) { response in
                #expect(response.status == .ok && response.body.text.contains("staff.js"))
                #expect(response.headers[.cacheControl] == "no-store")
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            }
            for asset in ["/staff/staff.js", "/staff/staff.css"] {
                try await client.execute(uri: asset, method: .get) { response in
                    #expect(response.status == .ok && response.headers[.cacheControl] == "no-store", "\(asset)")
                }
            }
            try await client.execute(uri: "/tv/", method: .get) { #expect($0.headers[.cacheControl] == "no-cache") }
        }
    }
}
