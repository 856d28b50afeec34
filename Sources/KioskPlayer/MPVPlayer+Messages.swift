import Foundation
import KioskCore
import Logging
import Synchronization

extension MPVPlayer {
    /// Handles one line from mpv: a reply to a command or an event.
    func handle(line: ArraySlice<UInt8>) {
        guard let message = try? JSONDecoder().decode(MPVMessage.self, from: Data(line)) else {
            logger.debug("unreadable line from mpv", metadata: ["line": "\(String(decoding: line, as: UTF8.self))"])
            return
        }
        if let requestID = message.requestID, message.event == nil {
            reply(requestID, message)
        } else if let event = message.event {
            emit(state.withLock { Self.apply(event: event, message, to: &$0) })
        }
    }

    private func reply(_ requestID: Int, _ message: MPVMessage) {
        let (continuation, events) = state.withLock { state in
            var events: [PlayerEvent] = []
            if let load = state.pendingLoad, load.requestID == requestID {
                state.pendingLoad = nil
                if message.error == "success" {
                    if load.announce, let previous = state.item {
                        events.append(.ended(previous, .stopped, position: state.position))
                    }
                    state.item = load.item
                    state.entryID = message.data?["playlist_entry_id"]?.number.map { Int($0) }
                    state.position = load.position
                    state.reportedPosition = nil
                    state.duration = nil
                    if load.announce { events.append(.started(load.item, position: load.position)) }
                }
            }
            return (state.pending.removeValue(forKey: requestID), events)
        }
        emit(events)
        continuation?.resume(returning: message)
    }

    /// Updates the state from an event and says what to report.
    static func apply(event: String, _ message: MPVMessage, to state: inout State) -> [PlayerEvent] {
        switch (event, message.name) {
        case ("property-change", "time-pos"):
            guard var position = message.data?.number, state.item != nil, state.startedEntryID == state.entryID else {
                return []
            }
            // Right after a seek mpv reports the target before clamping it (-25 for 5 s - 30 s).
            position = max(0, min(position, state.duration ?? .infinity))
            state.position = position
            if let reported = state.reportedPosition, abs(position - reported) < 1 { return [] }
            state.reportedPosition = position
            return [.position(seconds: position, duration: state.duration)]
        case ("property-change", "duration"):
            if let duration = message.data?.number { state.duration = duration }
            return []
        case ("property-change", "pause"):
            guard let paused = message.data?.bool, paused != state.paused else { return [] }
            state.paused = paused
            return [.paused(paused)]
        case ("property-change", "volume"):
            guard let volume = message.data?.number, volume != state.volume else { return [] }
            state.volume = volume
            return [.volume(volume)]
        case ("start-file", _):
            state.startedEntryID = message.playlistEntryID
            return []
        case ("end-file", _):
            return endFile(message, &state)
        default:
            return []
        }
    }

    /// The current entry ended: at its end, stopped, or failed. `quit` (mpv shutting down) is not
    /// an end: the item is resumed when mpv is back.
    private static func endFile(_ message: MPVMessage, _ state: inout State) -> [PlayerEvent] {
        guard let item = state.item, let entryID = state.entryID, message.playlistEntryID == entryID else { return [] }
        let reason: PlayerEvent.EndReason
        switch message.reason {
        case "eof": reason = .endOfFile
        case "stop": reason = .stopped
        case "error": reason = .failed
        default: return []
        }
        let position = reason == .endOfFile ? (state.duration ?? state.position) : state.position
        state.item = nil
        state.entryID = nil
        state.reportedPosition = nil
        return [.ended(item, reason, position: position)]
    }
}
