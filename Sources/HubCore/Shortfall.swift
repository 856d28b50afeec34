/// One way a resource falls short of the technical standard (数字化学习资源参考技术标准) or of the
/// pool's sharing rules, e.g. `640×360 below 1280×720`.
public struct Shortfall: Sendable, Hashable, CustomStringConvertible {
    /// Which rule.
    public enum Rule: String, Sendable, Hashable {
        case container, videoCodec, audioCodec, noVideo, noAudio
        case resolution, frameRate, bitrate, length
        case sampleRate, bitDepth, channels
        /// The school's conforming videos add up to less than the minimum.
        case schoolTotal
    }

    public var rule: Rule
    /// What falls short, in plain words.
    public var message: String
    /// False when the pool format itself cannot carry the file (an A01 that is not MP4 video, an
    /// A02 that is not MP3): such a resource is left out even with `--allow-nonconforming`.
    public var isPublishable: Bool

    public init(_ rule: Rule, _ message: String, isPublishable: Bool = true) {
        self.rule = rule
        self.message = message
        self.isPublishable = isPublishable
    }

    public var description: String { message }
}
