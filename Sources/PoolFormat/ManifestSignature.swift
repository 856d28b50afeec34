import Crypto
import Foundation

/// The office's Ed25519 signature over the exact bytes of `manifest.json` (POOL-FORMAT.md "Signature").
///
/// `manifest.json.sig` holds the 64-byte signature in base64 (a trailing newline is allowed). A kiosk
/// accepts a manifest only when one of its trusted keys verifies it; the file hashes inside then vouch
/// for every file.
public enum ManifestSignature {
    /// The signature's file name, next to `manifest.json`.
    public static let fileName = "manifest.json.sig"

    /// The contents of `manifest.json.sig` for `manifest`.
    public static func sign(_ manifest: Data, with key: PoolSigningKey) throws(PoolFormatError) -> Data {
        let signature: Data
        do {
            signature = try key.key().signature(for: manifest)
        } catch {
            throw PoolFormatError(.badSignature, "could not sign manifest.json: \(error)")
        }
        return Data((signature.base64EncodedString() + "\n").utf8)
    }

    /// Checks `signature` (the contents of `manifest.json.sig`, nil when the file is missing) against
    /// `trustedKeys`; returns the key that verified it.
    @discardableResult
    public static func verify(_ manifest: Data, signature: Data?, trustedKeys: [PoolPublicKey])
        throws(PoolFormatError) -> PoolPublicKey
    {
        guard !trustedKeys.isEmpty else {
            throw PoolFormatError(
                .untrusted,
                "no trusted pool keys are configured ([pool] trusted_keys); ask the central office for its public key")
        }
        guard let signature else {
            throw PoolFormatError(
                .badSignature, "\(fileName) is missing: the pool is not signed, so it is not trusted")
        }
        let text = String(decoding: signature, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: text), bytes.count == 64 else {
            throw PoolFormatError(.badSignature, "\(fileName) is not a base64 Ed25519 signature")
        }
        guard let key = trustedKeys.first(where: { (try? $0.key())?.isValidSignature(bytes, for: manifest) == true })
        else {
            throw PoolFormatError(
                .untrusted,
                "\(fileName) does not verify with any trusted key: the manifest was changed, or signed by a key this kiosk does not trust"
            )
        }
        return key
    }
}

/// A public key a kiosk trusts: 32 bytes, written in the configuration as base64.
public struct PoolPublicKey: Sendable, Hashable, CustomStringConvertible {
    /// The raw 32 bytes (Crypto's key types are not `Sendable`).
    let raw: Data

    /// Parses the base64 text of the key; the error says what is wrong with it.
    public init(base64 text: String) throws(PoolFormatError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Data(base64Encoded: trimmed), bytes.count == 32,
            (try? Curve25519.Signing.PublicKey(rawRepresentation: bytes)) != nil
        else {
            throw PoolFormatError(
                .badKey, "\"\(trimmed.prefix(60))\" is not an Ed25519 public key (44 characters of base64)")
        }
        self.raw = bytes
    }

    init(_ raw: Data) { self.raw = raw }

    func key() throws -> Curve25519.Signing.PublicKey { try .init(rawRepresentation: raw) }

    /// The key in base64, as the configuration writes it.
    public var base64: String { raw.base64EncodedString() }

    public var description: String { base64 }
}

/// The central office's private key (`yinling-hub keys generate`).
public struct PoolSigningKey: Sendable {
    /// The 32-byte seed (Crypto's key types are not `Sendable`).
    let seed: Data

    /// A new random key.
    public static func generate() -> PoolSigningKey {
        PoolSigningKey(seed: Curve25519.Signing.PrivateKey().rawRepresentation)
    }

    /// Reads the key file's contents: one line, `ed25519-private:` and the 32-byte seed in base64.
    public init(fileContents: Data) throws(PoolFormatError) {
        let text = String(decoding: fileContents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix(Self.prefix), let seed = Data(base64Encoded: String(text.dropFirst(Self.prefix.count))),
            seed.count == 32, (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) != nil
        else {
            throw PoolFormatError(.badKey, "not a yinling signing key (expected one line starting \"\(Self.prefix)\")")
        }
        self.seed = seed
    }

    private init(seed: Data) { self.seed = seed }

    func key() throws -> Curve25519.Signing.PrivateKey { try .init(rawRepresentation: seed) }

    /// What the key file holds.
    public var fileContents: Data { Data((Self.prefix + seed.base64EncodedString() + "\n").utf8) }

    /// The public half, for the kiosks' `trusted_keys`.
    public var publicKey: PoolPublicKey {
        // The seed was checked when the key was made, so the key always derives.
        PoolPublicKey((try? key())?.publicKey.rawRepresentation ?? Data())
    }

    static let prefix = "ed25519-private:"
}
