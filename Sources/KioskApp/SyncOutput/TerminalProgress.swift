import Foundation
import KioskCore
import PoolFormat
import Synchronization

/// Progress bars on a terminal: one per file in flight and one overall, redrawn in place at most
/// ten times a second; other events print as lines above them.
final class TerminalProgress: Sendable {
    private struct State {
        var drawnLines = 0
        var lastDraw = 0.0
    }

    private let state = Mutex(State())

    /// Prints the event's line above the bars (nil: a progress step, or a status from the service,
    /// which only redraws the bars, at most ten times a second).
    func show(_ event: SyncEvent?, status: SyncStatus) {
        let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        let line = event.flatMap(SyncLines.line(for:))
        state.withLock { state in
            var output = String(repeating: "\u{1B}[1A\u{1B}[2K", count: state.drawnLines)
            if let line {
                output += line + "\n"
            } else if now - state.lastDraw < 0.1 {
                return
            }
            let bars = Self.bars(status)
            output += bars.map { $0 + "\n" }.joined()
            state.drawnLines = bars.count
            state.lastDraw = now
            try? FileHandle.standardOutput.write(contentsOf: Data(output.utf8))
        }
    }

    private static func bars(_ status: SyncStatus) -> [String] {
        guard status.state == .downloading || status.state == .paused else { return [] }
        var lines = status.current.map { file in
            bar(done: file.bytesDone, total: file.bytes)
                + "  \(file.resourceID) \(file.field)  \(file.title.prefix(24))"
        }
        let inFlight = status.current.reduce(0) { $0 + $1.bytesDone }
        let done = status.bytesDone + inFlight
        var overall =
            bar(done: done, total: status.bytesTotal)
            + "  \(status.filesDone)/\(status.filesTotal) files  \(ByteSize.format(done)) of \(ByteSize.format(status.bytesTotal))"
        if status.bytesPerSecond > 0 { overall += "  \(ByteSize.format(Int64(status.bytesPerSecond)))/s" }
        if let eta = status.etaSeconds { overall += "  ETA \(eta / 60)m\(String(format: "%02d", eta % 60))s" }
        if status.state == .paused { overall += "  (paused)" }
        lines.append(overall)
        return lines
    }

    private static func bar(done: Int64, total: Int64) -> String {
        let width = 24
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + String(format: "%3d%%", Int(fraction * 100))
    }
}
