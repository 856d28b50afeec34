import TOMLKit

/// Reads one section of the TOML file, checking each key's type and value, and remembering
/// which keys it read so that unknown (misspelt) keys can be reported instead of ignored.
struct ConfigReader {
    let section: String
    private let table: TOMLTable?
    private var known: [String] = []

    /// The section `[section]` of the file (absent: every key takes its default).
    init(root: TOMLTable, section: String) throws(ConfigurationError) {
        try self.init(parent: root, key: section, name: section)
    }

    private init(parent: TOMLTable?, key: String, name: String) throws(ConfigurationError) {
        self.section = name
        guard let value = parent?[key] else {
            self.table = nil
            return
        }
        guard let table = value.table else { throw ConfigurationError(key: name, "must be a table ([\(name)])") }
        self.table = table
    }

    /// A sub-table such as `[buttons.lines]`.
    func subsection(_ key: String) throws(ConfigurationError) -> ConfigReader {
        try ConfigReader(parent: table, key: key, name: "\(section).\(key)")
    }

    func name(_ key: String) -> String { "\(section).\(key)" }

    /// Every key of the section, for free-form tables such as `[buttons.keys]`.
    var allKeys: [String] { table.map { table in table.map(\.0).sorted() } ?? [] }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        known.append(key)
        return table?[key]
    }

    mutating func string(_ key: String, default fallback: String, allowed: [String]? = nil) throws(ConfigurationError)
        -> String
    {
        guard let raw = value(key) else { return fallback }
        guard let text = raw.string else { throw ConfigurationError(key: name(key), "must be a string in quotes") }
        if let allowed, !allowed.contains(text) {
            let choices = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            throw ConfigurationError(key: name(key), "\"\(text)\" is not one of \(choices)")
        }
        return text
    }

    mutating func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let raw = value(key) else { return fallback }
        guard let number = raw.int, range.contains(number) else {
            throw ConfigurationError(
                key: name(key), "must be a whole number from \(range.lowerBound) to \(range.upperBound) (got \(raw))")
        }
        return number
    }

    /// A number of seconds (or any quantity) that may have a fraction: `60`, `0.005`.
    mutating func number(_ key: String, default fallback: Double, range: ClosedRange<Double>) throws(ConfigurationError)
        -> Double
    {
        guard let raw = value(key) else { return fallback }
        guard let number = raw.double ?? raw.int.map(Double.init), range.contains(number) else {
            throw ConfigurationError(
                key: name(key), "must be a number from \(range.lowerBound) to \(range.upperBound) (got \(raw))")
        }
        return number
    }

    mutating func bool(_ key: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = value(key) else { return fallback }
        guard let flag = raw.bool else {
            throw ConfigurationError(key: name(key), "must be true or false (got \(raw))")
        }
        return flag
    }

    mutating func strings(_ key: String, default fallback: [String] = []) throws(ConfigurationError) -> [String] {
        guard let raw = value(key) else { return fallback }
        guard let array = raw.array else { throw ConfigurationError(key: name(key), "must be a list of strings") }
        var result: [String] = []
        for element in array {
            guard let text = element.string else {
                throw ConfigurationError(key: name(key), "must be a list of strings (found \(element))")
            }
            result.append(text)
        }
        return result
    }

    /// A value that is either an integer or a string, for sizes such as `1073741824` or `"1 GiB"`.
    mutating func size(_ key: String, default fallback: String) throws(ConfigurationError) -> String {
        guard let raw = value(key) else { return fallback }
        if let number = raw.int { return String(number) }
        guard let text = raw.string else {
            throw ConfigurationError(key: name(key), "must be a number of bytes or a string such as \"1 GiB\"")
        }
        return text
    }

    /// Fails on keys this section does not have, naming the ones it does.
    func rejectUnknownKeys(subsections: [String] = []) throws(ConfigurationError) {
        guard let table else { return }
        for key in table.keys where !known.contains(key) && !subsections.contains(key) {
            let list = (known + subsections).joined(separator: ", ")
            throw ConfigurationError(key: name(key), "unknown key (this section has: \(list))")
        }
    }
}
