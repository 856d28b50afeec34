import Foundation
import HTTPTypes
import HummingbirdTesting
import KioskTesting
import Testing

/// The TV with mpv as its player (`[player] kind = "mpv"`): the server's navigator drives a real
/// mpv (null video and audio outputs), mpv's positions come back into the state, and the play is
/// logged (继续观看 appears on home after a stop part-way).
@Suite("End to end: the TV plays through mpv")
struct TVWithMPVTests {
    @Test func buttonsPlayPauseAndStopAVideoInMPV() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: "/usr/bin/mpv"), "mpv is missing: run .ci/deps.sh test")
        let scratch = TemporaryDirectory("mpv")
        let site = try KioskSite(
            extra: """
                [player]
                kind = "mpv"
                start_mpv = true
                mpv_socket = "\(scratch.appending("mpv.sock"))"
                mpv_arguments = ["--vo=null", "--ao=null", "--no-config"]
                """)
        #expect(try await site.install(Repository.demoPool).status == 0)
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let stream = try TVNavigationTests.Stream(port: port)
        defer { stream.curl.signal(SIGTERM) }
        var state = try await stream.next(after: 0)
        while (state["items"] as? [[String: Any]] ?? []).first?["kind"] as? String != "category" {
            state = try await stream.next(after: stream.states.count)
        }
        #expect(state["externalPlayer"] as? Bool == true)
        // 确定 on the first category, then on its first tile until a video plays (mpv, just started
        // by yinling, may take a moment to listen; a press before that leaves the learner on the list).
        state = try await TVNavigationTests.press("ok", port: port, stream: stream)
        for _ in 0..<20 where state["player"] as? [String: Any] == nil {
            state = try await TVNavigationTests.press("ok", port: port, stream: stream)
            if state["player"] as? [String: Any] == nil { try await Task.sleep(for: .milliseconds(500)) }
        }
        let player = try #require(state["player"] as? [String: Any], "\(state)")
        let resource = try #require(player["resource"] as? String)
        // mpv plays: its positions arrive in the state.
        // Past the 10 s after which a stopped play is offered as 继续观看.
        state = try await Self.until(stream) { (($0["player"] as? [String: Any])?["position"] as? Double ?? 0) > 11 }
        state = try await TVNavigationTests.press("ok", port: port, stream: stream)
        #expect((state["player"] as? [String: Any])?["paused"] as? Bool == true, "\(state)")
        state = try await TVNavigationTests.press("back", port: port, stream: stream)
        #expect(state["player"] is NSNull || state["player"] == nil, "\(state)")
        // The play was logged with its position: home offers to continue it.
        let home = try await withClient(port: port) { try await $0.json("/api/v1/home?source=tv") }
        let resume = home["resume"] as? [String: Any]
        #expect((resume?["resource"] as? [String: Any])?["id"] as? String == resource, "\(home["resume"] ?? "none")")
    }

    /// The newest state once `condition` holds (bounded).
    static func until(_ stream: TVNavigationTests.Stream, _ condition: ([String: Any]) -> Bool) async throws
        -> [String: Any]
    {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let last = stream.states.last, condition(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ChildProcessError("the TV state never got there: \(stream.states.last ?? [:])")
    }
}
