import KioskCore

/// Decodes Linux `struct input_event` records (64-bit layout: `timeval` of two 64-bit fields, then
/// `__u16 type`, `__u16 code`, `__s32 value`: 24 bytes) into button edges. Pure, so tests feed it
/// recorded bytes.
public struct InputEventDecoder: Sendable {
    public static let recordSize = 24
    static let keyEventType: UInt16 = 1

    let input: String
    let keys: [UInt16: ButtonAction]
    private var pending: [UInt8] = []

    public init(input: String, keys: [UInt16: ButtonAction]) {
        self.input = input
        self.keys = keys
    }

    /// Appends bytes read from the device; returns the edges of the complete records among them.
    /// Key repeats from the kernel (value 2) are dropped: the press interpreter repeats by itself.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [ButtonEdge] {
        pending.append(contentsOf: bytes)
        var edges: [ButtonEdge] = []
        var offset = 0
        while pending.count - offset >= Self.recordSize {
            let record = pending[offset..<offset + Self.recordSize]
            offset += Self.recordSize
            let seconds = Self.integer(record, at: 0, size: 8)
            let microseconds = Self.integer(record, at: 8, size: 8)
            let type = UInt16(Self.integer(record, at: 16, size: 2))
            let code = UInt16(Self.integer(record, at: 18, size: 2))
            let value = Int32(truncatingIfNeeded: Self.integer(record, at: 20, size: 4))
            guard type == Self.keyEventType, value == 0 || value == 1, let action = keys[code] else { continue }
            edges.append(
                ButtonEdge(
                    input: "\(input):\(EvdevKeys.name(of: code))", action: action, pressed: value == 1,
                    timestamp: .seconds(seconds) + .microseconds(microseconds)))
        }
        pending.removeFirst(offset)
        return edges
    }

    /// A little-endian integer (both arm64 and x86-64 boards are little-endian).
    private static func integer(_ record: ArraySlice<UInt8>, at offset: Int, size: Int) -> Int64 {
        var value: UInt64 = 0
        for index in (0..<size).reversed() {
            value = value << 8 | UInt64(record[record.startIndex + offset + index])
        }
        return Int64(bitPattern: value)
    }
}
