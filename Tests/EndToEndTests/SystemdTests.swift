import Foundation
import KioskCore
import KioskTesting
import Testing

/// The real `yinling serve` under a stand-in for systemd: its notification socket, its watchdog
/// period, a stall of the database writer, and SIGTERM (`TimeoutStopSec=20s` in the unit).
@Suite("End to end: yinling serve under systemd")
struct SystemdTests {
    static let timeoutStop = Duration.seconds(20)

    /// A writer holding SQLite's write lock on the kiosk's database for `seconds` (python3's sqlite3):
    /// prints "locked" once it holds it.
    static func holdWriteLock(_ site: KioskSite, seconds: Double) throws -> ChildProcess {
        let script = """
            import sqlite3, sys, time
            connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
            connection.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            time.sleep(float(sys.argv[2]))
            connection.execute("ROLLBACK")
            """
        return try ChildProcess(
            "/usr/bin/env", ["python3", "-c", script, site.dataDirectory + "/kiosk.sqlite", String(seconds)])
    }

    /// The names of the process's threads (`/proc/<pid>/task/*/comm`).
    static func threadNames(_ pid: Int32) throws -> [String] {
        let tasks = "/proc/\(pid)/task"
        return try FileManager.default.contentsOfDirectory(atPath: tasks).compactMap {
            try? String(contentsOfFile: "\(tasks)/\($0)/comm", encoding: .utf8).trimmingCharacters(
                in: .whitespacesAndNewlines)
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func readyWatchdogStallAndStopping() async throws {
        let site = try KioskSite()
        #expect(try await site.install(Repository.demoPool).status == 0)
        let socket = try NotifySocket(in: site.directory)
        defer { socket.close() }
        let server = try ChildProcess(
            KioskSite.yinling, ["serve", "--config", site.config],
            environment: [
                "NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "1000000",
                "YINLING_EVENT_LOOP_THREADS": "1", "YINLING_BLOCKING_THREADS": "1",
            ])
        let port = try await server.listeningPort()
        let ready = try await socket.wait(for: "READY=1")
        #expect(ready[0].lines.contains("STATUS=serving the menu on port \(port)"))
        let home = try await withClient(port: port) { try await $0.json("/api/v1/home") }
        #expect(home["categories"] != nil)
        let names = try Self.threadNames(server.pid)
        #expect(names.filter { $0.hasPrefix("NIO-SGLTN-") }.count == 1, "event loops: \(names)")
        #expect(names.filter { $0.hasPrefix("SGLTN-TP-") }.count == 1, "blocking threads: \(names)")

        try await socket.wait(for: "WATCHDOG=1", count: 3)
        // Stuck database writer: the watchdog goes quiet while the lock is held, and comes back.
        let lock = try Self.holdWriteLock(site, seconds: 3)
        _ = try await lock.line(startingWith: "locked")
        let held = ContinuousClock.now
        #expect(try await lock.wait() == 0)
        let released = ContinuousClock.now
        let during = socket.messages(with: "WATCHDOG=1").filter { $0.arrived > held && $0.arrived < released }
        #expect(during.count <= 1, "pings while the writer was stuck: \(during.count) in \(released - held)")
        let after = socket.messages(with: "WATCHDOG=1").count
        try await socket.wait(for: "WATCHDOG=1", count: after + 1)
        #expect(server.stderr.contains("liveness check failed") || during.isEmpty || during.count == 1)

        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: Self.timeoutStop) == 0)
        let stopping = socket.messages(with: "STOPPING=1")
        #expect(stopping.count == 1)
    }

    @Test(.timeLimit(.minutes(3)))
    func sigtermDuringADownloadKeepsItsPartialAndTheNextSyncResumes() async throws {
        let pool = try TestPool()
        try pool.addCopies(of: "KJ-CX-01", count: 2, mediaBytes: 8 << 20)
        try pool.write()
        let web = try await FaultyPoolServer(serving: pool.path)
        web.sendSlowly(pausing: .milliseconds(20))
        let site = try KioskSite.syncing(from: web.baseURL, trusting: pool.publicKey)
        let (server, _) = try await site.serve()
        let sync = try ChildProcess(KioskSite.yinling, ["sync", "--config", site.config])
        let partial = site.cacheDirectory + "/partial"
        _ = try await Self.partials(partial, atLeast: 256 << 10)
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: Self.timeoutStop) == 0, "\(server.stderr)")
        _ = try await sync.wait(timeout: .seconds(30))
        let kept = try Self.partialSizes(partial).filter { $0.value > 0 }
        #expect(!kept.isEmpty, "the download in flight keeps its partial file")

        web.sendSlowly(pausing: nil)
        let before = web.responses.count
        let (again, _) = try await site.serve()
        let synced = try await ChildProcess.run(KioskSite.yinling, ["sync", "--config", site.config])
        #expect(synced.status == 0, "\(synced.stdout)\(synced.stderr)")
        // Every kept partial the next sync fetches continues from its size, never from byte 0.
        var resumed = 0
        for (name, bytes) in kept {
            let sha256 = String(name.prefix(64))
            let asked = web.responses.dropFirst(before).filter { $0.path.contains(sha256) }.map { $0.range ?? "-" }
            guard !asked.isEmpty else { continue }
            #expect(asked == ["bytes=\(bytes)-"], "\(name) kept \(bytes) bytes; the next sync asked \(asked)")
            resumed += 1
        }
        print("SIGTERM during a download: kept \(kept), continued \(resumed) of them in the next sync")
        #expect(try FileManager.default.contentsOfDirectory(atPath: partial).isEmpty)
        again.signal(SIGTERM)
        #expect(try await again.wait(timeout: Self.timeoutStop) == 0)
        try await web.shutdown()
    }

    /// The service's own round is in flight (the hub holds its answer) and `yinling upload` waits on
    /// the control socket for a staff round: SIGTERM abandons both, and the batch goes later, the same.
    @Test(.timeLimit(.minutes(2)))
    func sigtermDuringAnUploadAbandonsItAndTheBatchGoesLater() async throws {
        let hub = try await FakeHub()
        hub.delayAnswers(milliseconds: 120_000)
        let site = try UploadTests.site(hub)
        try await UploadTests.seed(site, "R1", count: 4)
        let (server, _) = try await site.serve()
        try await Self.until("the hub receives the batch") { hub.postedBatchNumbers == [1] }
        let socketPath = site.dataDirectory + "/control.sock"
        let upload = try ChildProcess(KioskSite.yinling, ["upload", "--config", site.config])
        // The listening socket and the accepted connection of `yinling upload`.
        try await Self.until("yinling upload is connected") { Self.unixSockets(at: socketPath) >= 2 }
        server.signal(SIGTERM)
        #expect(try await server.wait(timeout: Self.timeoutStop) == 0, "\(server.stderr)")
        let abandoned: Int32
        do {
            abandoned = try await upload.wait(timeout: .seconds(30))
        } catch {
            upload.signal(SIGKILL)
            Issue.record("yinling upload: \(error)\n\(upload.stdout)\(upload.stderr)")
            return
        }
        #expect(abandoned == 1 && upload.stdout.contains("1 batch waiting"), "\(upload.stdout)\(upload.stderr)")

        hub.delayAnswers(milliseconds: 0)
        let sent = try await UploadTests.run(site, ["upload", "--json"])
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        #expect(try UploadTests.usage(sent.stdout).lastAcknowledgedBatch == 1)
        #expect(hub.postedBatchNumbers.allSatisfy { $0 == 1 }, "the abandoned batch is sent again, the same batch")
        let bodies = Set(hub.requests.filter { $0.method == "POST" }.map(\.body))
        #expect(bodies.count == 1, "byte for byte the same batch")
        #expect(try hub.totals() == ["R1|2026-11-20|tv": [4, 4, 0, 160]])
        try await hub.shutdown()
    }

    /// Unix sockets bound or connected at `path` (/proc/net/unix).
    static func unixSockets(at path: String) -> Int {
        let table = (try? String(contentsOfFile: "/proc/net/unix", encoding: .utf8)) ?? ""
        return table.split(separator: "\n").filter { $0.hasSuffix(" " + path) }.count
    }

    static func until(_ what: String, timeout: Duration = .seconds(30), _ done: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !done() {
            guard ContinuousClock.now < deadline else { throw ChildProcessError("timed out waiting until \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    static func partialSizes(_ directory: String) throws -> [String: Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var sizes: [String: Int] = [:]
        for name in names {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            sizes[name] = (attributes[.size] as? Int) ?? 0
        }
        return sizes
    }

    /// Waits until some partial download holds at least `bytes`; returns the partials then.
    static func partials(_ directory: String, atLeast bytes: Int) async throws -> [String: Int] {
        var sizes: [String: Int] = [:]
        try await until("a partial download of \(bytes) bytes") {
            sizes = (try? partialSizes(directory)) ?? [:]
            return sizes.values.contains { $0 >= bytes }
        }
        return sizes.filter { $0.value > 0 }
    }
}
