import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A network error in a few plain words ("connection refused", "timed out connecting"), for
/// staff messages that already name the URL.
func describe(_ error: any Error) -> String {
    if let error = error as? HTTPClientError {
        switch error {
        case .connectTimeout: return "timed out connecting"
        case .readTimeout: return "the server stopped sending (read timeout)"
        case .remoteConnectionClosed: return "the server closed the connection"
        case .deadlineExceeded: return "took too long"
        case .tlsHandshakeTimeout: return "timed out in the TLS handshake"
        case .redirectLimitReached, .redirectCycleDetected: return "too many redirects"
        case .cancelled: return "cancelled"
        default: return "\(error)"
        }
    }
    if let error = error as? IOError {
        return String(cString: strerror(error.errnoCode)).lowercased()
    }
    if let error = error as? NIOConnectionError {
        if let first = error.connectionErrors.first { return describe(first.error) }
        if error.dnsAError != nil || error.dnsAAAAError != nil { return "the host name does not resolve" }
        return "cannot connect to \(error.host):\(error.port)"
    }
    if let error = error as? ChannelError, case .connectTimeout = error { return "timed out connecting" }
    return "\(error)"
}
