import PoolFormat

/// A school's spreadsheet read as pool entries: the rows that passed, and every problem of the
/// rows that did not (each problem names its row and column).
public struct ResourceSheet: Sendable, Hashable {
    /// The good rows, in the spreadsheet's order.
    public var drafts: [ResourceDraft]
    /// Problems of the rows left out, in row order; a row may have several.
    public var problems: [RowProblem]
    /// Notes that stop nothing, e.g. a column that is not a field of the standard.
    public var warnings: [String]
    /// How many data rows the spreadsheet has (blank rows not counted).
    public var rowCount: Int

    /// Reads `table`; throws only when the header lacks a required column or repeats one.
    public init(table: CSVTable) throws(HubError) {
        var columns: [MetadataColumn: Int] = [:]
        var warnings: [String] = []
        for (index, name) in table.header.enumerated() {
            guard let column = MetadataColumn(rawValue: name) else {
                if !name.isEmpty { warnings.append("column \"\(name)\" is not a field of the standard; ignored") }
                continue
            }
            if columns[column] != nil {
                throw HubError(.badHeader, "the header names column \(name) twice; keep one")
            }
            columns[column] = index
        }
        let missing = MetadataColumn.required.filter { columns[$0] == nil }.map(\.name)
        guard missing.isEmpty else {
            throw HubError(
                .badHeader,
                "the header row lacks the column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")); "
                    + "the first row must name the standard's fields (资源ID, 资源名称, 资源类型, …)")
        }
        if columns[.media] == nil {
            warnings.append("no column 媒体文件: video (A01) and audio (A02) rows cannot name their file")
        }
        self.warnings = warnings
        self.rowCount = table.rows.count
        self.drafts = []
        self.problems = []
        var firstRowOfID: [String: Int] = [:]
        for row in table.rows {
            if let problem = Self.shapeProblem(of: row, headerCount: table.header.count) {
                problems.append(problem)
                continue
            }
            switch ResourceDraft.convert(row, columns: columns) {
            case .failure(let rowProblems):
                problems += rowProblems.problems
            case .success(let draft):
                if let first = firstRowOfID[draft.resource.id] {
                    problems.append(
                        RowProblem(
                            row: row.number, column: .id, "\"\(draft.resource.id)\" is already used by row \(first)"))
                } else {
                    firstRowOfID[draft.resource.id] = row.number
                    drafts.append(draft)
                }
            }
        }
    }

    /// A row with more cells than the header (beyond empty trailing ones) was split wrongly: an
    /// unquoted comma, most likely. Fewer cells are fine: the missing ones are blank.
    private static func shapeProblem(of row: CSVTable.Row, headerCount: Int) -> RowProblem? {
        guard row.fields.count > headerCount,
            row.fields[headerCount...].contains(where: { !$0.allSatisfy(\.isWhitespace) })
        else { return nil }
        return RowProblem(
            row: row.number, column: nil,
            "has \(row.fields.count) cells but the header has \(headerCount); a cell with a comma must be in double quotes"
        )
    }

    /// The numbers of the rows left out.
    public var invalidRows: [Int] {
        var seen = Set<Int>()
        return problems.map(\.row).filter { seen.insert($0).inserted }
    }
}
