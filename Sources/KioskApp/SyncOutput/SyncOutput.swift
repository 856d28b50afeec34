import Foundation
import KioskCore

/// How `yinling sync` shows a sync: bars on a terminal, one line per event otherwise, JSON for scripts.
enum SyncOutput {
    case terminal(TerminalProgress)
    case lines
    case json

    /// Picks terminal bars when standard output is a terminal, unless `json`.
    static func choose(json: Bool) -> SyncOutput {
        if json { return .json }
        return isatty(STDOUT_FILENO) == 1 ? .terminal(TerminalProgress()) : .lines
    }

    /// Shows one event.
    func show(_ event: SyncEvent, tracker: SyncTracker) {
        switch self {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(event) { say(String(decoding: data, as: UTF8.self)) }
        case .lines:
            if let line = SyncLines.line(for: event) { say(line) }
        case .terminal(let progress):
            progress.show(event, status: tracker.status)
        }
    }
}
