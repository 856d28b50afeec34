import Foundation
import HubCore
import PoolFormat
import Testing

@Suite("ffprobe output")
struct MediaProbeTests {
    /// Trimmed from `ffprobe -v error -print_format json -show_streams -show_format` of a demo clip.
    static let video = """
        {"streams": [
          {"index": 0, "codec_name": "h264", "codec_type": "video", "width": 640, "height": 360,
           "r_frame_rate": "25/1", "avg_frame_rate": "25/1", "bit_rate": "61662", "bits_per_raw_sample": "8",
           "disposition": {"default": 1, "attached_pic": 0}},
          {"index": 1, "codec_name": "aac", "codec_type": "audio", "sample_fmt": "fltp", "sample_rate": "44100",
           "channels": 2, "bits_per_sample": 0, "r_frame_rate": "0/0", "avg_frame_rate": "0/0", "bit_rate": "48224"}
        ],
        "format": {"format_name": "mov,mp4,m4a,3gp,3g2,mj2", "duration": "24.000000", "bit_rate": "113000",
                   "tags": {"major_brand": "isom", "minor_version": "512"}}}
        """

    @Test func videoFileIsRead() throws {
        let probe = try MediaProbe(ffprobeJSON: Data(Self.video.utf8), file: "a.mp4")
        #expect(probe.formatName == "mov,mp4,m4a,3gp,3g2,mj2" && probe.majorBrand == "isom")
        #expect(probe.duration == 24 && probe.mediaDuration == MediaDuration(seconds: 24))
        #expect(probe.video == VideoStream(codec: "h264", width: 640, height: 360, fps: 25, bitrate: 61662))
        #expect(probe.audio == AudioStream(codec: "aac", sampleRate: 44100, channels: 2))
        #expect(probe.audioBitsPerSample == nil)
    }

    @Test func coverPictureInAnMP3IsNotVideo() throws {
        let json = """
            {"streams": [
              {"codec_name": "mp3", "codec_type": "audio", "sample_rate": "44100", "channels": 2, "bits_per_sample": 0},
              {"codec_name": "mjpeg", "codec_type": "video", "width": 500, "height": 500, "avg_frame_rate": "0/0",
               "r_frame_rate": "90000/1", "disposition": {"attached_pic": 1}}
            ],
            "format": {"format_name": "mp3", "duration": "30.040750", "bit_rate": "64005"}}
            """
        let probe = try MediaProbe(ffprobeJSON: Data(json.utf8), file: "a.mp3")
        #expect(probe.video == nil)
        #expect(probe.mediaDuration == MediaDuration(seconds: 30))
    }

    @Test func frameRateComesFromTheAverage() throws {
        let json = Self.video.replacingOccurrences(
            of: #""avg_frame_rate": "25/1""#, with: #""avg_frame_rate": "30000/1001""#)
        #expect(try MediaProbe(ffprobeJSON: Data(json.utf8), file: "a.mp4").video?.fps == 29.97)
    }

    @Test func outputWithoutALengthIsRefused() {
        #expect {
            try MediaProbe(ffprobeJSON: Data(#"{"streams": [], "format": {"format_name": "tty"}}"#.utf8), file: "x.mp4")
        } throws: { error in
            (error as? HubError)?.message == "x.mp4: ffprobe reports no length; is it a media file?"
        }
    }
}
