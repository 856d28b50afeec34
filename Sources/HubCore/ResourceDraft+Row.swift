import PoolFormat

extension ResourceDraft {
    /// Turns one spreadsheet row into a draft: `;` lists into arrays (`；` too), `01` orders into
    /// numbers, `a-b-c` categories into paths; then checks the entry with the pool format's own
    /// rules. Returns every problem of the row, or the draft.
    public static func convert(_ row: CSVTable.Row, columns: [MetadataColumn: Int]) -> Result<Self, RowProblems> {
        var reader = CellReader(row: row, columns: columns)
        let type = reader.type()
        let resource = Resource(
            id: reader.required(.id) ?? "",
            title: reader.required(.title) ?? "",
            type: type ?? .video,
            platform: reader.optional(.platform),
            link: reader.optional(.link),
            series: reader.optional(.series),
            seriesOrder: reader.wholeNumber(.seriesOrder),
            summary: reader.required(.summary) ?? "",
            duration: reader.duration(),
            created: reader.optional(.created),
            copyrightHolder: reader.required(.copyrightHolder) ?? "",
            lecturers: reader.list(.lecturers, separators: [";", "；"], required: true),
            clicks: reader.wholeNumber(.clicks),
            learners: reader.wholeNumber(.learners),
            cover: placeholderCover,
            catalogXML: reader.untouched(.catalogXML),
            keywords: reader.optionalList(.keywords),
            category: reader.list(.category, separators: ["-"], required: true),
            media: nil
        )
        let coverFile = reader.fileName(.cover, required: true)
        let mediaFile = reader.fileName(.media, required: false)
        var draft = ResourceDraft(row: row.number, resource: resource, coverFile: coverFile ?? "", mediaFile: mediaFile)
        if let type {
            switch (type.hasMedia, mediaFile) {
            case (true, _?): draft.resource.media = placeholderMedia(for: type)
            case (false, _?): reader.report(.media, "must be empty for A03 (an online course is a link, not a file)")
            default: break
            }
        }
        var problems = reader.problems
        var reported = Set(problems.map(\.column))
        // Without a known type, the rules that depend on it (media, duration, link) cannot be judged.
        if type == nil { reported.formUnion([.media, .duration, .link]) }
        for fieldProblem in draft.resource.validate() {
            let problem = RowProblem(row: row.number, fieldProblem: fieldProblem)
            // A cell already reported (missing, unreadable) would only be reported again, worse.
            if !reported.contains(problem.column) { problems.append(problem) }
        }
        return problems.isEmpty ? .success(draft) : .failure(RowProblems(problems))
    }
}

/// Every problem of one row; never empty.
public struct RowProblems: Error, Sendable, Hashable {
    public var problems: [RowProblem]

    public init(_ problems: [RowProblem]) {
        self.problems = problems
    }
}

/// Reads the cells of one row by column, collecting a ``RowProblem`` for each cell it cannot use.
struct CellReader {
    let row: CSVTable.Row
    let columns: [MetadataColumn: Int]
    private(set) var problems: [RowProblem] = []

    init(row: CSVTable.Row, columns: [MetadataColumn: Int]) {
        self.row = row
        self.columns = columns
    }

    mutating func report(_ column: MetadataColumn, _ problem: String) {
        problems.append(RowProblem(row: row.number, column: column, problem))
    }

    /// The cell as written; nil when the column is absent or the cell blank.
    func untouched(_ column: MetadataColumn) -> String? {
        guard let index = columns[column], index < row.fields.count else { return nil }
        let cell = row.fields[index]
        return cell.allSatisfy(\.isWhitespace) ? nil : cell
    }

    /// The cell without surrounding spaces and line breaks; nil when blank.
    func optional(_ column: MetadataColumn) -> String? {
        untouched(column)?.trimmedCell
    }

    mutating func required(_ column: MetadataColumn) -> String? {
        guard let value = optional(column) else {
            report(column, "missing (required)")
            return nil
        }
        return value
    }

    mutating func type() -> ResourceType? {
        guard let text = required(.type) else { return nil }
        guard let type = ResourceType(rawValue: text.uppercased()) else {
            report(.type, "\"\(text)\" is not a resource type (A01 video, A02 audio, A03 online course)")
            return nil
        }
        return type
    }

    /// 所属顺序, 点击量, 学习人数: digits only, leading zeros allowed (`01` is 1).
    mutating func wholeNumber(_ column: MetadataColumn) -> Int? {
        guard let text = optional(column) else { return nil }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), text.count <= 15, let number = Int(text) else {
            report(
                column,
                "\"\(text)\" is not a whole number (digits only, e.g. \(column == .seriesOrder ? "01" : "1200"))")
            return nil
        }
        return number
    }

    mutating func duration() -> MediaDuration? {
        guard let text = optional(.duration) else { return nil }
        guard let duration = MediaDuration(text) else {
            report(.duration, "\"\(text)\" is not hh:mm:ss (e.g. 00:45:10)")
            return nil
        }
        return duration
    }

    /// A list cell split at `separators`, each item trimmed, empty items dropped.
    mutating func list(_ column: MetadataColumn, separators: Set<Character>, required: Bool) -> [String] {
        guard let text = required ? self.required(column) : optional(column) else { return [] }
        return text.split(whereSeparator: { separators.contains($0) }).map { String($0).trimmedCell }
            .filter { !$0.isEmpty }
    }

    mutating func optionalList(_ column: MetadataColumn) -> [String]? {
        let items = list(column, separators: [";", "；"], required: false)
        return items.isEmpty ? nil : items
    }

    /// A file name inside the files folder: relative, without `..`.
    mutating func fileName(_ column: MetadataColumn, required: Bool) -> String? {
        guard let name = required ? self.required(column) : optional(column) else { return nil }
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.hasPrefix("/"), !name.contains("\\"), !segments.contains(".."), !segments.contains("") else {
            report(column, "\"\(name)\" must name a file inside the files folder (a name like a.mp4 or 2025/a.mp4)")
            return nil
        }
        return name
    }
}

extension String {
    /// Without surrounding spaces (full-width ones too) and line breaks.
    var trimmedCell: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
