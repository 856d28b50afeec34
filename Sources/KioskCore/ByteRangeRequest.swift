/// The `Range` header of a request, parsed per RFC 9110 §14.1.
///
/// Parsing never fails loudly: a header that is not a valid `bytes` ranges-specifier is ignored, as
/// the RFC says, and the whole representation is sent. Only a valid header whose ranges all fall
/// outside the representation is unsatisfiable (416).
public struct ByteRangeRequest: Sendable, Hashable {
    /// One range-spec as written.
    public enum Spec: Sendable, Hashable {
        /// `first-last`
        case closed(first: Int64, last: Int64)
        /// `first-`
        case from(first: Int64)
        /// `-length`: the last `length` bytes.
        case suffix(length: Int64)
    }

    /// The range-specs in the order they were written; never empty.
    public let specs: [Spec]

    /// More satisfiable ranges than this (after merging) are ignored and the whole file is sent:
    /// RFC 9110 §14.2 allows it, and it keeps a request from making us assemble hundreds of parts.
    public static let maximumParts = 16

    /// Ranges closer than this are merged into one part; a part header costs about this much.
    public static let mergeGap: Int64 = 80

    public init(specs: [Spec]) {
        precondition(!specs.isEmpty, "a range request has at least one range")
        self.specs = specs
    }

    /// Parses a `Range` header value; nil when it must be ignored (another unit, bad syntax, an
    /// invalid range such as `5-1`).
    public init?(header: some StringProtocol) {
        var text = Substring(header)
        guard let equals = text.firstIndex(of: "="),
            text[..<equals].trimmingSpaces.lowercased() == "bytes"
        else { return nil }
        text = text[text.index(after: equals)...]
        var specs: [Spec] = []
        for element in text.split(separator: ",", omittingEmptySubsequences: false) {
            let element = element.trimmingSpaces
            // RFC 9110 §5.6.1.2: empty list elements are allowed and do not count.
            if element.isEmpty { continue }
            guard let spec = Self.parseSpec(element) else { return nil }
            specs.append(spec)
        }
        guard !specs.isEmpty else { return nil }
        self.specs = specs
    }

    private static func parseSpec(_ text: Substring) -> Spec? {
        guard let dash = text.firstIndex(of: "-") else { return nil }
        let firstText = text[..<dash]
        let lastText = text[text.index(after: dash)...]
        if firstText.isEmpty {
            guard let length = parseDigits(lastText) else { return nil }
            return .suffix(length: length)
        }
        guard let first = parseDigits(firstText) else { return nil }
        if lastText.isEmpty { return .from(first: first) }
        guard let last = parseDigits(lastText), last >= first else { return nil }
        return .closed(first: first, last: last)
    }

    /// 1*DIGIT; values beyond Int64 saturate, which keeps their meaning (past any end of file).
    private static func parseDigits(_ text: Substring) -> Int64? {
        guard !text.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in text.utf8 {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 0x30))
            value = overflow1 || overflow2 ? Int64.max : sum
        }
        return value
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (HTTP's OWS).
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let end = lastIndex(where: { !isSpace($0) })!
        return self[start...end]
    }
}
