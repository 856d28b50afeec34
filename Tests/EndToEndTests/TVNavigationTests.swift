import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import NIOCore
import Synchronization
import Testing

/// The server-side navigation through its real interfaces: `yinling serve`, the `/tv` event stream
/// read by curl, and presses posted as the page's keyboard sends them.
@Suite("End to end: the TV navigated through the server")
struct TVNavigationTests {
    /// The newest state the event stream delivered, and how many.
    final class Stream: Sendable {
        let curl: ChildProcess

        init(port: Int) throws {
            curl = try ChildProcess("/usr/bin/curl", ["-sN", "http://127.0.0.1:\(port)/api/v1/tv/events"])
        }

        var states: [[String: Any]] {
            curl.stdout.split(separator: "\n").filter { $0.hasPrefix("data: ") }.compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.dropFirst(6).utf8)) as? [String: Any]
            }
        }

        /// The newest state once there are more than `count` and the newest is not pending. A press
        /// that changes nothing (下一个 on a screen of one tile) sends no state: after a quiet second,
        /// the newest one is the answer.
        func next(after count: Int) async throws -> [String: Any] {
            let quiet = ContinuousClock.now + .seconds(1)
            let deadline = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < deadline {
                let all = states
                if all.count > count, let last = all.last, last["pending"] as? Bool != true { return last }
                if all.count == count, count > 0, ContinuousClock.now > quiet, let last = all.last { return last }
                try await Task.sleep(for: .milliseconds(10))
            }
            throw ChildProcessError("no new TV state after \(count): \(curl.stdout.suffix(400))")
        }
    }

    /// Presses `action` and returns the state it led to.
    static func press(_ action: String, port: Int, stream: Stream) async throws -> [String: Any] {
        let before = stream.states.count
        let status = try await withClient(port: port) { client in
            try await client.post("/api/v1/tv/press", json: #"{"action": "\#(action)"}"#).0
        }
        #expect(status == .noContent)
        return try await stream.next(after: before)
    }

    static func focused(_ state: [String: Any]) -> [String: Any] {
        let items = state["items"] as? [[String: Any]] ?? []
        let focus = state["focus"] as? Int ?? 0
        return items.indices.contains(focus) ? items[focus] : [:]
    }

    /// Every tile of the screen, walking with 下一个 until the focus comes round again.
    static func tiles(_ start: [String: Any], port: Int, stream: Stream) async throws -> [[String: Any]] {
        var tiles = [focused(start)]
        var state = start
        for _ in 0..<40 {
            state = try await press("next", port: port, stream: stream)
            let tile = focused(state)
            if (tile["id"] as? String) == (tiles[0]["id"] as? String),
                (tile["kind"] as? String) == (tiles[0]["kind"] as? String)
            {
                return tiles
            }
            tiles.append(tile)
        }
        throw ChildProcessError("the focus never came round on \(state["title"] ?? "")")
    }

    @Test func fourButtonsReachAndPlayEveryDemoResource() async throws {
        let site = try KioskSite()
        #expect(try await site.install(Repository.demoPool).status == 0)
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let stream = try Stream(port: port)
        defer { stream.curl.signal(SIGTERM) }
        let home = try await stream.next(after: 0)
        #expect(home["screen"] as? String == "home")
        var played = Set<String>()
        // Depth-first over categories and series with 确定 and 返回 only.
        func visit(_ screen: [String: Any], depth: Int) async throws {
            let tiles = try await Self.tiles(screen, port: port, stream: stream)
            for (index, tile) in tiles.enumerated() {
                // Put the focus on this tile: 下一个 from the first one (the walk ended on it).
                for _ in 0..<index { _ = try await Self.press("next", port: port, stream: stream) }
                let opened = try await Self.press("ok", port: port, stream: stream)
                switch tile["kind"] as? String {
                case "category",
                    "series" where depth < 3:
                    #expect(opened["screen"] as? String == tile["kind"] as? String, "\(tile)")
                    try await visit(opened, depth: depth + 1)
                case "resource":
                    let player = opened["player"] as? [String: Any]
                    #expect(player?["resource"] as? String == tile["id"] as? String, "\(opened)")
                    if let id = player?["resource"] as? String { played.insert(id) }
                default:
                    break  // 继续观看 and 大家都在看 repeat resources reached elsewhere
                }
                if opened["screen"] as? String != screen["screen"] as? String || opened["player"] is [String: Any] {
                    let back = try await Self.press("back", port: port, stream: stream)
                    #expect(back["screen"] as? String == screen["screen"] as? String)
                }
                // Back to the first tile for the next round.
                var state = try await Self.press("next", port: port, stream: stream)
                while (Self.focused(state)["id"] as? String) != (tiles[0]["id"] as? String) {
                    state = try await Self.press("next", port: port, stream: stream)
                }
            }
        }
        try await visit(home, depth: 0)
        // Every playable demo resource (the online course WH-SY-01 is not listed on a kiosk).
        #expect(played.count == 16, "played \(played.sorted())")
        #expect(!played.contains("WH-SY-01"))
    }
}
