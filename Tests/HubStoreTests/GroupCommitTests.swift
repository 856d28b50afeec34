import Synchronization
import Testing

@testable import HubStore

@Suite("Group commit: concurrent writes share a transaction, each keeps its own result")
struct GroupCommitTests {
    /// What `write` was called with, group by group.
    final class Recorder: Sendable {
        let groups = Mutex<[[Int]]>([])
        var all: [[Int]] { groups.withLock { $0 } }
    }

    struct Refused: Error, Equatable {
        var request: Int
    }

    /// A group commit whose first write waits until `expected` requests were submitted in all,
    /// so the others queue behind it; results are the request times ten, or `Refused` for `refuse`.
    static func make(maximumGroup: Int, expected: Int, refuse: Int? = nil, recorder: Recorder)
        -> GroupCommit<Int, Int>
    {
        let commit = Box()
        let group = GroupCommit<Int, Int>(maximumGroup: maximumGroup) { requests in
            let first = recorder.groups.withLock { groups in
                groups.append(requests)
                return groups.count == 1
            }
            if first, let waiting = commit.value.withLock({ $0 }) {
                let deadline = ContinuousClock.now + .seconds(10)
                while waiting.waitingCount + requests.count < expected, ContinuousClock.now < deadline {
                    try? await Task.sleep(for: .milliseconds(1))
                }
            }
            return requests.map { $0 == refuse ? .failure(Refused(request: $0)) : .success($0 * 10) }
        }
        commit.value.withLock { $0 = group }
        return group
    }

    /// Lets the write closure see the group commit it belongs to (set before any request).
    final class Box: Sendable {
        let value = Mutex<GroupCommit<Int, Int>?>(nil)
    }

    static func submitAll(_ commit: GroupCommit<Int, Int>, _ requests: ClosedRange<Int>) async -> [Int: Result<
        Int, Refused
    >] {
        await withTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for request in requests {
                group.addTask {
                    do {
                        return (request, .success(try await commit.submit(request)))
                    } catch {
                        return (request, .failure(error as? Refused ?? Refused(request: -1)))
                    }
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
    }

    @Test func requestsArrivingDuringAWriteShareTheNextOne() async {
        let recorder = Recorder()
        let commit = Self.make(maximumGroup: 64, expected: 20, recorder: recorder)
        let results = await Self.submitAll(commit, 1...20)
        #expect(results.count == 20 && results.allSatisfy { $0.value == .success($0.key * 10) })
        #expect(recorder.all.count <= 2, "\(recorder.all)")
        #expect(recorder.all.flatMap { $0 }.sorted() == Array(1...20))
        #expect(commit.waitingCount == 0)
    }

    @Test func groupsNeverExceedTheMaximum() async {
        let recorder = Recorder()
        let commit = Self.make(maximumGroup: 3, expected: 10, recorder: recorder)
        let results = await Self.submitAll(commit, 1...10)
        #expect(results.count == 10)
        #expect(recorder.all.allSatisfy { $0.count <= 3 } && recorder.all.count >= 4, "\(recorder.all)")
        #expect(recorder.all.flatMap { $0 }.sorted() == Array(1...10))
    }

    @Test func aFailingRequestFailsAloneInItsGroup() async {
        let recorder = Recorder()
        let commit = Self.make(maximumGroup: 64, expected: 8, refuse: 5, recorder: recorder)
        let results = await Self.submitAll(commit, 1...8)
        #expect(results[5] == .failure(Refused(request: 5)))
        #expect(results.filter { $0.key != 5 }.allSatisfy { $0.value == .success($0.key * 10) })
    }

    @Test func aLoneRequestIsWrittenAtOnce() async throws {
        let recorder = Recorder()
        let commit = Self.make(maximumGroup: 64, expected: 1, recorder: recorder)
        #expect(try await commit.submit(7) == 70)
        #expect(try await commit.submit(8) == 80)
        #expect(recorder.all == [[7], [8]])
    }
}
