import ContentStore
import Foundation
import HubCore
import PoolFormat

/// Everything `yinling-hub publish` does, in order: read the key and the spreadsheet, find and
/// probe the files, decide against the technical standard, copy, write and sign the manifest.
struct Publisher: Sendable {
    var metadataPath: String
    var filesDirectory: String
    var outDirectory: String
    var keyPath: String
    var publishedAt: String
    var poolName: String
    var allowNonconforming: Bool
    var standard: TechnicalStandard
    var ffprobePath: String?
    /// The hub's usage totals for `clicks` and `learners`; nil keeps the spreadsheet's values.
    var usage: NationalCounts? = nil

    /// Publishes; returns whether every row was published. Throws when nothing was.
    func run() throws(AppError) -> Bool {
        let key = try loadKey()
        let sheet = try readSheet()
        guard FileManager.default.fileExists(atPath: filesDirectory) else {
            throw AppError("--files \(filesDirectory): no such folder")
        }
        say("Publishing \(metadataPath) (\(sheet.rowCount) rows) with files from \(filesDirectory) to \(outDirectory)")
        for warning in sheet.warnings { say(PublishReport.tagged("warning", warning)) }
        var problems = sheet.problems
        let candidates = try findFiles(sheet.drafts, problems: &problems)
        let plan = PublicationPlan(candidates: candidates, standard: standard, allowNonconforming: allowNonconforming)
        for line in PublishReport.lines(problems: problems, plan: plan) { say(line) }
        guard !plan.published.isEmpty else {
            throw AppError("nothing to publish: every row was left out; \(outDirectory)/manifest.json was not changed")
        }
        let pool = try PoolDirectory(root: outDirectory)
        let previous = pool.currentManifest()
        var resources = try place(plan.published, in: pool)
        if let usage {
            resources = resources.map { PlacedResource(row: $0.row, resource: usage.applied(to: $0.resource)) }
            let counted = usage.covered(resources.map(\.resource))
            say(
                "Usage: clicks and learners from the hub's totals (all years, all sites) for \(counted) of "
                    + "\(resources.count) resources; the spreadsheet's values for the others.")
        }
        let manifest = try encode(&resources, problems: &problems)
        let signature: Data
        do {
            signature = try ManifestSignature.sign(manifest, with: key)
        } catch {
            throw AppError(error.message)
        }
        try pool.write(manifest: manifest, signature: signature)
        let leftOutRows = sheet.rowCount - resources.count
        summarize(
            resources: resources.map(\.resource), plan: plan, pool: pool, leftOutRows: leftOutRows,
            invalidRows: Set(problems.map(\.row)).count, previous: previous, key: key)
        return leftOutRows == 0
    }

    private func loadKey() throws(AppError) -> PoolSigningKey {
        guard let contents = FileManager.default.contents(atPath: keyPath) else {
            let exists = FileManager.default.fileExists(atPath: keyPath)
            throw AppError(
                "cannot read the signing key \(keyPath) (\(exists ? "permission denied?" : "no such file")); "
                    + "make one with: yinling-hub keys generate --out \(keyPath)")
        }
        do {
            return try PoolSigningKey(fileContents: contents)
        } catch {
            throw AppError("\(keyPath): \(error.message)")
        }
    }

    private func readSheet() throws(AppError) -> ResourceSheet {
        guard let data = FileManager.default.contents(atPath: metadataPath) else {
            throw AppError("cannot read the spreadsheet \(metadataPath)")
        }
        do {
            return try ResourceSheet(table: CSVTable(data: data, name: metadataPath))
        } catch {
            throw AppError("\(metadataPath): \(error.message)")
        }
    }

    /// The drafts whose files exist (covers are JPEGs) and whose media ffprobe can read, with
    /// what it read; the others become problems of their rows.
    private func findFiles(_ drafts: [ResourceDraft], problems: inout [RowProblem]) throws(AppError)
        -> [PublicationPlan.Candidate]
    {
        var ffprobe: FFprobe?
        var candidates: [PublicationPlan.Candidate] = []
        for draft in drafts {
            var rowProblems: [RowProblem] = []
            let cover = path(of: draft.coverFile)
            if let problem = fileProblem(cover, name: draft.coverFile) {
                rowProblems.append(RowProblem(row: draft.row, column: .cover, problem))
            } else if !Self.isJPEG(cover) {
                rowProblems.append(
                    RowProblem(row: draft.row, column: .cover, "\"\(draft.coverFile)\" is not a JPEG image"))
            }
            var probe: MediaProbe?
            if let mediaFile = draft.mediaFile {
                if let problem = fileProblem(path(of: mediaFile), name: mediaFile) {
                    rowProblems.append(RowProblem(row: draft.row, column: .media, problem))
                } else {
                    if ffprobe == nil { ffprobe = try FFprobe(explicitPath: ffprobePath) }
                    do {
                        probe = try ffprobe?.probe(path(of: mediaFile))
                    } catch {
                        rowProblems.append(
                            RowProblem(row: draft.row, column: .media, "\"\(mediaFile)\": \(error.message)"))
                    }
                }
            }
            if rowProblems.isEmpty {
                candidates.append(PublicationPlan.Candidate(draft: draft, probe: probe))
            } else {
                problems += rowProblems
            }
        }
        return candidates
    }

    private func path(of name: String) -> String { filesDirectory + "/" + name }

    private func fileProblem(_ path: String, name: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no file \"\(name)\" in \(filesDirectory)"
        }
        return isDirectory.boolValue ? "\"\(name)\" is a folder, not a file" : nil
    }

    /// JPEG files start with FF D8 FF.
    static func isJPEG(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let start = (try? handle.read(upToCount: 3)) ?? Data()
        return start == Data([0xFF, 0xD8, 0xFF])
    }
}
