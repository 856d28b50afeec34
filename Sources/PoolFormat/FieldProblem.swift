/// One thing wrong with one field of a manifest entry.
public struct FieldProblem: Sendable, Hashable, CustomStringConvertible {
    /// The field's key path inside the entry, e.g. `media.path`.
    public var field: String
    /// What is wrong, in plain words.
    public var problem: String

    public init(_ field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}

/// A manifest entry that was left out, with every reason.
public struct EntryRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// Position of the entry in `resources`, from 0.
    public var index: Int
    /// The entry's id when it had a readable one.
    public var id: String?
    /// Everything wrong with it; never empty.
    public var problems: [FieldProblem]

    public init(index: Int, id: String?, problems: [FieldProblem]) {
        self.index = index
        self.id = id
        self.problems = problems
    }

    /// The entry's name for people: its id, or its position when it has none.
    public var name: String { id ?? "resources[\(index)]" }

    /// `R000123: media.path: contains ".."; cover.sha256: missing`.
    public var description: String {
        "\(name): " + problems.map(\.description).joined(separator: "; ")
    }
}
