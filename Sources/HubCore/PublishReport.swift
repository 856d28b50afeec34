import Foundation
import PoolFormat

/// The conformance report `yinling-hub publish` prints: one line per resource or row problem, in
/// the spreadsheet's row order.
///
/// ```
///   ok        YS-TJQ-01  太极拳入门 第1集
///   NONCONF   X-02  640×360 below 1280×720; 15 fps below 25 — left out
///   INVALID   row 7, column 资源时长: "1:2" is not hh:mm:ss (e.g. 00:45:10)
///   note      YS-TJQ-02  资源时长 00:10:00 in the sheet, the file plays 00:03:00; 00:03:00 is published
/// ```
public enum PublishReport {
    /// The report's lines: `problems` are the rows left out as invalid, `plan` the rest.
    public static func lines(problems: [RowProblem], plan: PublicationPlan) -> [String] {
        var numbered: [(row: Int, text: String)] = problems.map { ($0.row, tagged("INVALID", $0.description)) }
        for entry in plan.entries {
            numbered.append((entry.draft.row, line(for: entry)))
            if let note = durationNote(for: entry.candidate) { numbered.append((entry.draft.row, note)) }
        }
        return numbered.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }
            .map(\.element.text)
    }

    /// `  ok        ID  title` or `  NONCONF   ID  shortfalls — decision`.
    public static func line(for entry: PublicationPlan.Entry) -> String {
        let resource = entry.draft.resource
        guard !entry.shortfalls.isEmpty else { return tagged("ok", "\(resource.id)  \(resource.title)") }
        let shortfalls = entry.shortfalls.map(\.message).joined(separator: "; ")
        let decision: String
        switch entry.decision {
        case .publishAnyway: decision = "published anyway (--allow-nonconforming)"
        case .leaveOut where entry.shortfalls.contains { !$0.isPublishable }:
            decision = "left out (cannot be published)"
        case .leaveOut, .publish: decision = "left out"
        }
        return tagged("NONCONF", "\(resource.id)  \(shortfalls) — \(decision)")
    }

    /// A note when the sheet's 资源时长 and the file's own length differ by more than a second;
    /// the file's length is the one published.
    public static func durationNote(for candidate: PublicationPlan.Candidate) -> String? {
        guard let probe = candidate.probe, let stated = candidate.draft.resource.duration,
            abs(stated.seconds - probe.mediaDuration.seconds) > 1
        else { return nil }
        return tagged(
            "note",
            "\(candidate.draft.resource.id)  资源时长 \(stated) in the sheet, the file plays \(probe.mediaDuration); "
                + "\(probe.mediaDuration) is published")
    }

    /// `  TAG       text`, the tag in a column of ten.
    public static func tagged(_ tag: String, _ text: String) -> String {
        "  " + tag.padding(toLength: max(tag.count + 1, 10), withPad: " ", startingAt: 0) + text
    }
}
