import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Whether an HTTP server answers at a URL (any status counts: something is there), for
/// `yinling doctor`. One HEAD request through the shared client, bounded by `timeout`.
public enum HTTPReachability {
    /// Nil when the server answered; else why not, in words (`connection refused`, `timed out`).
    public static func problem(reaching url: String, timeout: Duration) async -> String? {
        var request = HTTPClientRequest(url: url)
        request.method = .HEAD
        request.headers.add(name: "User-Agent", value: "yinling-doctor")
        let seconds = Int64(timeout.components.seconds)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(max(1, seconds)))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return nil
        } catch {
            return describe(error)
        }
    }
}
