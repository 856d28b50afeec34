import Foundation

/// Rows of the school's spreadsheet for the publish tests, in the standard's columns.
enum PublishRows {
    static let header =
        "资源ID,资源名称,资源类型,部署平台,资源链接,所属系列,所属顺序,资源简介,资源时长,创建时间,版权方,主讲人,点击量,学习人数,资源封面,资源目录,关键词,所属分类,媒体文件"

    /// One row; `summary` and `catalog` are quoted as a spreadsheet saves them.
    static func row(
        _ id: String, title: String? = nil, type: String = "A01", link: String = "", series: String = "",
        order: String = "", summary: String = "讲解要领，适合老年朋友。", duration: String = "00:03:00",
        school: String = "甲市老年大学", lecturers: String = "李建国", cover: String = "cover-a.jpg",
        catalog: String = "", category: String = "养生保健-太极拳", media: String
    ) -> String {
        let cells = [
            id, title ?? "课程 \(id)", type, link.isEmpty ? "" : "国家老年大学学习平台", link, series, order,
            quoted(summary), duration, "2025-03-10", school, lecturers, "120", "45", cover, quoted(catalog),
            "太极拳;养生", category, media,
        ]
        return cells.joined(separator: ",")
    }

    static func quoted(_ cell: String) -> String {
        cell.isEmpty ? "" : "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Rows 2–17 of the first delivery: what each one tests is in its id.
    static var first: [String] {
        [
            row(
                "OK-01", title: "太极拳入门 第1集", series: "太极拳入门", order: "01",
                summary: "从起势学起，讲清呼吸、重心。\n适合从未练过的朋友。",
                catalog: #"<catalog><item time="00:00:00">起势</item></catalog>"#, media: "ok-1.mp4"),
            row("OK-02", title: "太极拳入门 第2集", series: "太极拳入门", order: "02", cover: "cover-b.jpg", media: "ok-2.mp4"),
            row(
                "OK-03", type: "A02", duration: "00:00:10", lecturers: "孙秀兰;赵文博", category: "文化艺术-戏曲",
                media: "audio.mp3"),
            row("OK-04", type: "A03", link: "https://www.example.edu.cn/courses/1", duration: "", media: ""),
            row("SCHOOL-01", school: "乙县老年学校", media: "school.mp4"),
            row("NC-SIZE", duration: "00:00:10", media: "nc-small.mp4"),
            row("NC-FPS", duration: "00:00:10", media: "nc-15fps.mp4"),
            row("NC-RATE", duration: "00:00:10", media: "nc-1mbps.mp4"),
            row("NC-2MIN", duration: "00:02:00", media: "nc-2min.mp4"),
            row("NC-MONO", type: "A02", duration: "00:00:10", media: "audio-mono.mp3"),
            row("BAD-REQ", title: "", media: "ok-1.mp4"),
            row("BAD-DUR", duration: "1:2", media: "ok-1.mp4"),
            row("BAD-TYPE", type: "A09", media: "ok-1.mp4"),
            row("BAD-FILE", media: "missing.mp4"),
            row("BAD-MEDIA", media: "not-media.mp4"),
            row("BAD-COVER", cover: "cover.png", media: "ok-1.mp4"),
        ]
    }
}
