import Crypto
import Foundation
import _CryptoExtras

/// A salted scrypt hash of the staff password, kept as one self-describing string in the PHC
/// format: `$scrypt$ln=14,r=8,p=1$<salt>$<hash>` (base64 without padding). The string names its
/// parameters, so they can change later without breaking passwords already set.
///
/// Hashing and checking are slow on purpose and block: call them off the cooperative pool.
public struct PasswordHash: Sendable, Hashable {
    /// scrypt's cost: N = 2^logN rounds, block size r, parallelism p; memory is 128·r·N bytes.
    public struct Parameters: Sendable, Hashable {
        public var logN: Int
        public var blockSize: Int
        public var parallelism: Int

        public init(logN: Int, blockSize: Int, parallelism: Int) {
            self.logN = logN
            self.blockSize = blockSize
            self.parallelism = parallelism
        }

        /// N = 2^14, r = 8, p = 1: 16 MiB, about 0.06 s on a PC core and an estimated 0.15–0.2 s on
        /// a Raspberry Pi 4 (docs/staff.md): slow for a guesser, quick enough for a 1 GB board.
        public static let standard = Parameters(logN: 14, blockSize: 8, parallelism: 1)

        /// Bytes of memory one hash takes.
        public var memoryBytes: Int { 128 * blockSize << logN }

        /// Parameters a stored string may name: a hostile or corrupted value cannot make a login
        /// take minutes or gigabytes.
        var isAcceptable: Bool {
            (10...20).contains(logN) && (1...32).contains(blockSize) && (1...4).contains(parallelism)
                && memoryBytes <= 256 << 20
        }
    }

    public static let saltBytes = 16
    public static let hashBytes = 32

    public let parameters: Parameters
    public let salt: [UInt8]
    public let hash: [UInt8]

    /// Hashes `password` with a fresh random salt.
    public static func make(password: String, parameters: Parameters = .standard) throws(AppError) -> PasswordHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PasswordHash(
            parameters: parameters, salt: salt,
            hash: try derive(password, salt: salt, parameters: parameters, count: hashBytes))
    }

    /// Whether `candidate` is the password this hash was made from; compares in constant time.
    public func matches(_ candidate: String) throws(AppError) -> Bool {
        let derived = try Self.derive(candidate, salt: salt, parameters: parameters, count: hash.count)
        var difference: UInt8 = 0
        for index in hash.indices { difference |= hash[index] ^ derived[index] }
        return difference == 0
    }

    static func derive(_ password: String, salt: [UInt8], parameters: Parameters, count: Int) throws(AppError)
        -> [UInt8]
    {
        // NFC: the same password typed on two devices may arrive composed or decomposed.
        let bytes = Array(password.precomposedStringWithCanonicalMapping.utf8)
        do {
            let key = try KDF.Scrypt.deriveKey(
                from: bytes, salt: salt, outputByteCount: count, rounds: 1 << parameters.logN,
                blockSize: parameters.blockSize, parallelism: parameters.parallelism)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw AppError("cannot hash the staff password (scrypt failed: \(error))")
        }
    }
}
