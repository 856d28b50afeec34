import Synchronization

/// Group commit: concurrent writes share one transaction, so one fsync acknowledges many.
///
/// With `synchronous=FULL` every commit waits for the disk and SQLite has one writer, so one
/// transaction per batch pays an fsync per batch (bench/README.md, "Hub ingest").
/// Here the first caller leads: it takes every request waiting (up to ``maximumGroup``) and writes
/// them in one transaction; callers arriving meanwhile wait, and the first of them leads the next
/// group once this one is durable. Nobody waits for a timer: a lone request is written at once.
/// Each request still succeeds or fails on its own (`write` gives one result per request: the
/// store runs each in a savepoint); every caller is answered only after its group committed.
final class GroupCommit<Request: Sendable, Outcome: Sendable>: Sendable {
    typealias Write = @Sendable ([Request]) async -> [Result<Outcome, any Error>]

    private enum Role {
        case lead
        case done(Result<Outcome, any Error>)
    }

    private struct Waiter {
        var request: Request
        var continuation: CheckedContinuation<Role, Never>
    }

    private struct State {
        var waiting: [Waiter] = []
        var leading = false
    }

    let maximumGroup: Int
    private let write: Write
    private let state = Mutex(State())

    /// `write` gets the group's requests and returns their results in the same order.
    init(maximumGroup: Int, write: @escaping Write) {
        precondition(maximumGroup >= 1)
        self.maximumGroup = maximumGroup
        self.write = write
    }

    /// How many requests wait for the group being written to commit (for tests).
    var waitingCount: Int { state.withLock { $0.waiting.count } }

    /// Writes `request` in the next group; returns once that group committed.
    func submit(_ request: Request) async throws -> Outcome {
        let role = await withCheckedContinuation { (continuation: CheckedContinuation<Role, Never>) in
            let leadsNow = state.withLock { state in
                if state.leading {
                    state.waiting.append(Waiter(request: request, continuation: continuation))
                    return false
                }
                state.leading = true
                return true
            }
            if leadsNow { continuation.resume(returning: .lead) }
        }
        switch role {
        case .done(let result): return try result.get()
        case .lead: return try await lead(with: request)
        }
    }

    private func lead(with request: Request) async throws -> Outcome {
        let followers = state.withLock { state in
            let taken = Array(state.waiting.prefix(maximumGroup - 1))
            state.waiting.removeFirst(taken.count)
            return taken
        }
        var results = await write([request] + followers.map(\.request))
        if results.count != followers.count + 1 {
            // A programmer error in `write`; nobody is left waiting for it.
            results = Array(repeating: .failure(GroupCommitError()), count: followers.count + 1)
        }
        for (follower, result) in zip(followers, results.dropFirst()) {
            follower.continuation.resume(returning: .done(result))
        }
        state.withLock { state in
            if state.waiting.isEmpty {
                state.leading = false
            } else {
                state.waiting.removeFirst().continuation.resume(returning: .lead)
            }
        }
        return try results[0].get()
    }
}

/// `write` returned another number of results than it got requests.
struct GroupCommitError: Error {}
