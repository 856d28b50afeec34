import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A stand-in for systemd's notification socket: a datagram socket in a temporary directory that
/// keeps every message with the moment it arrived (`NOTIFY_SOCKET` for the process under test).
public final class NotifySocket: Sendable {
    /// One datagram, e.g. `READY=1\nSTATUS=…`.
    public struct Message: Sendable {
        public let text: String
        public let arrived: ContinuousClock.Instant
        public var lines: [String] { text.split(separator: "\n").map(String.init) }
    }

    public let path: String
    private let fd: Int32
    private let received = Mutex<[Message]>([])

    public init(in directory: TemporaryDirectory) throws {
        path = directory.appending("notify.sock")
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ChildProcessError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0 else { throw ChildProcessError("bind \(path): errno \(errno)") }
        let thread = Thread { [self] in receive() }
        thread.start()
    }

    /// Every message so far.
    public var messages: [Message] { received.withLock { $0 } }

    /// Messages carrying `line` (e.g. `WATCHDOG=1`).
    public func messages(with line: String) -> [Message] { messages.filter { $0.lines.contains(line) } }

    /// Waits until `count` messages carry `line`; returns them all.
    @discardableResult
    public func wait(for line: String, count: Int = 1, timeout: Duration = .seconds(30)) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let found = messages(with: line)
            if found.count >= count { return found }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildProcessError("no \(count)× \(line) in \(timeout); got \(messages.map(\.text))")
    }

    /// Stops receiving (the reading thread ends) and removes the socket file.
    public func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        unlink(path)
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            let message = Message(text: String(decoding: buffer[0..<count], as: UTF8.self), arrived: .now)
            received.withLock { $0.append(message) }
        }
        Glibc.close(fd)
    }
}
