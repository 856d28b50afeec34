import Foundation

extension Ranking {
    /// The header of ``csv()``: the metadata standard's words where it has them (点击量 are views).
    public static let csvHeader = ["排名", "资源ID", "资源名称", "分类", "点击量", "完成次数", "观看秒数", "播放次数"]

    /// `yinling-hub report --format csv`: UTF-8 with a byte-order mark (Excel on a Chinese Windows
    /// reads it as UTF-8 only then), CRLF line ends, cells quoted when they hold `,` `"` or a line break.
    public func csv() -> String {
        var lines = [Self.csvHeader.joined(separator: ",")]
        for entry in entries {
            let cells = [
                String(entry.rank), entry.resource, entry.title, entry.category, String(entry.views),
                String(entry.completions), String(entry.watchSeconds), String(entry.plays),
            ]
            lines.append(cells.map(Self.csvCell).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    static func csvCell(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
