import Hummingbird
import KioskCore
import NIOCore

/// The kiosk's request context: Hummingbird's basic one plus the client's address, which the
/// staff login's slow-down counts wrong passwords by.
public struct KioskRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// The staff session the request's cookie names, once ``StaffSessionMiddleware`` checked it.
    public var staffSession: StaffSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// Who the client is for counting wrong passwords: its IPv4 address, or its IPv6 /64 network
    /// (one device can take any address of its /64); "unknown" when there is none (in-process tests).
    public var clientAddress: String {
        guard let address = remoteAddress?.ipAddress else { return "unknown" }
        return Self.network(of: address)
    }

    /// `192.168.1.20` as is; `fe80::1:2:3:4` → `fe80:0:0:0::/64`; `::ffff:192.168.1.20` → `192.168.1.20`.
    static func network(of address: String) -> String {
        guard address.contains(":") else { return address }
        let text = address.prefix { $0 != "%" }
        if let last = text.split(separator: ":").last, last.contains(".") { return String(last) }
        let halves = text.firstRange(of: "::").map { [text[..<$0.lowerBound], text[$0.upperBound...]] } ?? [text]
        let groups = halves.map { $0.split(separator: ":").map { String(Int($0, radix: 16) ?? 0, radix: 16) } }
        guard halves.count == 1 || !halves[1].contains("::"), groups.joined().count <= 8 else { return address }
        let zeros = Array(repeating: "0", count: 8 - groups.joined().count)
        let full = halves.count == 2 ? groups[0] + zeros + groups[1] : groups[0]
        return full.prefix(4).joined(separator: ":") + "::/64"
    }
}
