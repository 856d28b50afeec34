import Foundation
import PoolFormat

/// The technical standard (数字化学习资源参考技术标准) and the pool's sharing rules, as numbers;
/// ``shortfalls(of:type:)`` checks one media file against them.
public struct TechnicalStandard: Sendable, Hashable {
    public var minimumWidth = 1280
    public var minimumHeight = 720
    public var minimumFPS = 25.0
    /// Average bits per second of the video stream.
    public var minimumVideoBitrate = 2_000_000
    public var minimumSampleRate = 44_100
    public var minimumBitsPerSample = 16
    public var minimumChannels = 2
    /// Each video (A01) at least this long.
    public var minimumVideoSeconds = 180
    /// Each school's conforming videos together at least this long.
    public var minimumSchoolSeconds = 6000

    /// The standard as published.
    public init() {}

    /// Everything about the file that falls short for a resource of `type`; empty when it conforms.
    /// A03 (online course) has no file and never falls short here.
    public func shortfalls(of probe: MediaProbe, type: ResourceType) -> [Shortfall] {
        switch type {
        case .video: videoShortfalls(probe)
        case .audio: audioShortfalls(probe)
        case .onlineCourse: []
        }
    }

    private func videoShortfalls(_ probe: MediaProbe) -> [Shortfall] {
        var shortfalls: [Shortfall] = []
        let isMP4 = probe.formatName.split(separator: ",").contains("mp4") && probe.majorBrand?.hasPrefix("qt") != true
        if !isMP4 {
            let name = probe.majorBrand?.hasPrefix("qt") == true ? "QuickTime (.mov)" : probe.formatName
            shortfalls.append(
                Shortfall(.container, "\(name) file, not MP4 (the pool carries MP4 video only)", isPublishable: false))
        }
        guard let video = probe.video else {
            shortfalls.append(Shortfall(.noVideo, "no video stream", isPublishable: false))
            return shortfalls
        }
        if video.codec != "h264" { shortfalls.append(Shortfall(.videoCodec, "video codec \(video.codec), not H.264")) }
        if let audio = probe.audio {
            if audio.codec != "aac" { shortfalls.append(Shortfall(.audioCodec, "audio codec \(audio.codec), not AAC")) }
        } else {
            shortfalls.append(Shortfall(.noAudio, "no audio stream (AAC needed)"))
        }
        if video.width < minimumWidth || video.height < minimumHeight {
            shortfalls.append(
                Shortfall(.resolution, "\(video.width)×\(video.height) below \(minimumWidth)×\(minimumHeight)"))
        }
        if video.fps < minimumFPS - 0.01 {
            shortfalls.append(Shortfall(.frameRate, "\(Self.number(video.fps)) fps below \(Self.number(minimumFPS))"))
        }
        if video.bitrate < minimumVideoBitrate {
            shortfalls.append(
                Shortfall(
                    .bitrate,
                    "video \(Self.bitrate(video.bitrate, below: minimumVideoBitrate)) below "
                        + "\(Self.number(Double(minimumVideoBitrate) / 1_000_000)) Mbps"))
        }
        if Int(probe.duration.rounded()) < minimumVideoSeconds {
            shortfalls.append(
                Shortfall(.length, "\(probe.mediaDuration) long, below \(Self.minutes(minimumVideoSeconds))"))
        }
        return shortfalls
    }

    private func audioShortfalls(_ probe: MediaProbe) -> [Shortfall] {
        guard probe.formatName == "mp3", let audio = probe.audio else {
            return [
                Shortfall(
                    .container, "\(probe.formatName) file, not MP3 (the pool carries MP3 audio only)",
                    isPublishable: false)
            ]
        }
        var shortfalls: [Shortfall] = []
        if audio.codec != "mp3" { shortfalls.append(Shortfall(.audioCodec, "audio codec \(audio.codec), not MP3")) }
        if audio.sampleRate < minimumSampleRate {
            shortfalls.append(Shortfall(.sampleRate, "\(audio.sampleRate) Hz below \(minimumSampleRate) Hz"))
        }
        // MP3 has no bit depth of its own (decoders give 16 bits or more); only a file that
        // declares one is checked.
        if let bits = probe.audioBitsPerSample, bits < minimumBitsPerSample {
            shortfalls.append(Shortfall(.bitDepth, "\(bits)-bit below \(minimumBitsPerSample)-bit"))
        }
        if audio.channels < minimumChannels {
            let channels = audio.channels == 1 ? "mono" : "\(audio.channels) channels"
            shortfalls.append(Shortfall(.channels, "\(channels), not stereo"))
        }
        return shortfalls
    }

    /// `25`, `29.97`.
    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// `62 kbps` below 1 Mbps; megabits with one decimal above (`1.5 Mbps`), or three when one would
    /// round up to `limit`.
    static func bitrate(_ bitsPerSecond: Int, below limit: Int) -> String {
        let value = Double(bitsPerSecond) / 1_000_000
        if bitsPerSecond < 995_000 { return "\(Int((value * 1000).rounded())) kbps" }
        let short = String(format: "%.1f", value)
        return ((Double(short) ?? 0) * 1_000_000 >= Double(limit) ? String(format: "%.3f", value) : short) + " Mbps"
    }

    /// `3 min`, `100 min`, `90 s`.
    static func minutes(_ seconds: Int) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) s"
    }
}
