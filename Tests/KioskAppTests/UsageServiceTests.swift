import Foundation
import KioskCore
import KioskTesting
import Synchronization
import Testing

@testable import KioskApp

@Suite("Usage service in yinling serve")
struct UsageServiceTests {
    /// Records the waits asked for; returns at once `limit` times, then waits until cancelled.
    final class Sleeps: Sendable {
        private let asked = Mutex<[Duration]>([])
        let limit: Int

        init(limit: Int) { self.limit = limit }

        var all: [Duration] { asked.withLock { $0 } }

        func sleep(_ duration: Duration) async {
            let count = asked.withLock { asked in
                asked.append(duration)
                return asked.count
            }
            if count >= limit { try? await Task.sleep(for: .seconds(3600)) }
        }

        /// Waits (bounded) until `count` sleeps were asked for.
        func wait(for count: Int) async {
            for _ in 0..<2000 where all.count < count { try? await Task.sleep(for: .milliseconds(5)) }
        }
    }

    @Test func theServiceWaitsAsTheHubSaysThenUntilTheNextBatch() async throws {
        let hub = try await FakeHub()
        let fixture = try UploadFixture(hub: hub)
        try await fixture.seed("R1", count: 2)
        hub.answer([.init(status: 500), .init(status: 503, retryAfter: "3"), .drop()])
        let sleeps = Sleeps(limit: 4)
        let tracker = SyncTracker()
        let service = UsageService(
            round: try fixture.round(), interval: .seconds(3600), hubURL: hub.baseURL, tracker: tracker,
            logger: UploadFixture.logger, sleep: { await sleeps.sleep($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            await sleeps.wait(for: 4)
            let asked = sleeps.all
            // 500: backoff 1–2 s (the jitter is fixed at the top); 503: its Retry-After; no answer:
            // backoff 1–8 s; acknowledged: the rest of the hour until the next batch.
            #expect(asked.prefix(3) == [.seconds(2), .seconds(3), .seconds(8)])
            #expect(asked.count == 4 && asked[3] > .seconds(3500) && asked[3] <= .seconds(3600))
            #expect(hub.postedBatchNumbers == [1, 1, 1, 1], "one batch, made once, sent until acknowledged")
            let published = try #require(tracker.status.usage)
            #expect(published.lastAcknowledgedBatch == 1 && published.pendingBatches == 0 && published.enabled)
            #expect(published.nextAttemptAt != nil)

            // Staff ask for an upload: new plays are batched and sent at once.
            try await fixture.seed("R2")
            let status = await service.uploadNow()
            #expect(status.lastAcknowledgedBatch == 2 && status.pendingBatches == 0)
            group.cancelAll()
        }
        try await hub.shutdown()
    }
}
