/// 资源时长: a length of media written `hh:mm:ss` as the metadata standard does.
public struct MediaDuration: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds.
    public var seconds: Int

    public init(seconds: Int) {
        self.seconds = seconds
    }

    /// Parses `hh:mm:ss` (hours of two or more digits, minutes and seconds below 60); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1].count == 2, parts[2].count == 2, parts[0].count >= 2, parts[0].count <= 4,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), let seconds = Int(parts[2]),
            minutes < 60, seconds < 60
        else { return nil }
        self.seconds = hours * 3600 + minutes * 60 + seconds
    }

    /// The `hh:mm:ss` form.
    public var description: String {
        let hours = seconds / 3600
        let minutes = seconds / 60 % 60
        let secs = seconds % 60
        return "\(pad(hours)):\(pad(minutes)):\(pad(secs))"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = MediaDuration(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not hh:mm:ss")
            )
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
