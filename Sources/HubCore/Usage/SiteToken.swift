import Crypto
import Foundation

/// A bearer token: 256 random bits written as 64 hex digits, and its SHA-256, which is all the
/// hub keeps. Shown once when made; a lost token is replaced, never recovered.
public struct SiteToken: Sendable, Hashable {
    public let text: String

    /// A new random token. `SystemRandomNumberGenerator` reads the kernel's CSPRNG (getrandom).
    public static func generate() -> SiteToken {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return SiteToken(text: hex(bytes))
    }

    public init(text: String) {
        self.text = text
    }

    /// The SHA-256 of the token's text, lower-case hex: what is stored and looked up.
    public var sha256: String { Self.sha256(text) }

    /// The SHA-256 of `text` as lower-case hex.
    public static func sha256(_ text: String) -> String {
        sha256(Data(text.utf8))
    }

    /// The SHA-256 of `data` as lower-case hex.
    public static func sha256(_ data: Data) -> String {
        hex(Array(SHA256.hash(data: data)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
