import ContentStore
import Foundation
import HubCore
import PoolFormat

/// A published resource and the spreadsheet row it came from.
struct PlacedResource {
    var row: Int
    var resource: Resource
}

extension Publisher {
    /// Copies the files of the published entries into the pool; any failure stops the publish
    /// before the manifest changes (files already copied stay, and are reused next time).
    func place(_ entries: [PublicationPlan.Entry], in pool: PoolDirectory) throws(AppError) -> [PlacedResource] {
        var placed: [PlacedResource] = []
        for entry in entries {
            let draft = entry.draft
            do {
                let cover = try pool.place(
                    filesDirectory + "/" + draft.coverFile, folder: "covers", fileExtension: "jpg", mime: "image/jpeg")
                var media: FileObject?
                if let mediaFile = draft.mediaFile, let probe = entry.candidate.probe,
                    let mime = draft.resource.type.mediaMIME
                {
                    media = try pool.place(
                        filesDirectory + "/" + mediaFile, folder: "media",
                        fileExtension: draft.resource.type == .audio ? "mp3" : "mp4", mime: mime)
                    media?.video = probe.video
                    media?.audio = probe.audio
                }
                let duration = entry.candidate.probe?.mediaDuration
                placed.append(
                    PlacedResource(
                        row: draft.row, resource: draft.resolved(cover: cover, media: media, duration: duration)))
            } catch {
                throw AppError(
                    "row \(draft.row) (\(draft.resource.id)): \(error.message); manifest.json was not changed")
            }
        }
        return placed
    }

    /// `manifest.json`'s bytes, checked by the kiosks' own decoder: an entry it would reject is
    /// taken out and reported against its row and column (the rows were checked before, so this
    /// only catches what the files added).
    func encode(_ resources: inout [PlacedResource], problems: inout [RowProblem]) throws(AppError) -> Data {
        let encoder = JSONEncoder()
        // Sorted keys: the same content always gives the same bytes (and signature); Foundation on Linux
        // would otherwise order keys differently on every run.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        while true {
            let manifest = Manifest(pool: poolName, publishedAt: publishedAt, resources: resources.map(\.resource))
            let data: Data
            let decoded: DecodedManifest
            do {
                data = try encoder.encode(manifest) + Data("\n".utf8)
                decoded = try ManifestDecoder.decode(data)
            } catch {
                throw AppError("the manifest could not be made: \(error); nothing was changed")
            }
            if decoded.rejected.isEmpty { return data }
            for rejection in decoded.rejected {
                let row = resources[rejection.index].row
                for problem in rejection.problems {
                    let rowProblem = RowProblem(row: row, fieldProblem: problem)
                    problems.append(rowProblem)
                    say(PublishReport.tagged("INVALID", rowProblem.description))
                }
            }
            let rejected = Set(decoded.rejected.map(\.index))
            resources = resources.enumerated().filter { !rejected.contains($0.offset) }.map(\.element)
            guard !resources.isEmpty else {
                throw AppError("nothing to publish: every row was left out; manifest.json was not changed")
            }
        }
    }

    /// The closing lines: what was published, what was left out and why, what was copied.
    func summarize(
        resources: [Resource], plan: PublicationPlan, pool: PoolDirectory, leftOutRows: Int, invalidRows: Int,
        previous: Manifest?, key: PoolSigningKey
    ) {
        let anyway = plan.entries.filter { $0.decision == .publishAnyway }.count
        say(
            "Published \(resources.count) resource\(resources.count == 1 ? "" : "s") to \(pool.root)"
                + (anyway > 0 ? " (\(anyway) below the technical standard, by --allow-nonconforming)" : "")
                + "; \(poolName), published at \(publishedAt).")
        if leftOutRows > 0 {
            let below = plan.leftOut.count
            let reasons = [
                invalidRows > 0 ? "\(invalidRows) invalid (INVALID above)" : nil,
                below > 0 ? "\(below) below the technical standard (NONCONF above)" : nil,
            ]
            say(
                "Left out \(leftOutRows) row\(leftOutRows == 1 ? "" : "s"): "
                    + reasons.compactMap { $0 }.joined(separator: ", ") + ".")
        }
        say(
            "Files: copied \(pool.copiedFiles) (\(ByteSize.format(pool.copiedBytes))), "
                + "reused \(pool.reusedFiles) that the pool already held.")
        if let previous {
            say("Replaced the manifest published at \(previous.publishedAt) (\(previous.resources.count) resources).")
        }
        say("Signed manifest.json with the key whose public half is \(key.publicKey.base64).")
    }
}
