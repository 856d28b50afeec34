import Foundation
import PoolFormat

/// What ffprobe says about a media file: the container, the length, and the first video and audio
/// streams (a cover picture embedded in an MP3 is not a video stream).
public struct MediaProbe: Sendable, Hashable {
    /// ffprobe's `format_name`, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `mp3`.
    public var formatName: String
    /// The MP4 `major_brand` tag, e.g. `isom`, or `qt  ` for a QuickTime file; nil when absent.
    public var majorBrand: String?
    /// The length in seconds.
    public var duration: Double
    /// The whole file's average bits per second.
    public var bitrate: Int?
    public var video: VideoStream?
    public var audio: AudioStream?
    /// Bits per audio sample where the codec has such a thing (PCM, FLAC); nil for MP3 and AAC.
    public var audioBitsPerSample: Int?

    public init(
        formatName: String, majorBrand: String? = nil, duration: Double, bitrate: Int? = nil,
        video: VideoStream? = nil, audio: AudioStream? = nil, audioBitsPerSample: Int? = nil
    ) {
        self.formatName = formatName
        self.majorBrand = majorBrand
        self.duration = duration
        self.bitrate = bitrate
        self.video = video
        self.audio = audio
        self.audioBitsPerSample = audioBitsPerSample
    }

    /// The length as the metadata standard writes it, rounded to the nearest second.
    public var mediaDuration: MediaDuration { MediaDuration(seconds: Int(duration.rounded())) }

    /// Reads the output of `ffprobe -v error -print_format json -show_streams -show_format`.
    public init(ffprobeJSON data: Data, file: String) throws(HubError) {
        let output: FFprobeOutput
        do {
            output = try JSONDecoder().decode(FFprobeOutput.self, from: data)
        } catch {
            throw HubError(.unreadableProbe, "\(file): ffprobe's output is not the JSON expected (\(error))")
        }
        guard let format = output.format, let duration = format.duration.flatMap(Double.init), duration > 0 else {
            throw HubError(.unreadableProbe, "\(file): ffprobe reports no length; is it a media file?")
        }
        let streams = output.streams ?? []
        let video = streams.first { $0.codec_type == "video" && $0.disposition?.attached_pic != 1 }
        let audio = streams.first { $0.codec_type == "audio" }
        self.init(
            formatName: format.format_name ?? "",
            majorBrand: format.tags?["major_brand"],
            duration: duration,
            bitrate: format.bit_rate.flatMap { Int($0) },
            video: video.map { stream in
                VideoStream(
                    codec: stream.codec_name ?? "", width: stream.width ?? 0, height: stream.height ?? 0,
                    fps: Self.rate(stream.avg_frame_rate) ?? Self.rate(stream.r_frame_rate) ?? 0,
                    bitrate: stream.bit_rate.flatMap { Int($0) } ?? format.bit_rate.flatMap { Int($0) } ?? 0)
            },
            audio: audio.map { stream in
                AudioStream(
                    codec: stream.codec_name ?? "", sampleRate: stream.sample_rate.flatMap { Int($0) } ?? 0,
                    channels: stream.channels ?? 0)
            },
            audioBitsPerSample: audio.flatMap { stream in
                let bits = stream.bits_per_raw_sample.flatMap { Int($0) } ?? stream.bits_per_sample ?? 0
                return bits > 0 ? bits : nil
            }
        )
    }

    /// `25/1` → 25, `30000/1001` → 29.97 (three decimals); nil for `0/0`.
    static func rate(_ text: String?) -> Double? {
        guard let parts = text?.split(separator: "/"), parts.count == 2, let numerator = Double(parts[0]),
            let denominator = Double(parts[1]), numerator > 0, denominator > 0
        else { return nil }
        return (numerator / denominator * 1000).rounded() / 1000
    }
}

/// The parts of ffprobe's JSON that publishing reads; numbers ffprobe writes as text stay text.
private struct FFprobeOutput: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable {
            var attached_pic: Int?
        }
        var codec_type: String?
        var codec_name: String?
        var width: Int?
        var height: Int?
        var avg_frame_rate: String?
        var r_frame_rate: String?
        var bit_rate: String?
        var sample_rate: String?
        var channels: Int?
        var bits_per_sample: Int?
        var bits_per_raw_sample: String?
        var disposition: Disposition?
    }
    struct Format: Decodable {
        var format_name: String?
        var duration: String?
        var bit_rate: String?
        var tags: [String: String]?
    }
    var streams: [Stream]?
    var format: Format?
}
