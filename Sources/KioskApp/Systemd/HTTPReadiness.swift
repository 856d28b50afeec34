import CDispatch  // timeval, as also seen through CGPIOD's headers
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Whether the menu answers over HTTP: what `READY=1` waits for. A real request on a real TCP
/// connection to the listening port, its blocking calls on a thread of its own: NIO's thread pool
/// serves the very files asked for (with one blocking thread, waiting there would deadlock).
enum HTTPReadiness {
    /// Asks `GET /tv/` until an HTTP status line comes back, at most `attempts` times 100 ms apart.
    static func wait(host: String, port: Int, attempts: Int = 100) async -> Bool {
        for attempt in 0..<attempts {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(100)) }
            let answered = await withCheckedContinuation { continuation in
                Thread {
                    continuation.resume(
                        returning: try? Self.status(host: Self.reachable(host), port: port, path: "/tv/"))
                }.start()
            }
            if answered != nil { return true }
        }
        return false
    }

    /// The address to connect to for a listen address: loopback for "every interface".
    static func reachable(_ listen: String) -> String {
        switch listen {
        case "", "0.0.0.0": "127.0.0.1"
        case "::": "::1"
        default: listen
        }
    }

    /// One `GET path` over a new connection; the response's status code.
    private static func status(host: String, port: Int, path: String) throws -> Int {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let info = list else {
            throw AppError("cannot resolve \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw AppError("cannot make a socket") }
        defer { close(fd) }
        // A server that accepts but never answers is not ready: give up on this attempt after 2 s.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            throw AppError("cannot connect to \(host):\(port)")
        }
        try ControlClient.send(fd, method: "GET", path: path, body: nil)
        var reader = HTTPResponseReader(fd: fd)
        return try reader.readHead()
    }
}
