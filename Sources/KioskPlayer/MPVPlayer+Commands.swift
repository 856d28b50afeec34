import Foundation
import KioskCore
import Logging
import NIOCore
import Synchronization

extension MPVPlayer {
    public func load(_ item: PlayerItem, at position: Double) async throws {
        try await send(["set_property", "pause", .bool(false)])
        try await loadFile(item, at: position, announce: true)
    }

    public func setPaused(_ paused: Bool) async throws {
        try await send(["set_property", "pause", .bool(paused)])
        await showStatus(adopt { $0.paused = paused })
    }

    public func togglePause() async throws {
        try await setPaused(!state.withLock { $0.paused })
    }

    public func seek(by seconds: Double) async throws {
        try await send(["seek", .number(seconds), "relative"])
        var status = state.withLock { $0.statusBar }
        status.position = max(0, min(status.position + seconds, status.duration ?? .infinity))
        await showStatus(status)
    }

    public func adjustVolume(by delta: Double) async throws {
        try await setVolume(state.withLock { $0.volume } + delta)
    }

    public func setVolume(_ volume: Double) async throws {
        let volume = max(0, min(100, volume))
        try await send(["set_property", "volume", .number(volume)])
        await showStatus(adopt { $0.volume = volume })
    }

    /// Stops playback. While mpv is away (restarting) the interrupted item is forgotten instead, so
    /// the restarted mpv does not resume a video the learner has left.
    public func stop() async throws {
        let forgotten = state.withLock { state -> PlayerItem? in
            guard state.channel == nil, let item = state.item else { return nil }
            state.item = nil
            return item
        }
        if let forgotten {
            emit([.ended(forgotten, .stopped, position: state.withLock { $0.position })])
            return
        }
        try await send(["stop"])
        // A stop that came before the new entry began ends no entry: mpv sends no `end-file` for it.
        let unstarted = state.withLock { state -> (PlayerItem, Double)? in
            guard let item = state.item, state.entryID != nil, state.startedEntryID != state.entryID else { return nil }
            state.item = nil
            state.entryID = nil
            return (item, state.position)
        }
        if let (item, position) = unstarted { emit([.ended(item, .stopped, position: position)]) }
    }

    /// Takes a value mpv accepted into the state at once and reports it if it changed: mpv reports
    /// an observed property only when it differs at its next check, so a quick pause and resume
    /// may never be reported, and the next button press must see the new value.
    private func adopt(_ change: (inout State) -> Void) -> StatusBar {
        let (status, events) = state.withLock { state in
            let before = state.statusBar
            change(&state)
            var events: [PlayerEvent] = []
            if state.paused != before.paused { events.append(.paused(state.paused)) }
            if state.volume != before.volume { events.append(.volume(state.volume)) }
            return (state.statusBar, events)
        }
        emit(events)
        return status
    }

    /// `loadfile` with the start position as a per-file option; the reply's playlist entry becomes
    /// the current one.
    func loadFile(_ item: PlayerItem, at position: Double, announce: Bool) async throws {
        let options: [String: MPVValue] = ["start": .string(String(format: "%.3f", max(0, position)))]
        let command: MPVValue = .object([
            "name": "loadfile", "url": .string(item.location), "flags": "replace", "options": .object(options),
        ])
        try await send(command) { state, requestID in
            state.pendingLoad = PendingLoad(requestID: requestID, item: item, position: position, announce: announce)
        }
    }

    /// The status bar in large text for a few seconds; failures only logged (the command worked).
    func showStatus(_ status: StatusBar) async {
        do {
            try await send(["show-text", .string(status.text), .number(Double(statusMilliseconds))])
        } catch {
            logger.debug("mpv status bar not shown", metadata: ["error": "\(error)"])
        }
    }

    /// Sends one command and waits for mpv's reply; throws when mpv refuses it or goes away.
    @discardableResult
    func send(
        _ command: MPVValue, registering register: @Sendable (inout State, Int) -> Void = { _, _ in }
    ) async throws -> MPVMessage {
        let reply = try await withCheckedThrowingContinuation {
            (continuation: CheckedContinuation<MPVMessage, any Error>) in
            state.withLock { state in
                guard let channel = state.channel else {
                    continuation.resume(
                        throwing: PlayerError(.notConnected, "mpv is not connected at \(socketPath); is it running?"))
                    return
                }
                let requestID = state.nextRequestID
                state.nextRequestID += 1
                let line: Data
                do {
                    line = try JSONEncoder().encode(MPVRequest(command: command, requestID: requestID)) + [0x0A]
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                state.pending[requestID] = continuation
                register(&state, requestID)
                channel.writeAndFlush(ByteBuffer(bytes: line), promise: nil)
                // A wedged mpv must not hang the TV's buttons: no answer in time is an error.
                let name = command.summary
                let limit = replyTimeout
                channel.eventLoop.scheduleTask(in: .nanoseconds(Self.nanoseconds(limit))) {
                    [weak self] in
                    guard let waiting = self?.state.withLock({ $0.pending.removeValue(forKey: requestID) }) else {
                        return
                    }
                    waiting.resume(throwing: PlayerError(.timedOut, "mpv did not answer \(name) within \(limit)"))
                }
            }
        }
        guard reply.error == "success" else {
            throw PlayerError(.commandFailed, "mpv refused \(command.summary): \(reply.error ?? "no reason given")")
        }
        return reply
    }
}

extension MPVValue: ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(arrayLiteral elements: MPVValue...) { self = .array(elements) }

    /// The command's name, for messages.
    var summary: String {
        switch self {
        case .array(let values): if case .string(let name) = values.first { return name }
        case .object(let fields): if case .string(let name) = fields["name"] { return name }
        default: break
        }
        return "a command"
    }
}

extension MPVPlayer {
    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
