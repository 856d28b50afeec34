extension FileObject {
    /// Checks the file-object rules of POOL-FORMAT.md for the file named `field` (`cover`, `media`).
    func validate(field: String, mime expectedMIME: String, extensions: [String]) -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if let pathProblem = Self.pathProblem(path) { problems.append(FieldProblem("\(field).path", pathProblem)) }
        if !Self.isSHA256(sha256) {
            problems.append(FieldProblem("\(field).sha256", "\"\(sha256)\" is not 64 lowercase hex digits"))
        }
        if bytes < 0 { problems.append(FieldProblem("\(field).bytes", "must not be negative")) }
        if mime.lowercased() != expectedMIME {
            problems.append(FieldProblem("\(field).mime", "\"\(mime)\" is not \(expectedMIME)"))
        }
        if Self.pathProblem(path) == nil, !extensions.contains(fileExtension) {
            let allowed = extensions.map { ".\($0)" }.joined(separator: " or ")
            problems.append(FieldProblem("\(field).path", "\"\(path)\" does not end in \(allowed)"))
        }
        return problems
    }

    /// Why `path` may not be used as a path inside the pool, or nil when it may.
    /// Paths are joined to the manifest's URL or directory, so anything that could leave the pool
    /// or change what is fetched is refused.
    public static func pathProblem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "\"\(path)\" is absolute" }
        if path.contains("\\") { return "\"\(path)\" contains a backslash" }
        if path.contains("?") || path.contains("#") { return "\"\(path)\" contains a query or fragment" }
        if path.contains(":") { return "\"\(path)\" contains a scheme or drive (':')" }
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        if segments.contains("..") { return "\"\(path)\" contains '..' (path traversal)" }
        if segments.contains(where: { $0.isEmpty || $0 == "." }) { return "\"\(path)\" has an empty or '.' segment" }
        let allowed = path.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D || byte == 0x2F
        }
        return allowed ? nil : "\"\(path)\" has characters other than A–Z, a–z, 0–9, '.', '_', '-', '/'"
    }

    /// Whether `text` is a SHA-256 digest written as 64 lowercase hex digits.
    public static func isSHA256(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
