import PoolFormat

/// One thing wrong with one row of the spreadsheet, named by row number and column, e.g.
/// `row 7, column 资源时长: "1:2" is not hh:mm:ss`.
public struct RowProblem: Sendable, Hashable, CustomStringConvertible {
    /// The row's number in the spreadsheet (the header is row 1).
    public var row: Int
    /// The column at fault; nil when the row as a whole is (e.g. it has too many cells).
    public var column: MetadataColumn?
    /// What is wrong, in plain words.
    public var problem: String

    public init(row: Int, column: MetadataColumn?, _ problem: String) {
        self.row = row
        self.column = column
        self.problem = problem
    }

    /// A pool-format problem (`lecturers[1]: must not be empty`) as a problem of the column the
    /// field came from (`row 5, column 主讲人: item 2 must not be empty`).
    public init(row: Int, fieldProblem: FieldProblem) {
        let field = fieldProblem.field
        let key = String(field.prefix { $0 != "[" && $0 != "." })
        self.row = row
        self.column = MetadataColumn(manifestKey: key)
        var detail = ""
        let rest = field.dropFirst(key.count)
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]"),
            let index = Int(rest.dropFirst().prefix(upTo: close))
        {
            detail = "item \(index + 1) "
        } else if rest.hasPrefix(".") {
            detail = "\(rest.dropFirst()) "
        }
        self.problem = (column == nil ? "\(field): " : detail) + fieldProblem.problem
    }

    public var description: String {
        guard let column else { return "row \(row): \(problem)" }
        return "row \(row), column \(column.name): \(problem)"
    }
}
