import Foundation

/// The ranking as a Chinese web page (`GET /ranking`, `yinling-hub report --format html`): a
/// heading, a horizontal bar chart of views as inline SVG, and the table. One self-contained file:
/// no script, no external style sheet, font or image; every text from the data is escaped.
public enum RankingPage {
    /// How many resources the chart shows at most (the table shows all of the ranking).
    public static let chartedEntries = 20

    public static func html(_ ranking: Ranking) -> String {
        let query = ranking.query
        let title = "市民喜爱的学习视频课程 \(query.year)"
        let scope = [query.category ?? "全部分类", query.region ?? "全部地区"].joined(separator: " · ")
        var page = """
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title))</title>
            <style>
            body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2rem auto;
              max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }
            h1 { font-size: 2rem; margin-bottom: 0.25rem; }
            p.scope { color: #555; margin-top: 0; }
            table { border-collapse: collapse; width: 100%; margin-top: 1.5rem; }
            th, td { border-bottom: 1px solid #ddd; padding: 0.4rem 0.6rem; text-align: left; }
            td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
            svg { width: 100%; height: auto; }
            </style>
            </head>
            <body>
            <h1>\(escape(title))</h1>
            <p class="scope">\(escape(scope)) · 按点击量排序（其次完成次数、观看时长）</p>

            """
        if ranking.entries.isEmpty {
            page += "<p>该年度暂无统计数据。</p>\n"
        } else {
            page += chart(ranking.entries.prefix(chartedEntries)) + "\n"
        }
        page += table(ranking.entries)
        page += "</body>\n</html>\n"
        return page
    }

    /// One bar per resource, its length proportional to its views.
    static func chart(_ entries: ArraySlice<Ranking.Entry>) -> String {
        let labelWidth = 320
        let barWidth = 420
        let rowHeight = 30
        let width = labelWidth + barWidth + 90
        let height = entries.count * rowHeight + 10
        let most = max(1, entries.map(\.views).max() ?? 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)" role="img" \
            aria-label="点击量条形图" font-size="15">

            """
        for (row, entry) in entries.enumerated() {
            let y = 5 + row * rowHeight
            let length = max(entry.views > 0 ? 2 : 0, entry.views * barWidth / most)
            let label = "\(entry.rank). " + shortened(entry.title, to: 18)
            svg += """
                <text x="\(labelWidth - 8)" y="\(y + 20)" text-anchor="end">\(escape(label))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(length)" height="\(rowHeight - 8)" fill="#c0392b"/>\
                <text x="\(labelWidth + length + 6)" y="\(y + 20)">\(entry.views)</text>

                """
        }
        return svg + "</svg>"
    }

    static func table(_ entries: [Ranking.Entry]) -> String {
        var html = """
            <table>
            <thead><tr><th class="number">排名</th><th>课程</th><th>分类</th><th class="number">点击量</th>\
            <th class="number">完成次数</th><th class="number">观看时长（小时）</th></tr></thead>
            <tbody>

            """
        for entry in entries {
            let hours = String(format: "%.1f", Double(entry.watchSeconds) / 3600)
            html += """
                <tr><td class="number">\(entry.rank)</td><td>\(escape(entry.title))</td>\
                <td>\(escape(entry.category.isEmpty ? "—" : entry.category))</td>\
                <td class="number">\(entry.views)</td><td class="number">\(entry.completions)</td>\
                <td class="number">\(hours)</td></tr>

                """
        }
        return html + "</tbody>\n</table>\n"
    }

    static func shortened(_ text: String, to characters: Int) -> String {
        text.count <= characters ? text : String(text.prefix(characters - 1)) + "…"
    }

    /// `&`, `<`, `>`, `"` and `'` as character references: safe in text and in quoted attributes.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
