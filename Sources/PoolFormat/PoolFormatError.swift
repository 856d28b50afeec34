/// Why a whole manifest was refused. Single bad entries are ``EntryRejection``s instead.
public struct PoolFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Hashable {
        /// The bytes are not a JSON object.
        case notJSON
        /// `format` is missing or names a format this kiosk does not know.
        case unknownFormat
        /// A top-level field is missing or has the wrong type or value.
        case badField
        /// `manifest.json.sig` is missing or is not a signature.
        case badSignature
        /// The signature does not verify with any trusted key, or no key is trusted.
        case untrusted
        /// A key (configuration or key file) is not an Ed25519 key.
        case badKey
    }

    public var code: Code
    /// A sentence for staff naming the field and what to do.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
