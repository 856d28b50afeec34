import Foundation
import KioskCore

#if canImport(Glibc)
import Glibc
#endif

/// Buttons from a Linux input device (`/dev/input/event*`): USB keypads, IR remotes, keyboards.
///
/// The device is grabbed (`EVIOCGRAB`), so its keys reach only the kiosk and never also the
/// browser, and its timestamps are switched to the monotonic clock (`EVIOCSCLOCKID`), the clock
/// the press interpreter measures on. A dedicated thread waits with `poll` (200 ms at most, so
/// cancellation is prompt); no polling of the device, so an idle keypad costs nothing.
public struct EvdevButtonSource: ButtonSource {
    public let path: String
    public let keys: [UInt16: ButtonAction]

    public init(path: String, keys: [UInt16: ButtonAction] = EvdevKeys.defaults) {
        self.path = path
        self.keys = keys
    }

    public var name: String { "input device \(path)" }

    public func edges() -> AsyncThrowingStream<ButtonEdge, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: ButtonEdge.self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let (path, keys) = (path, keys)
        let thread = Thread {
            var decoder = InputEventDecoder(input: path, keys: keys)
            let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
            guard fd >= 0 else {
                let code = errno
                continuation.finish(
                    throwing: InputError(
                        .open,
                        "cannot open the input device \(path): \(String(cString: strerror(code)))"
                            + (code == EACCES ? " (is the yinling user in the input group?)" : ""),
                        errno: code))
                return
            }
            defer { close(fd) }
            Self.prepare(fd)
            var buffer = [UInt8](repeating: 0, count: InputEventDecoder.recordSize * 64)
            while !stop.isSet {
                var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, 200)
                if ready < 0, errno == EINTR { continue }
                guard ready > 0 else { continue }
                let count = read(fd, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno == ENODEV) {
                    continuation.finish(throwing: InputError(.read, "the input device \(path) went away"))
                    return
                }
                if count < 0 {
                    if errno == EAGAIN || errno == EINTR { continue }
                    let code = errno
                    continuation.finish(
                        throwing: InputError(
                            .read, "reading \(path): \(String(cString: strerror(code)))", errno: code))
                    return
                }
                for edge in decoder.feed(buffer[0..<count]) { continuation.yield(edge) }
            }
            continuation.finish()
        }
        thread.name = "evdev \(path)"
        thread.start()
        return stream
    }

    /// Monotonic timestamps and exclusive use; both fail harmlessly on a pipe (tests) or an old kernel.
    private static func prepare(_ fd: Int32) {
        var clock = CLOCK_MONOTONIC
        _ = ioctl(fd, evdevSetClockID, &clock)
        var grab: Int32 = 1
        _ = ioctl(fd, evdevGrab, &grab)
    }

    /// `_IOW('E', 0xa0, int)` and `_IOW('E', 0x90, int)` from `linux/input.h`.
    static let evdevSetClockID: UInt = 0x4004_45a0
    static let evdevGrab: UInt = 0x4004_4590
}
