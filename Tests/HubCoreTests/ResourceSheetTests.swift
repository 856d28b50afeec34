import Foundation
import HubCore
import PoolFormat
import Testing

@Suite("Spreadsheet rows")
struct ResourceSheetTests {
    static let header =
        "资源ID,资源名称,资源类型,部署平台,资源链接,所属系列,所属顺序,资源简介,资源时长,创建时间,版权方,主讲人,点击量,学习人数,资源封面,资源目录,关键词,所属分类,媒体文件"

    /// A good video row, as a dictionary of cells to change.
    static let good: [String: String] = [
        "资源ID": "YS-TJQ-01", "资源名称": "太极拳入门 第1集", "资源类型": "A01", "所属系列": "太极拳入门", "所属顺序": "01",
        "资源简介": "从起势学起，讲清呼吸。", "资源时长": "00:03:10", "创建时间": "2025-03-10", "版权方": "上海老年大学",
        "主讲人": "李建国;王晓燕", "点击量": "18640", "学习人数": "9210", "资源封面": "tjq-01.jpg",
        "资源目录": "<catalog><item time=\"00:00:00\">起势</item></catalog>", "关键词": "太极拳；站桩; 呼吸",
        "所属分类": "养生保健-太极拳", "媒体文件": "tjq-01.mp4",
    ]

    /// A sheet of the header and `rows`, each `good` with changes (nil removes a cell's value).
    static func sheet(_ rows: [[String: String?]]) throws -> ResourceSheet {
        let columns = header.split(separator: ",").map(String.init)
        var text = header + "\n"
        for changes in rows {
            var cells = good
            for (column, value) in changes { cells[column] = value }
            text += columns.map { quoted(cells[$0] ?? "") }.joined(separator: ",") + "\n"
        }
        return try ResourceSheet(table: CSVTable(data: Data(text.utf8)))
    }

    static func quoted(_ cell: String) -> String {
        cell.contains(where: { ",\"\n".contains($0) })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    @Test func goodRowBecomesAnEntry() throws {
        let sheet = try Self.sheet([[:]])
        #expect(sheet.problems.isEmpty)
        let draft = try #require(sheet.drafts.first)
        #expect(draft.row == 2 && draft.coverFile == "tjq-01.jpg" && draft.mediaFile == "tjq-01.mp4")
        let resource = draft.resource
        #expect(resource.lecturers == ["李建国", "王晓燕"])
        #expect(resource.keywords == ["太极拳", "站桩", "呼吸"])
        #expect(resource.category == ["养生保健", "太极拳"])
        #expect(resource.seriesOrder == 1 && resource.clicks == 18640 && resource.learners == 9210)
        #expect(resource.duration == MediaDuration(seconds: 190))
        #expect(resource.catalogXML == "<catalog><item time=\"00:00:00\">起势</item></catalog>")
        #expect(resource.platform == nil && resource.link == nil)
    }

    @Test func onlineCourseHasALinkAndNoFile() throws {
        let sheet = try Self.sheet([
            [
                "资源类型": "A03", "媒体文件": nil, "资源时长": nil, "部署平台": "国家老年大学学习平台",
                "资源链接": "https://www.example.edu.cn/courses/1",
            ]
        ])
        #expect(sheet.problems.isEmpty)
        #expect(sheet.drafts.first?.mediaFile == nil)
        #expect(sheet.drafts.first?.resource.link == "https://www.example.edu.cn/courses/1")
    }

    /// One broken cell per case, and the exact line the operator reads.
    static let badRows: [(changes: [String: String?], problem: String)] = [
        (["资源名称": nil], "row 2, column 资源名称: missing (required)"),
        (["资源名称": "   "], "row 2, column 资源名称: missing (required)"),
        (["资源时长": "1:2"], #"row 2, column 资源时长: "1:2" is not hh:mm:ss (e.g. 00:45:10)"#),
        (["资源时长": nil], "row 2, column 资源时长: missing (required for A01)"),
        (
            ["资源类型": "A09"],
            #"row 2, column 资源类型: "A09" is not a resource type (A01 video, A02 audio, A03 online course)"#
        ),
        (["媒体文件": nil], "row 2, column 媒体文件: missing (required for A01)"),
        (["所属顺序": "第一"], #"row 2, column 所属顺序: "第一" is not a whole number (digits only, e.g. 01)"#),
        (["点击量": "1.5万"], #"row 2, column 点击量: "1.5万" is not a whole number (digits only, e.g. 1200)"#),
        (["创建时间": "2025/3/10"], #"row 2, column 创建时间: "2025/3/10" is not a date yyyy-mm-dd"#),
        (
            ["资源ID": "YS TJQ 01"],
            #"row 2, column 资源ID: "YS TJQ 01" is not 1–64 of A–Z, a–z, 0–9, '.', '_', '-' (and not only dots)"#
        ),
        (["所属系列": nil], "row 2, column 所属顺序: given without a series"),
        (["主讲人": ";"], "row 2, column 主讲人: must name at least one lecturer"),
        (
            ["资源封面": "../secret.jpg"],
            #"row 2, column 资源封面: "../secret.jpg" must name a file inside the files folder (a name like a.mp4 or 2025/a.mp4)"#
        ),
        (
            ["资源类型": "A03", "资源链接": "https://www.example.edu.cn/c", "资源时长": nil],
            "row 2, column 媒体文件: must be empty for A03 (an online course is a link, not a file)"
        ),
        (["资源类型": "A03", "媒体文件": nil], "row 2, column 资源链接: missing (required for A03)"),
        (["资源链接": "www.example.edu.cn"], #"row 2, column 资源链接: "www.example.edu.cn" is not an http(s) URL"#),
    ]

    @Test(arguments: badRows)
    func badCellIsNamedByRowAndColumn(_ changes: [String: String?], _ problem: String) throws {
        let sheet = try Self.sheet([[:], changes].reversed())
        #expect(sheet.problems.map(\.description) == [problem])
        #expect(sheet.drafts.map(\.row) == [3])
    }

    @Test func unknownTopCategoryNamesTheLevel() throws {
        let sheet = try Self.sheet([["所属分类": "星际旅行-火箭"]])
        let problem = try #require(sheet.problems.first)
        #expect(problem.column == .category)
        #expect(problem.description.hasPrefix(#"row 2, column 所属分类: item 1 "星际旅行" is not a top-level category"#))
    }

    @Test func everyProblemOfARowIsReported() throws {
        let sheet = try Self.sheet([["资源名称": nil, "资源时长": "90", "版权方": nil]])
        #expect(sheet.problems.map(\.column) == [.title, .duration, .copyrightHolder])
    }

    @Test func secondUseOfAnIDIsRefused() throws {
        let sheet = try Self.sheet([[:], ["资源名称": "另一个"]])
        #expect(sheet.problems.map(\.description) == [#"row 3, column 资源ID: "YS-TJQ-01" is already used by row 2"#])
        #expect(sheet.drafts.count == 1)
    }

    @Test func rowWithTooManyCellsIsRefused() throws {
        let text = Self.header + "\n" + "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,extra\n"
        let sheet = try ResourceSheet(table: CSVTable(data: Data(text.utf8)))
        #expect(
            sheet.problems.map(\.description) == [
                "row 2: has 20 cells but the header has 19; a cell with a comma must be in double quotes"
            ])
    }

    @Test func headerWithoutARequiredColumnIsRefused() {
        let header = Self.header.replacingOccurrences(of: "版权方,", with: "")
        #expect {
            try ResourceSheet(table: CSVTable(data: Data((header + "\n").utf8)))
        } throws: { error in
            (error as? HubError)?.code == .badHeader && (error as? HubError)?.message.contains("版权方") == true
        }
    }

    @Test func unknownColumnIsIgnoredWithAWarning() throws {
        let sheet = try ResourceSheet(table: CSVTable(data: Data((Self.header + ",备注\n").utf8)))
        #expect(sheet.warnings == [#"column "备注" is not a field of the standard; ignored"#])
    }
}
