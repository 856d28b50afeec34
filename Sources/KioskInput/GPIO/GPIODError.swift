#if canImport(Glibc)
import Glibc
#endif

/// Why a GPIO button source could not start or stopped: the step, errno, the chip and line.
///
/// Messages are for staff reading the log at start-up: they name the chip and line and say what to check.
public struct GPIODError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The step that failed.
    public enum Code: String, Sendable, Hashable {
        /// The chip device could not be opened (missing: ENOENT; permissions: EACCES).
        case openChip = "open_chip"
        /// The chip has no such line offset.
        case noSuchLine = "no_such_line"
        /// The kernel refused the line request (EBUSY: another program holds the line).
        case requestLines = "request_lines"
        /// Waiting for or reading edge events failed after start.
        case wait
        case read
        /// The configuration names no line, too many lines, an unknown action or bias.
        case configuration
    }

    public var code: Code
    /// errno of the failing call; 0 when none applies.
    public var errno: Int32
    /// The chip as configured (`gpiochip0` or a path).
    public var chip: String
    /// The line offset concerned, if one is.
    public var line: UInt32?
    /// For a busy line: the consumer that holds it, as the kernel reports it.
    public var holder: String?
    public var message: String

    public init(
        code: Code, errno: Int32 = 0, chip: String, line: UInt32? = nil, holder: String? = nil, message: String
    ) {
        self.code = code
        self.errno = errno
        self.chip = chip
        self.line = line
        self.holder = holder
        self.message = message
    }

    public var description: String {
        guard errno != 0 else { return message }
        return "\(message) (errno \(errno): \(String(cString: strerror(errno))))"
    }

    /// The error for a failed start-up step, with a message that says what to check.
    static func startUp(code: Code, errno: Int32, chip: String, line: UInt32?, holder: String?) -> GPIODError {
        let lineName = line.map { "line \($0)" } ?? "lines"
        let message: String
        switch code {
        case .openChip where errno == ENOENT:
            message = "GPIO chip \(chip) not found; check [buttons] chip (gpiodetect lists the chips)"
        case .openChip where errno == EACCES || errno == EPERM:
            message = "GPIO chip \(chip): permission denied; the service user needs the gpio group"
        case .openChip:
            message = "GPIO chip \(chip) could not be opened"
        case .noSuchLine:
            message = "GPIO chip \(chip) has no \(lineName); check [buttons] lines (gpioinfo lists them)"
        case .requestLines where errno == EBUSY:
            let by = holder.map { " by \"\($0)\"" } ?? " by another program"
            message = "GPIO chip \(chip) \(lineName) is busy: held\(by); stop it or wire the button elsewhere"
        case .requestLines:
            message = "GPIO chip \(chip) \(lineName) could not be requested as a button input"
        case .wait, .read:
            message = "GPIO chip \(chip): waiting for button edges failed"
        case .configuration:
            message = "GPIO chip \(chip): bad [buttons] configuration"
        }
        return GPIODError(code: code, errno: errno, chip: chip, line: line, holder: holder, message: message)
    }
}
