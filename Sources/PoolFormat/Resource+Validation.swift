extension Resource {
    /// The longest title, in characters.
    public static let maximumTitleLength = 200

    /// Checks the rules of POOL-FORMAT.md that the types alone do not enforce.
    /// Returns every problem found; an empty array means the entry is good.
    public func validate() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        func check(_ condition: Bool, _ field: String, _ problem: @autoclosure () -> String) {
            if !condition { problems.append(FieldProblem(field, problem())) }
        }
        check(Self.isValidID(id), "id", "\"\(id)\" is not 1–64 of A–Z, a–z, 0–9, '.', '_', '-' (and not only dots)")
        check(
            (1...Self.maximumTitleLength).contains(title.trimmed.count), "title",
            "must be 1–\(Self.maximumTitleLength) characters (has \(title.trimmed.count))")
        check(!summary.trimmed.isEmpty, "summary", "must not be empty")
        check(!copyrightHolder.trimmed.isEmpty, "copyrightHolder", "must not be empty")
        check(!lecturers.isEmpty, "lecturers", "must name at least one lecturer")
        for (index, name) in lecturers.enumerated() {
            check(!name.trimmed.isEmpty, "lecturers[\(index)]", "must not be empty")
        }
        for (index, keyword) in (keywords ?? []).enumerated() {
            check(!keyword.trimmed.isEmpty, "keywords[\(index)]", "must not be empty")
        }
        if let seriesOrder { check(seriesOrder >= 1, "seriesOrder", "must be 1 or more (is \(seriesOrder))") }
        if seriesOrder != nil { check(series?.trimmed.isEmpty == false, "seriesOrder", "given without a series") }
        if let series { check(!series.trimmed.isEmpty, "series", "must not be empty when given") }
        if let created { check(Self.isValidDate(created), "created", "\"\(created)\" is not a date yyyy-mm-dd") }
        if let clicks { check(clicks >= 0, "clicks", "must not be negative") }
        if let learners { check(learners >= 0, "learners", "must not be negative") }
        problems += categoryProblems()
        problems += typeProblems()
        problems += cover.validate(field: "cover", mime: "image/jpeg", extensions: ["jpg", "jpeg"])
        return problems
    }

    private func categoryProblems() -> [FieldProblem] {
        guard let top = category.first else { return [FieldProblem("category", "must name at least the top level")] }
        var problems: [FieldProblem] = []
        if !Categories.topLevel.contains(top) {
            let known = Categories.topLevel.joined(separator: "、")
            problems.append(FieldProblem("category[0]", "\"\(top)\" is not a top-level category (\(known))"))
        }
        if category.count > Categories.maximumDepth {
            problems.append(FieldProblem("category", "deeper than \(Categories.maximumDepth) levels"))
        }
        for (index, name) in category.enumerated()
        where name.trimmed.isEmpty || name.count > Categories.maximumNameLength {
            problems.append(FieldProblem("category[\(index)]", "must be 1–\(Categories.maximumNameLength) characters"))
        }
        return problems
    }

    private func typeProblems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        switch type {
        case .video, .audio:
            if duration == nil { problems.append(FieldProblem("duration", "missing (required for \(type.rawValue))")) }
            if let duration, duration.seconds == 0 { problems.append(FieldProblem("duration", "must not be 00:00:00")) }
            if let media, let mime = type.mediaMIME {
                let extensions = type == .video ? ["mp4"] : ["mp3"]
                problems += media.validate(field: "media", mime: mime, extensions: extensions)
                if media.bytes == 0 { problems.append(FieldProblem("media.bytes", "must not be 0")) }
            } else {
                problems.append(FieldProblem("media", "missing (required for \(type.rawValue))"))
            }
            if let link, !Self.isWebLink(link) {
                problems.append(FieldProblem("link", "\"\(link)\" is not an http(s) URL"))
            }
        case .onlineCourse:
            if let link {
                if !Self.isWebLink(link) { problems.append(FieldProblem("link", "\"\(link)\" is not an http(s) URL")) }
            } else {
                problems.append(FieldProblem("link", "missing (required for A03)"))
            }
            if media != nil {
                problems.append(FieldProblem("media", "must be absent for A03 (an online course has a link)"))
            }
        }
        return problems
    }

    static func isValidID(_ id: String) -> Bool {
        guard (1...64).contains(id.utf8.count), !id.allSatisfy({ $0 == "." }) else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
        }
    }

    static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    static func isWebLink(_ text: String) -> Bool {
        let lower = text.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
        let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
        return !rest.isEmpty && !text.contains(where: { $0.isWhitespace })
    }
}

extension String {
    var trimmed: Substring {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
