/// 资源类型: what kind of resource an entry describes.
public enum ResourceType: String, Sendable, Hashable, Codable, CaseIterable {
    /// A01: a video file (MP4, H.264/AAC).
    case video = "A01"
    /// A02: an audio file (MP3).
    case audio = "A02"
    /// A03: an online course, a link only; no file to cache.
    case onlineCourse = "A03"

    /// Whether the resource is a file that a kiosk caches and plays.
    public var hasMedia: Bool { self != .onlineCourse }

    /// The MIME type its media file must have.
    public var mediaMIME: String? {
        switch self {
        case .video: "video/mp4"
        case .audio: "audio/mpeg"
        case .onlineCourse: nil
        }
    }
}

extension ResourceType {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = ResourceType(rawValue: text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "unknown type \"\(text)\" (expected A01 video, A02 audio or A03 online course)"
                )
            )
        }
        self = value
    }
}
