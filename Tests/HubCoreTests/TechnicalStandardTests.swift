import Foundation
import HubCore
import PoolFormat
import Testing

@Suite("Technical standard")
struct TechnicalStandardTests {
    /// A video that meets every rule; each case changes one thing.
    static let conforming = MediaProbe(
        formatName: "mov,mp4,m4a,3gp,3g2,mj2", majorBrand: "isom", duration: 180.02, bitrate: 2_270_000,
        video: VideoStream(codec: "h264", width: 1280, height: 720, fps: 25, bitrate: 2_199_823),
        audio: AudioStream(codec: "aac", sampleRate: 44100, channels: 2))

    static func video(_ change: (inout MediaProbe) -> Void) -> MediaProbe {
        var probe = conforming
        change(&probe)
        return probe
    }

    static let videoCases: [(name: String, probe: MediaProbe, shortfalls: [String])] = [
        ("conforming", conforming, []),
        (
            "1080p at 29.97",
            video { $0.video = VideoStream(codec: "h264", width: 1920, height: 1080, fps: 29.97, bitrate: 4_000_000) },
            []
        ),
        (
            "small",
            video { $0.video = VideoStream(codec: "h264", width: 640, height: 360, fps: 25, bitrate: 2_199_823) },
            ["640×360 below 1280×720"]
        ),
        ("slow", video { $0.video?.fps = 15 }, ["15 fps below 25"]),
        ("24p film", video { $0.video?.fps = 23.976 }, ["23.98 fps below 25"]),
        ("thin", video { $0.video?.bitrate = 1_000_000 }, ["video 1.0 Mbps below 2 Mbps"]),
        ("just under", video { $0.video?.bitrate = 1_999_000 }, ["video 1.999 Mbps below 2 Mbps"]),
        ("short", video { $0.duration = 120.001 }, ["00:02:00 long, below 3 min"]),
        ("HEVC", video { $0.video?.codec = "hevc" }, ["video codec hevc, not H.264"]),
        ("MP3 sound", video { $0.audio?.codec = "mp3" }, ["audio codec mp3, not AAC"]),
        ("silent", video { $0.audio = nil }, ["no audio stream (AAC needed)"]),
        (
            "everything at once",
            video {
                $0.video = VideoStream(codec: "h264", width: 640, height: 360, fps: 15, bitrate: 300_000)
                $0.duration = 10
            },
            ["640×360 below 1280×720", "15 fps below 25", "video 300 kbps below 2 Mbps", "00:00:10 long, below 3 min"]
        ),
    ]

    @Test(arguments: videoCases)
    func videoIsCheckedRuleByRule(_ name: String, _ probe: MediaProbe, _ expected: [String]) {
        let shortfalls = TechnicalStandard().shortfalls(of: probe, type: .video)
        #expect(shortfalls.map(\.message) == expected, "\(name)")
        #expect(shortfalls.allSatisfy { $0.isPublishable }, "\(name)")
    }

    @Test func videoThePoolCannotCarryIsUnpublishable() {
        let quickTime = Self.video { $0.majorBrand = "qt  " }
        let noPicture = Self.video { $0.video = nil }
        let mkv = Self.video { $0.formatName = "matroska,webm" }
        for probe in [quickTime, noPicture, mkv] {
            let shortfalls = TechnicalStandard().shortfalls(of: probe, type: .video)
            #expect(shortfalls.contains { !$0.isPublishable }, "\(probe)")
        }
        #expect(
            TechnicalStandard().shortfalls(of: quickTime, type: .video).map(\.message) == [
                "QuickTime (.mov) file, not MP4 (the pool carries MP4 video only)"
            ])
    }

    static let audio = MediaProbe(
        formatName: "mp3", duration: 30.04, bitrate: 64_000,
        audio: AudioStream(codec: "mp3", sampleRate: 44100, channels: 2))

    static func audio(_ change: (inout MediaProbe) -> Void) -> MediaProbe {
        var probe = audio
        change(&probe)
        return probe
    }

    static let audioCases: [(name: String, probe: MediaProbe, shortfalls: [String])] = [
        ("conforming", audio, []),
        ("48 kHz", audio { $0.audio?.sampleRate = 48000 }, []),
        ("22 kHz", audio { $0.audio?.sampleRate = 22050 }, ["22050 Hz below 44100 Hz"]),
        ("mono", audio { $0.audio?.channels = 1 }, ["mono, not stereo"]),
        ("8-bit", audio { $0.audioBitsPerSample = 8 }, ["8-bit below 16-bit"]),
    ]

    @Test(arguments: audioCases)
    func audioIsCheckedRuleByRule(_ name: String, _ probe: MediaProbe, _ expected: [String]) {
        #expect(TechnicalStandard().shortfalls(of: probe, type: .audio).map(\.message) == expected, "\(name)")
    }

    @Test func audioThatIsNotMP3IsUnpublishable() {
        var ogg = Self.audio
        ogg.formatName = "ogg"
        let shortfalls = TechnicalStandard().shortfalls(of: ogg, type: .audio)
        #expect(shortfalls.map(\.message) == ["ogg file, not MP3 (the pool carries MP3 audio only)"])
        #expect(shortfalls.first?.isPublishable == false)
    }

    @Test func shortAudioIsFine() {
        var short = Self.audio
        short.duration = 20
        #expect(TechnicalStandard().shortfalls(of: short, type: .audio).isEmpty)
    }
}
