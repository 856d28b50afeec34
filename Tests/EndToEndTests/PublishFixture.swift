import Foundation
import KioskTesting
import PoolFormat

/// A school's delivery for `yinling-hub publish`, made with the real ffmpeg: a folder of media and
/// covers, a CSV with the standard's Chinese headers, and a signing key.
///
/// One conforming 3-minute 1280×720 25 fps 2.2 Mbps H.264/AAC clip is encoded (a plain colour,
/// fast settings, constant bitrate so the bytes are real); further conforming clips are copies of
/// its streams with other metadata, so their hashes differ. Clips that fall short are 10 s long.
final class PublishFixture {
    let directory = TemporaryDirectory("publish")
    var files: String { directory.appending("files") }
    var csv: String { directory.appending("resources.csv") }
    var key: String { directory.appending("pool.key") }
    var pool: String { directory.appending("pool") }
    let signingKey = PoolSigningKey.generate()
    static var hub: String { Repository.executable("yinling-hub") }

    init() throws {
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        try signingKey.fileContents.write(to: URL(fileURLWithPath: key))
    }

    /// Fails with a clear message when ffmpeg is missing.
    static func requireFFmpeg() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for tool in ["ffmpeg", "ffprobe"]
        where !path.split(separator: ":").contains(where: {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }) {
            throw FixtureError(
                "\(tool) is not installed; the publish tests need FFmpeg (Debian: apt install ffmpeg; .ci/deps.sh test installs it)"
            )
        }
    }

    func ffmpeg(_ arguments: [String]) async throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let ffmpeg = path.split(separator: ":").map { "\($0)/ffmpeg" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let run = try await ChildProcess.run(
            ffmpeg ?? "/usr/bin/ffmpeg", ["-y", "-nostdin", "-loglevel", "error"] + arguments, timeout: .seconds(180))
        guard run.status == 0 else { throw FixtureError("ffmpeg \(arguments.joined(separator: " ")): \(run.stderr)") }
    }

    /// An H.264/AAC MP4 of a plain colour at a constant video bitrate.
    func video(_ name: String, size: String = "1280x720", fps: Int = 25, kbps: Int = 2200, seconds: Int = 10)
        async throws
    {
        try await ffmpeg([
            "-f", "lavfi", "-i", "color=c=0x1B5E20:s=\(size):r=\(fps):d=\(seconds)",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=\(seconds)",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "\(kbps)k", "-minrate",
            "\(kbps)k",
            "-maxrate", "\(kbps)k", "-bufsize", "\(kbps / 2)k", "-x264-params", "nal-hrd=cbr", "-g", "\(fps * 2)",
            "-c:a", "aac", "-b:a", "64k", "-ac", "2", "-movflags", "+faststart", "\(files)/\(name)",
        ])
    }

    /// A copy of `source`'s streams with another title: the same media, other bytes.
    func copy(_ source: String, to name: String, seconds: Int? = nil) async throws {
        try await ffmpeg(
            ["-i", "\(files)/\(source)"] + (seconds.map { ["-t", "\($0)"] } ?? []) + [
                "-c", "copy", "-metadata", "title=\(name)", "-movflags", "+faststart", "\(files)/\(name)",
            ])
    }

    func audio(_ name: String, sampleRate: Int = 44100, channels: Int = 2) async throws {
        try await ffmpeg([
            "-f", "lavfi", "-i", "sine=frequency=523:sample_rate=\(sampleRate):duration=10",
            "-c:a", "libmp3lame", "-b:a", "64k", "-ar", "\(sampleRate)", "-ac", "\(channels)", "\(files)/\(name)",
        ])
    }

    func cover(_ name: String, color: String) async throws {
        try await ffmpeg(["-f", "lavfi", "-i", "color=c=\(color):s=640x360", "-frames:v", "1", "\(files)/\(name)"])
    }

    /// Writes the CSV: a UTF-8 byte-order mark, the header, and `rows` (cells already quoted).
    func writeCSV(_ rows: [String]) throws {
        let text = PublishRows.header + "\r\n" + rows.joined(separator: "\r\n") + "\r\n"
        try (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)).write(to: URL(fileURLWithPath: csv))
    }

    /// Runs `yinling-hub publish` on the fixture with `extra` arguments.
    func publish(_ extra: [String] = []) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await ChildProcess.run(
            Self.hub,
            [
                "publish", "--metadata", csv, "--files", files, "--out", pool, "--key", key,
                "--published-at", "2026-11-20T08:00:00Z", "--school-minimum", "5",
            ] + extra, timeout: .seconds(120))
    }

    /// Every file under the pool's `media/` and `covers/`, with its inode and modification time.
    func poolFiles() throws -> [String: (inode: Int, modified: Date)] {
        var result: [String: (inode: Int, modified: Date)] = [:]
        for folder in ["media", "covers"] {
            guard let walker = FileManager.default.enumerator(atPath: "\(pool)/\(folder)") else { continue }
            for case let relative as String in walker {
                let path = "\(pool)/\(folder)/\(relative)"
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                guard attributes[.type] as? FileAttributeType == .typeRegular else { continue }
                result["\(folder)/\(relative)"] = (
                    (attributes[.systemFileNumber] as? NSNumber)?.intValue ?? 0,
                    attributes[.modificationDate] as? Date ?? .distantPast
                )
            }
        }
        return result
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
