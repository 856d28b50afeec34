import Foundation

extension PasswordHash {
    /// `$scrypt$ln=14,r=8,p=1$<salt>$<hash>`: what the database stores.
    public var encoded: String {
        "$scrypt$ln=\(parameters.logN),r=\(parameters.blockSize),p=\(parameters.parallelism)$"
            + Self.base64(salt) + "$" + Self.base64(hash)
    }

    /// Reads a stored string; nil when it is not one this version can check.
    public init?(encoded: String) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "scrypt" else { return nil }
        var values: [Substring: Int] = [:]
        for field in parts[2].split(separator: ",") {
            let pair = field.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, let value = Int(pair[1]), values[pair[0]] == nil else { return nil }
            values[pair[0]] = value
        }
        guard values.count == 3, let logN = values["ln"], let r = values["r"], let p = values["p"],
            let salt = Self.bytes(base64: parts[3]), let hash = Self.bytes(base64: parts[4])
        else { return nil }
        let parameters = Parameters(logN: logN, blockSize: r, parallelism: p)
        guard parameters.isAcceptable, (8...64).contains(salt.count), (16...64).contains(hash.count) else {
            return nil
        }
        self.init(parameters: parameters, salt: salt, hash: hash)
    }

    /// Standard base64 without `=` padding, as the PHC format writes it.
    static func base64(_ bytes: [UInt8]) -> String {
        String(Data(bytes).base64EncodedString().prefix { $0 != "=" })
    }

    static func bytes(base64 text: Substring) -> [UInt8]? {
        guard !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - text.count % 4) % 4)
        return Data(base64Encoded: padded).map { Array($0) }
    }
}
