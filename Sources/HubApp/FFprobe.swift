import Foundation
import HubCore

/// Runs `ffprobe` (from FFmpeg) on media files.
struct FFprobe: Sendable {
    /// The executable.
    let path: String

    /// `explicitPath`, or `ffprobe` found on `PATH`; a clear error when there is none.
    init(explicitPath: String?) throws(AppError) {
        if let explicitPath {
            guard FileManager.default.isExecutableFile(atPath: explicitPath) else {
                throw AppError("--ffprobe \(explicitPath) is not an executable file")
            }
            path = explicitPath
            return
        }
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin")
            .split(separator: ":")
        guard
            let found = directories.map({ "\($0)/ffprobe" }).first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw AppError(
                "ffprobe is not installed (not found on PATH); install FFmpeg (Debian: apt install ffmpeg) "
                    + "or pass --ffprobe <path>")
        }
        path = found
    }

    /// What ffprobe says about `file`; the error quotes ffprobe's own complaint.
    func probe(_ file: String) throws(AppError) -> MediaProbe {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw AppError("cannot run \(path): \(error.localizedDescription)")
        }
        // With `-v error` the error stream holds a line or two, so reading the output first
        // cannot leave ffprobe blocked on a full error pipe.
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let reason =
                complaint.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw AppError("ffprobe cannot read it (\(reason.replacingOccurrences(of: file + ": ", with: "")))")
        }
        do {
            return try MediaProbe(ffprobeJSON: json, file: file)
        } catch {
            throw AppError(error.message)
        }
    }
}
