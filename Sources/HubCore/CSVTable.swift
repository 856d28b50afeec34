import Foundation

/// A CSV file as the schools' spreadsheets save it (RFC 4180): a header row and data rows.
///
/// UTF-8 with or without a byte-order mark; fields separated by commas; a field in double quotes
/// may hold commas, line breaks and doubled quotes (`""`); lines end in LF, CRLF or CR. A quote
/// inside an unquoted field is kept as it is, as spreadsheets read it. Rows are numbered as the
/// spreadsheet shows them: the header is row 1, and a quoted line break does not start a new row.
public struct CSVTable: Sendable, Hashable {
    /// One data row.
    public struct Row: Sendable, Hashable {
        /// The row's number in the spreadsheet (the header is row 1).
        public var number: Int
        public var fields: [String]

        public init(number: Int, fields: [String]) {
            self.number = number
            self.fields = fields
        }
    }

    /// The header's cells, trimmed.
    public var header: [String]
    /// The data rows, without rows that are entirely empty.
    public var rows: [Row]

    /// Parses `data`; throws only when the file cannot be read as a table at all.
    public init(data: Data, name: String = "the CSV") throws(HubError) {
        guard var text = String(data: data, encoding: .utf8) else {
            throw HubError(
                .unreadableCSV,
                "\(name) is not UTF-8 text; save it as \"CSV UTF-8\" (Excel: CSV UTF-8 (逗号分隔); WPS: UTF-8 编码)")
        }
        if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
        var records = try Self.records(in: text, name: name)
        guard !records.isEmpty else { throw HubError(.unreadableCSV, "\(name) is empty: it has no header row") }
        header = records.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        rows = records.filter { row in row.fields.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty } }
    }

    /// Splits the text into records, numbering them from 1.
    private static func records(in text: String, name: String) throws(HubError) -> [Row] {
        var records: [Row] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        var atFieldStart = true
        var sawAnything = false
        func endRecord() {
            fields.append(String(field))
            records.append(Row(number: records.count + 1, fields: fields))
            fields = []
            field = String.UnicodeScalarView()
            atFieldStart = true
            sawAnything = false
        }
        while let scalar = pending ?? scalars.next() {
            pending = nil
            sawAnything = true
            switch scalar {
            case "\"" where atFieldStart:
                atFieldStart = false
                let opened = records.count + 1
                quoted: while true {
                    guard let inner = scalars.next() else {
                        throw HubError(
                            .unreadableCSV,
                            "\(name), row \(opened): a quoted field is never closed (a \" is missing); nothing was published"
                        )
                    }
                    guard inner == "\"" else {
                        field.append(inner)
                        continue
                    }
                    switch scalars.next() {
                    case "\"": field.append("\"")
                    case nil: break quoted
                    case let next? where next == "," || next == "\n" || next == "\r":
                        pending = next
                        break quoted
                    case let next?:
                        throw HubError(
                            .unreadableCSV,
                            "\(name), row \(opened): text after a closing quote (\"…\"\(Character(next))); a quote inside a quoted field must be doubled (\"\")"
                        )
                    }
                }
            case ",":
                fields.append(String(field))
                field = String.UnicodeScalarView()
                atFieldStart = true
            case "\r":
                if let next = scalars.next(), next != "\n" { pending = next }
                endRecord()
            case "\n":
                endRecord()
            default:
                atFieldStart = false
                field.append(scalar)
            }
        }
        if sawAnything { endRecord() }
        return records
    }
}
