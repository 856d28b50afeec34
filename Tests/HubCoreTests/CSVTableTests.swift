import Foundation
import HubCore
import Testing

@Suite("CSV")
struct CSVTableTests {
    static func table(_ text: String) throws -> CSVTable {
        try CSVTable(data: Data(text.utf8), name: "resources.csv")
    }

    @Test func headerAndRowsAreRead() throws {
        let table = try Self.table("资源ID,资源名称\nA-1,太极拳\nA-2,书法\n")
        #expect(table.header == ["资源ID", "资源名称"])
        #expect(table.rows == [.init(number: 2, fields: ["A-1", "太极拳"]), .init(number: 3, fields: ["A-2", "书法"])])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let table = try CSVTable(data: Data([0xEF, 0xBB, 0xBF]) + Data("资源ID,资源名称\nA-1,x".utf8))
        #expect(table.header.first == "资源ID")
        #expect(table.rows.first?.fields == ["A-1", "x"])
    }

    @Test func quotedFieldsHoldCommasLineBreaksAndQuotes() throws {
        let text = "a,b,c\n\"1,5\",\"第一行\n第二行\",\"他说\"\"好\"\"\"\nnext,\"\",plain \"quote\"\n"
        let table = try Self.table(text)
        #expect(table.rows[0].fields == ["1,5", "第一行\n第二行", "他说\"好\""])
        #expect(table.rows[1].fields == ["next", "", "plain \"quote\""])
        // A quoted line break does not start a new spreadsheet row.
        #expect(table.rows.map(\.number) == [2, 3])
    }

    @Test(arguments: ["a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4", "a,b\n1,2\n3,4"])
    func everyLineEndingIsRead(_ text: String) throws {
        let table = try Self.table(text)
        #expect(table.header == ["a", "b"])
        #expect(table.rows.map(\.fields) == [["1", "2"], ["3", "4"]])
    }

    @Test func blankRowsAreSkippedButCounted() throws {
        let table = try Self.table("a,b\n1,2\n\n,\n3,4\n")
        #expect(table.rows.map(\.number) == [2, 5])
    }

    @Test func trailingEmptyFieldIsKept() throws {
        #expect(try Self.table("a,b,c\n1,2,").rows.first?.fields == ["1", "2", ""])
    }

    @Test(arguments: [
        ("a,b\n1,\"never closed\n2,3\n", "row 2: a quoted field is never closed"),
        ("a,b\n1,2\n\"x\"y,3\n", "row 3: text after a closing quote"),
    ])
    func brokenQuotingStopsWithTheRow(_ text: String, _ message: String) {
        #expect {
            try Self.table(text)
        } throws: { error in
            guard let error = error as? HubError else { return false }
            return error.code == .unreadableCSV && error.message.contains("resources.csv, \(message)")
        }
    }

    @Test func textThatIsNotUTF8IsRefusedWithAHint() {
        // 资源 in GBK, as Excel's plain "CSV" saves it on a Chinese Windows.
        let gbk = Data([0xD7, 0xCA, 0xD4, 0xB4, 0x0A])
        #expect {
            try CSVTable(data: gbk, name: "resources.csv")
        } throws: { error in
            (error as? HubError)?.message.contains("not UTF-8") == true
                && (error as? HubError)?.message.contains("CSV UTF-8") == true
        }
    }
}
