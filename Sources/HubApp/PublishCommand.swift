import ArgumentParser
import Foundation
import HubCore
import HubStore

/// `yinling-hub publish`: a school's spreadsheet and files in, a signed pool directory out.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the pool: check the spreadsheet and the files, copy them, write and sign manifest.json.",
        discussion: """
            The CSV's columns are the metadata standard's Chinese field names (资源ID, 资源名称, 资源类型, …) \
            plus 媒体文件, the media file's name in --files; 资源封面 names the cover (JPEG) there. Every row \
            is checked (errors name the row and the column), every media file is checked with ffprobe \
            against the technical standard, and a line per resource says how it went. Files are copied \
            into the content-addressed layout (files already there are reused), then manifest.json is \
            written atomically and signed (manifest.json.sig). With --usage-data, clicks (点击量) and \
            learners (学习人数) are the hub's national totals (views and completions, all years) for the \
            resources it has counts for. See docs/publishing.md.

            Exit status: 0 every row published; 1 published, but some rows were left out (invalid, or \
            below the standard without --allow-nonconforming); 2 nothing published (usage error, \
            unreadable CSV or key, no ffprobe, nothing left to publish, or a write failed).
            """)

    @Option(
        help: ArgumentHelp(
            "The spreadsheet: a UTF-8 CSV (with or without BOM) whose header names the standard's fields.",
            valueName: "csv"))
    var metadata: String

    @Option(help: ArgumentHelp("The folder holding the media and cover files the CSV names.", valueName: "dir"))
    var files: String

    @Option(help: ArgumentHelp("The pool directory to publish into (created if missing).", valueName: "pool-dir"))
    var out: String

    @Option(
        help: ArgumentHelp(
            "The signing key file (make one with: yinling-hub keys generate --out <file>).", valueName: "file"))
    var key: String

    @Flag(help: "Publish resources that fall short of the technical standard, after reporting them.")
    var allowNonconforming = false

    @Option(
        help: ArgumentHelp(
            "The manifest's publishedAt, ISO 8601 (default: now, UTC, whole seconds).", valueName: "time"))
    var publishedAt: String?

    @Option(help: ArgumentHelp("The pool's name in the manifest.", valueName: "name"))
    var poolName = "老年教育资源共享池"

    @Option(
        help: ArgumentHelp(
            "The sharing rule: minutes of conforming video each school must share.", valueName: "minutes"))
    var schoolMinimum = 100

    @Option(help: ArgumentHelp("The ffprobe executable (default: ffprobe on PATH).", valueName: "path"))
    var ffprobe: String?

    @Option(
        help: ArgumentHelp(
            "The hub's data directory: its usage totals replace the spreadsheet's 点击量 and 学习人数.",
            valueName: "dir"))
    var usageData: String?

    func validate() throws {
        if let publishedAt, !Self.isTimestamp(publishedAt) {
            throw ValidationError("--published-at \"\(publishedAt)\" is not an ISO 8601 time like 2026-11-20T08:00:00Z")
        }
        if schoolMinimum < 0 { throw ValidationError("--school-minimum must not be negative") }
        if poolName.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--pool-name is empty") }
    }

    func run() async throws {
        var standard = TechnicalStandard()
        standard.minimumSchoolSeconds = schoolMinimum * 60
        var usage: NationalCounts?
        if let usageData { usage = try await Self.nationalCounts(dataDirectory: usageData) }
        let publisher = Publisher(
            metadataPath: metadata, filesDirectory: files, outDirectory: out, keyPath: key,
            publishedAt: publishedAt ?? Self.now(), poolName: poolName, allowNonconforming: allowNonconforming,
            standard: standard, ffprobePath: ffprobe, usage: usage)
        // The publish's file I/O and fsyncs block: a thread of its own, not the cooperative pool.
        let everythingPublished = try await onThread { try publisher.run() }
        if !everythingPublished { throw ExitCode(1) }
    }

    /// The hub's totals of every year and site, read before anything is published.
    static func nationalCounts(dataDirectory: String) async throws -> NationalCounts {
        let database: HubDatabase
        do {
            database = try HubDatabase(directory: dataDirectory, mustExist: true)
        } catch {
            throw AppError("--usage-data: \(error.message); nothing was published")
        }
        let totals = try await SQLiteUsageStore(database: database).totals(year: nil, region: nil)
        try database.close()
        return NationalCounts(totals)
    }

    static func isTimestamp(_ text: String) -> Bool {
        let formatter = ISO8601DateFormatter()
        if formatter.date(from: text) != nil { return true }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) != nil
    }

    /// Now, in UTC, to the second: `2026-11-20T08:00:00Z`.
    static func now() -> String {
        ISO8601DateFormatter().string(from: Date())
    }
}
