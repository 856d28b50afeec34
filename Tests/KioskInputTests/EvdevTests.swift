import Foundation
import KioskCore
import KioskInput
import KioskTesting
import Testing

/// Evdev is tested with recorded `struct input_event` records: the decoder directly, and the real
/// source reading them from a FIFO. This machine (and CI's) has no `/dev/uinput` to make a virtual
/// keypad, and the bytes a keypad's device node delivers are exactly these records; only the two
/// ioctls (monotonic clock, grab) are not exercised, and they fail harmlessly on a FIFO.
@Suite struct EvdevTests {
    /// One 24-byte record: time, type, code, value (little-endian, 64-bit `timeval`).
    static func record(seconds: Int64, microseconds: Int64, type: UInt16 = 1, code: UInt16, value: Int32) -> [UInt8] {
        func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
            withUnsafeBytes(of: value.littleEndian) { Array($0) }
        }
        return bytes(seconds) + bytes(microseconds) + bytes(type) + bytes(code) + bytes(value)
    }

    static let enter: UInt16 = 28, left: UInt16 = 105, escape: UInt16 = 1

    @Test func keyPressesBecomeEdgesWithTheKernelTimestamp() {
        var decoder = InputEventDecoder(input: "kbd", keys: EvdevKeys.defaults)
        let bytes =
            Self.record(seconds: 100, microseconds: 250_000, code: Self.enter, value: 1)
            + Self.record(seconds: 100, microseconds: 250_000, type: 0, code: 0, value: 0)  // EV_SYN
            + Self.record(seconds: 100, microseconds: 750_000, code: Self.enter, value: 2)  // kernel repeat
            + Self.record(seconds: 101, microseconds: 5, code: Self.enter, value: 0)
            + Self.record(seconds: 101, microseconds: 9, code: 30, value: 1)  // KEY_A: not a button
        let edges = decoder.feed(bytes)
        #expect(
            edges == [
                ButtonEdge(input: "kbd:KEY_ENTER", action: .ok, pressed: true, timestamp: .milliseconds(100_250)),
                ButtonEdge(input: "kbd:KEY_ENTER", action: .ok, pressed: false, timestamp: .microseconds(101_000_005)),
            ])
    }

    @Test func recordsSplitAcrossReadsAreJoined() {
        var decoder = InputEventDecoder(input: "kbd", keys: EvdevKeys.defaults)
        let bytes = Self.record(seconds: 5, microseconds: 0, code: Self.left, value: 1)
        #expect(decoder.feed(bytes.prefix(10)).isEmpty)
        #expect(decoder.feed(bytes.dropFirst(10)).map(\.action) == [.previous])
    }

    @Test(arguments: [
        ("KEY_LEFT", ButtonAction.previous), ("KEY_UP", .previous), ("KEY_RIGHT", .next), ("KEY_DOWN", .next),
        ("KEY_ENTER", .ok), ("KEY_OK", .ok), ("KEY_ESC", .back), ("KEY_BACK", .back), ("KEY_HOMEPAGE", .home),
        ("KEY_VOLUMEUP", .volumeUp), ("KEY_VOLUMEDOWN", .volumeDown),
    ])
    func keypadAndRemoteKeysMapToTheFourButtons(name: String, action: ButtonAction) throws {
        let code = try #require(EvdevKeys.codes[name])
        #expect(EvdevKeys.defaults[code] == action)
    }

    @Test func theSourceReadsRecordsFromTheDeviceNode() async throws {
        let directory = TemporaryDirectory("evdev")
        let fifo = directory.appending("event0")
        #expect(mkfifo(fifo, 0o600) == 0)
        // Held open for writing before the source opens it, so it never sees an end of file.
        let writer = open(fifo, O_RDWR)
        defer { close(writer) }
        let source = EvdevButtonSource(path: fifo)
        let bytes =
            Self.record(seconds: 7, microseconds: 0, code: Self.left, value: 1)
            + Self.record(seconds: 7, microseconds: 80_000, code: Self.left, value: 0)
            + Self.record(seconds: 8, microseconds: 0, code: Self.escape, value: 1)
        #expect(bytes.withUnsafeBytes { write(writer, $0.baseAddress, $0.count) } == bytes.count)
        var received: [ButtonEdge] = []
        for try await edge in source.edges() {
            received.append(edge)
            if received.count == 3 { break }
        }
        #expect(received.map(\.action) == [.previous, .previous, .back])
        #expect(received.map(\.pressed) == [true, false, true])
        #expect(received.map(\.timestamp) == [.seconds(7), .milliseconds(7080), .seconds(8)])
        #expect(received[0].input == fifo + ":KEY_LEFT")
    }

    @Test func aMissingDeviceIsNamedInTheError() async {
        let source = EvdevButtonSource(path: "/dev/input/event-not-there")
        await #expect {
            for try await _ in source.edges() {}
        } throws: { error in
            "\(error)".contains("/dev/input/event-not-there") && "\(error)".contains("No such file")
        }
    }
}

@Suite struct EvdevKeyMapTests {
    @Test func configuredKeysOverrideTheBuiltInMap() throws {
        let map = EvdevKeys.map(overrides: ["KEY_F1": "home", "KEY_SPACE": "none", "KEY_60": "ok"])
        #expect(map[59] == .home && map[60] == .ok)  // KEY_F1 by name, KEY_F2 by number
        #expect(map[try #require(EvdevKeys.code(named: "KEY_SPACE"))] == nil)
        #expect(map[try #require(EvdevKeys.code(named: "KEY_ENTER"))] == .ok)
        #expect(EvdevKeys.code(named: "ENTER") == nil && EvdevKeys.code(named: "KEY_70000") == nil)
    }
}
