import ArgumentParser
import Foundation
import KioskCore
import Synchronization

extension SyncCommand {
    /// The service runs: ask it to sync (or join the sync it is running) and show its progress until
    /// that sync ends. The service alone writes the cache and the database.
    func runThroughService(_ client: ControlClient) async throws {
        guard pool == nil else {
            throw AppError(
                "--pool cannot be used while yinling serve runs; stop the service (sudo systemctl stop yinling) or set [pool] url"
            )
        }
        let decoder = JSONDecoder()
        let before = try decoder.decode(SyncStatus.self, from: try await client.request("GET", "/v1/status").body)
        let started = try await client.request("POST", "/v1/sync")
        guard started.status == 200 else { throw AppError("the service refused to start a sync (\(started.status))") }
        let output = SyncOutput.choose(json: json)
        if case .json = output {
        } else {
            say(
                before.state == .idle
                    ? "yinling serve is running: it does the sync, and this shows its progress."
                    : "yinling serve is already syncing (started by \(before.trigger ?? "staff")); following it.")
        }
        let final = StatusBox()
        try await client.follow("/v1/events") { line in
            guard let status = try? decoder.decode(SyncStatus.self, from: line) else { return true }
            let previous = final.swap(status)
            output.show(status, previous: previous)
            return !(status.state == .idle && status.last != before.last)
        }
        guard let last = final.value?.last, last != before.last else {
            throw AppError("the service stopped before the sync finished; see `yinling status`")
        }
        if case .json = output {} else { say(SummaryText.text(last)) }
        if last.outcome == "refused" { throw ExitCode(2) }
        if last.outcome != "finished" || !last.failed.isEmpty { throw ExitCode(1) }
    }
}

/// The last status seen while following the service.
final class StatusBox: Sendable {
    private let state = Mutex<SyncStatus?>(nil)

    var value: SyncStatus? { state.withLock { $0 } }

    /// Stores `status`, returns the one before.
    func swap(_ status: SyncStatus) -> SyncStatus? {
        state.withLock { value in
            defer { value = status }
            return value
        }
    }
}

extension SyncOutput {
    /// Shows a status from the service: JSON as is, a line when something changed, or the bars.
    func show(_ status: SyncStatus, previous: SyncStatus?) {
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(status) { say(String(decoding: data, as: UTF8.self)) }
        case .lines:
            if previous?.state != status.state || previous?.filesDone != status.filesDone {
                say("status     " + StatusText.progress(status))
            }
        case .terminal(let progress):
            progress.show(nil, status: status)
        }
    }
}
