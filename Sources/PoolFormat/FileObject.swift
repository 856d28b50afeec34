/// A file in the pool: where it is, what its bytes hash to, and what ffprobe saw at publish time.
public struct FileObject: Sendable, Hashable, Codable {
    /// Relative to the manifest's URL, e.g. `media/3f/3f9c…e1.mp4`.
    public var path: String
    /// SHA-256 of the file's bytes, 64 lowercase hex digits.
    public var sha256: String
    /// The file's size.
    public var bytes: Int64
    /// The MIME type, e.g. `video/mp4`.
    public var mime: String
    /// The video stream, for video files.
    public var video: VideoStream?
    /// The audio stream, for video and audio files.
    public var audio: AudioStream?

    public init(
        path: String, sha256: String, bytes: Int64, mime: String, video: VideoStream? = nil, audio: AudioStream? = nil
    ) {
        self.path = path
        self.sha256 = sha256
        self.bytes = bytes
        self.mime = mime
        self.video = video
        self.audio = audio
    }

    /// The file name extension of ``path``, lowercased (`mp4`, `jpg`), or an empty string.
    public var fileExtension: String {
        guard let name = path.split(separator: "/").last, let dot = name.lastIndex(of: ".") else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }
}

/// The video stream of a media file as ffprobe reported it.
public struct VideoStream: Sendable, Hashable, Codable {
    public var codec: String
    public var width: Int
    public var height: Int
    public var fps: Double
    /// Average bits per second.
    public var bitrate: Int

    public init(codec: String, width: Int, height: Int, fps: Double, bitrate: Int) {
        self.codec = codec
        self.width = width
        self.height = height
        self.fps = fps
        self.bitrate = bitrate
    }
}

/// The audio stream of a media file as ffprobe reported it.
public struct AudioStream: Sendable, Hashable, Codable {
    public var codec: String
    public var sampleRate: Int
    public var channels: Int

    public init(codec: String, sampleRate: Int, channels: Int) {
        self.codec = codec
        self.sampleRate = sampleRate
        self.channels = channels
    }
}
