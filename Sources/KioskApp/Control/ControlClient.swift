import CDispatch  // timeval, as also seen through CGPIOD's headers
import Foundation
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A staff command's line to the running service: HTTP/1.1 over the control socket.
///
/// Blocking socket calls run on NIO's thread pool, never on the cooperative pool.
struct ControlClient: Sendable {
    let socketPath: String

    /// A client when a service listens on `socketPath`; nil when none runs (no socket, or a stale one).
    static func connect(_ socketPath: String) -> ControlClient? {
        guard FileManager.default.fileExists(atPath: socketPath), let fd = try? openSocket(socketPath) else {
            return nil
        }
        close(fd)
        return ControlClient(socketPath: socketPath)
    }

    /// One request; returns the status code and the whole body.
    func request(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        try await NIOThreadPool.singleton.runIfActive { [socketPath] in
            let fd = try Self.openSocket(socketPath)
            defer { close(fd) }
            try Self.send(fd, method: method, path: path, body: body)
            var reader = HTTPResponseReader(fd: fd)
            let status = try reader.readHead()
            var data = Data()
            while let chunk = try reader.readBodyChunk() { data.append(chunk) }
            return (status, data)
        }
    }

    /// Streams the body of `path` line by line to `onLine` until it returns false or the service closes;
    /// with `quietSeconds`, also when nothing arrives for that long (the read fails).
    func follow(_ path: String, quietSeconds: Int? = nil, onLine: @escaping @Sendable (Data) -> Bool) async throws {
        try await NIOThreadPool.singleton.runIfActive { [socketPath] in
            let fd = try Self.openSocket(socketPath)
            defer { close(fd) }
            if let quietSeconds {
                var timeout = timeval(tv_sec: quietSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
            try Self.send(fd, method: "GET", path: path, body: nil)
            var reader = HTTPResponseReader(fd: fd)
            guard try reader.readHead() == 200 else { throw AppError("the service refused \(path)") }
            var pending = Data()
            while let chunk = try reader.readBodyChunk() {
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[pending.index(after: newline)...])
                    if !onLine(Data(line)) { return }
                }
            }
        }
    }

    private static func openSocket(_ path: String) throws -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw AppError("cannot make a socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw AppError("the control socket path \(path) is too long")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw AppError("cannot reach the service at \(path): \(reason)")
        }
        return fd
    }

    static func send(_ fd: Int32, method: String, path: String, body: Data?) throws {
        var request = "\(method) \(path) HTTP/1.1\r\nHost: yinling\r\nConnection: close\r\n"
        if let body { request += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        var bytes = Data((request + "\r\n").utf8)
        if let body { bytes.append(body) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                guard written > 0 else { throw AppError("the service closed the control socket") }
                offset += written
            }
        }
    }
}
