import Foundation
import KioskTesting
import Testing

/// Buttons end to end: a keypad whose device node is a FIFO fed with recorded `input_event`
/// records (this machine has no `/dev/uinput`), read by the real evdev source in the real binary.
@Suite("End to end: buttons")
struct ButtonsTests {
    static let right: UInt16 = 106, enter: UInt16 = 28

    /// Press and release of `code`, stamped on the monotonic clock as the kernel would.
    static func click(_ code: UInt16, heldMilliseconds: Int64 = 80) -> [UInt8] {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        let start = Int64(time.tv_sec) * 1_000_000 + Int64(time.tv_nsec) / 1000
        func record(_ microseconds: Int64, _ value: Int32) -> [UInt8] {
            func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
                withUnsafeBytes(of: value.littleEndian) { Array($0) }
            }
            return bytes(microseconds / 1_000_000) + bytes(microseconds % 1_000_000) + bytes(UInt16(1)) + bytes(code)
                + bytes(value)
        }
        return record(start, 1) + record(start + heldMilliseconds * 1000, 0)
    }

    /// A site with a keypad at a FIFO, held open for writing.
    static func keypadSite() throws -> (KioskSite, fifo: String, writer: Int32) {
        var site = try KioskSite()
        let fifo = site.directory.appending("event0")
        site = try KioskSite(in: site.directory, extra: "[buttons]\nkeypad_devices = [\"\(fifo)\"]")
        guard mkfifo(fifo, 0o600) == 0 else { throw ChildProcessError("mkfifo \(fifo) failed") }
        return (site, fifo, open(fifo, O_RDWR))
    }

    static func write(_ bytes: [UInt8], to fd: Int32) {
        _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    }

    @Test func buttonsPrintsDecodedPressesFromAKeypad() async throws {
        let (site, _, writer) = try Self.keypadSite()
        defer { close(writer) }
        let buttons = try ChildProcess(
            KioskSite.yinling, ["buttons", "--config", site.config, "--json", "--count", "2"])
        _ = try await buttons.line(startingWith: #"{"action":"","#)  // the ready line: the keypad is open
        Self.write(Self.click(Self.right), to: writer)
        Self.write(Self.click(Self.enter), to: writer)
        #expect(try await buttons.wait(timeout: .seconds(20)) == 0, "\(buttons.stderr)")
        let lines = buttons.stdout.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(lines.map { $0["action"] as? String } == ["", "next", "ok"], "\(buttons.stdout)")
        #expect(lines.first?["kind"] as? String == "ready")
        #expect(
            lines.dropFirst().allSatisfy {
                $0["kind"] as? String == "press" && ($0["input"] as? String)?.contains("KEY_") == true
            })
    }

    @Test func aKeypadPressMovesTheTVThroughTheServiceAndStaffCanWatchIt() async throws {
        let (site, _, writer) = try Self.keypadSite()
        defer { close(writer) }
        #expect(try await site.install(Repository.demoPool).status == 0)
        let (server, port) = try await site.serve()
        defer { server.signal(SIGTERM) }
        let stream = try TVNavigationTests.Stream(port: port)
        defer { stream.curl.signal(SIGTERM) }
        var home = try await stream.next(after: 0)
        while !((home["items"] as? [[String: Any]]) ?? []).contains(where: { $0["kind"] as? String == "category" }) {
            home = try await stream.next(after: stream.states.count)  // past the "getting ready" tile
        }
        let watcher = try ChildProcess(
            KioskSite.yinling, ["buttons", "--config", site.config, "--json", "--count", "1"])
        _ = try await watcher.line(startingWith: #"{"action":"","#)  // subscribed to the service's presses
        let before = stream.states.count
        Self.write(Self.click(Self.right), to: writer)
        let moved = try await stream.next(after: before)
        #expect(moved["focus"] as? Int == (home["focus"] as? Int ?? 0) + 1, "\(moved)")
        #expect(try await watcher.wait(timeout: .seconds(20)) == 0, "\(watcher.stderr)")
        #expect(watcher.stdout.contains("\"action\":\"next\""), "\(watcher.stdout)")
    }
}
