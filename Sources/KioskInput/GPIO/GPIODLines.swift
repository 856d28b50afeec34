import CGPIOD

#if canImport(Glibc)
import Glibc
#endif

/// Requested GPIO input lines with both-edge events: the only Swift code that touches libgpiod's pointers
/// (through Sources/CGPIOD/shim.h, which hides the 1.6/2.x differences).
///
/// Not Sendable: one thread owns it from `init` to `deinit`, which releases the lines and closes the chip.
final class GPIODLines {
    /// One line to request.
    struct LineSettings {
        var offset: UInt32
        var activeLow: Bool
        var bias: GPIODButtonSource.Bias
    }

    /// One edge as the kernel reported it: `rising` means the line became active (pressed).
    struct Event {
        var offset: UInt32
        var rising: Bool
        var timestampNanoseconds: UInt64
    }

    /// The libgpiod generation the shim was compiled against (1 or 2) and its version string.
    static var library: (generation: Int, version: String) {
        (Int(kiosk_gpiod_generation()), String(cString: kiosk_gpiod_library_version()))
    }

    private let chip: String
    private let offsets: [UInt32]
    private let request: UnsafeMutablePointer<kiosk_gpiod_request>
    private var events: [kiosk_gpiod_event]

    init(chip: String, lines: [LineSettings], consumer: String) throws(GPIODError) {
        self.chip = chip
        offsets = lines.map(\.offset)
        var configs = lines.map { line in
            kiosk_gpiod_line_config(
                offset: line.offset, active_low: line.activeLow ? 1 : 0, bias: Int32(line.bias.shimValue.rawValue))
        }
        var failure = kiosk_gpiod_failure()
        let handle = configs.withUnsafeMutableBufferPointer { buffer in
            kiosk_gpiod_request_lines(chip, buffer.baseAddress, buffer.count, consumer, &failure)
        }
        guard let handle else {
            let offsets = lines.map(\.offset)
            let line =
                failure.line_index >= 0 && Int(failure.line_index) < offsets.count
                ? offsets[Int(failure.line_index)] : (offsets.count == 1 ? offsets[0] : nil)
            let holder = withUnsafeBytes(of: failure.consumer) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw GPIODError.startUp(
                code: Self.code(of: failure.stage), errno: failure.error, chip: chip, line: line,
                holder: holder.isEmpty ? nil : holder)
        }
        request = handle
        events = Array(repeating: kiosk_gpiod_event(), count: Int(KIOSK_GPIOD_MAX_LINES))
    }

    deinit {
        kiosk_gpiod_release(request)
    }

    /// Blocks at most `timeout` for edges; true when some are ready.
    func wait(timeout: Duration) throws(GPIODError) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        let ready = kiosk_gpiod_wait(request, nanoseconds)
        guard ready >= 0 else {
            throw GPIODError.startUp(code: .wait, errno: errno, chip: chip, line: nil, holder: nil)
        }
        return ready > 0
    }

    /// The edges that are ready, oldest first.
    func read() throws(GPIODError) -> [Event] {
        let count = events.withUnsafeMutableBufferPointer { buffer in
            kiosk_gpiod_read(request, buffer.baseAddress, buffer.count)
        }
        guard count >= 0 else {
            throw GPIODError.startUp(code: .read, errno: errno, chip: chip, line: nil, holder: nil)
        }
        // libgpiod 1.6 reads line by line; the kernel's timestamps give the order across lines.
        return events.prefix(Int(count)).map { event in
            Event(offset: event.offset, rising: event.rising != 0, timestampNanoseconds: event.timestamp_ns)
        }.sorted { $0.timestampNanoseconds < $1.timestampNanoseconds }
    }

    private static func code(of stage: Int32) -> GPIODError.Code {
        switch kiosk_gpiod_stage(rawValue: UInt32(stage)) {
        case KIOSK_GPIOD_STAGE_OPEN_CHIP: .openChip
        case KIOSK_GPIOD_STAGE_LINE: .noSuchLine
        case KIOSK_GPIOD_STAGE_REQUEST: .requestLines
        case KIOSK_GPIOD_STAGE_WAIT: .wait
        case KIOSK_GPIOD_STAGE_READ: .read
        default: .configuration
        }
    }
}

extension GPIODButtonSource.Bias {
    fileprivate var shimValue: kiosk_gpiod_bias {
        switch self {
        case .asIs: KIOSK_GPIOD_BIAS_AS_IS
        case .disabled: KIOSK_GPIOD_BIAS_DISABLED
        case .pullUp: KIOSK_GPIOD_BIAS_PULL_UP
        case .pullDown: KIOSK_GPIOD_BIAS_PULL_DOWN
        }
    }
}
