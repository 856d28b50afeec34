/// Sends the outbox's batches to the hub: oldest first, one at a time, each until the hub
/// acknowledges it (USAGE-PROTOCOL.md, "The hub's ingest API").
///
/// A batch the hub does not acknowledge stops the round and stays first in line, whatever the
/// answer: nothing is ever dropped. The round says how long to wait before the next: the hub's
/// `Retry-After` for 429/503, else ``UploadBackoff`` after the failures in a row. Rounds never
/// overlap: a second caller waits until the first is done, so one request at most is in flight.
public actor UsageUploader<Outbox: UsageOutbox, Hub: UsageHub> {
    /// What a round did.
    public enum Round: Sendable, Hashable {
        /// Every pending batch was acknowledged (possibly none was pending).
        case done(acknowledged: [Int])
        /// A batch was kept; try again after `after`.
        case retry(after: Duration, failure: UploadFailure, acknowledged: [Int])

        public var acknowledged: [Int] {
            switch self {
            case .done(let numbers), .retry(_, _, let numbers): numbers
            }
        }
    }

    /// What happened to one batch, for the log.
    public enum Event: Sendable, Hashable {
        case acknowledged(batch: Int, duplicate: Bool)
        case kept(UploadFailure, retryIn: Duration)
    }

    let outbox: Outbox
    let hub: Hub
    let backoff: UploadBackoff
    let clock: any EventClock
    let calendar: SiteCalendar
    let random: @Sendable () -> Double
    let onEvent: @Sendable (Event) -> Void
    /// Attempts in a row that were not acknowledged; the backoff grows with it.
    public private(set) var failuresInRow = 0
    /// The hub's time, once a `Date` header came in this boot: timestamps use it over the wall clock.
    private var hubEvidence: ClockEvidence?
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// `random` gives numbers in 0...1 for the jitter; `onEvent` hears of every answer.
    public init(
        outbox: Outbox, hub: Hub, backoff: UploadBackoff, clock: any EventClock, calendar: SiteCalendar,
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        onEvent: @escaping @Sendable (Event) -> Void = { _ in }
    ) {
        self.outbox = outbox
        self.hub = hub
        self.backoff = backoff
        self.clock = clock
        self.calendar = calendar
        self.random = random
        self.onEvent = onEvent
    }

    /// Sends pending batches until none is left or one is kept.
    public func sendPending() async throws -> Round {
        await acquire()
        defer { release() }
        var acknowledged: [Int] = []
        while let batch = try await outbox.oldestPendingBatch() {
            let reply = await hub.send(batch.body)
            let received = clock.now()
            if let date = reply.date {
                let evidence = ClockEvidence.hub(date: date, receivedAt: received)
                if hubEvidence?.bootID != received.bootID { hubEvidence = evidence }
                try await outbox.recordEvidence(evidence)
            }
            var now = received.wallMilliseconds
            if let evidence = hubEvidence, evidence.bootID == received.bootID {
                now = evidence.trueMilliseconds(of: received)
            }
            let at = calendar.timestamp(atMilliseconds: now)
            switch reply.decision(now: now / 1000) {
            case .acknowledged(let duplicate):
                try await outbox.acknowledge(batch: batch.number, at: at)
                failuresInRow = 0
                acknowledged.append(batch.number)
                onEvent(.acknowledged(batch: batch.number, duplicate: duplicate))
            case .keep(let kind, let retryAfter):
                failuresInRow += 1
                let failure = UploadFailure(
                    batch: batch.number, kind: kind, status: reply.status,
                    message: reply.explanation(batch: batch.number, kind: kind, hub: hub.location), at: at)
                try await outbox.recordFailure(failure)
                let wait =
                    retryAfter.map(backoff.delay(retryAfter:))
                    ?? backoff.delay(afterFailures: failuresInRow, random: random())
                onEvent(.kept(failure, retryIn: wait))
                return .retry(after: wait, failure: failure, acknowledged: acknowledged)
            }
        }
        return .done(acknowledged: acknowledged)
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the turn to the next waiter (still busy), or frees it.
    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
