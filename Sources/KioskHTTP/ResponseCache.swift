import NIOCore
import Synchronization

/// Encoded JSON answers kept between requests until the catalog's generation changes.
///
/// The menu is read far more often than it changes, so its answers are encoded once per
/// generation; a repeat visit costs a dictionary lookup, or just a 304.
final class ResponseCache: Sendable {
    struct Entry: Sendable {
        var generation: UInt64
        var etag: String
        var body: ByteBuffer
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Keys are paths of existing catalog items, so this bounds memory against odd clients only.
    static let capacity = 1024

    func entry(for key: String, generation: UInt64) -> Entry? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.generation == generation else { return nil }
            return entry
        }
    }

    func store(_ entry: Entry, for key: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = entry
        }
    }

    /// A strong entity tag for `bytes`: FNV-1a 64 and the length; equal bodies get equal tags.
    static func etag(for bytes: ByteBuffer) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        bytes.withUnsafeReadableBytes { buffer in
            for byte in buffer {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "-" + String(bytes.readableBytes, radix: 16)
    }
}
