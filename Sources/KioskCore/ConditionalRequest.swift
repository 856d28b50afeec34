/// The precondition headers of a GET or HEAD request, evaluated per RFC 9110 §13.2.2.
public struct ConditionalRequest: Sendable, Hashable {
    public var ifMatch: String?
    public var ifNoneMatch: String?
    public var ifModifiedSince: String?
    public var ifUnmodifiedSince: String?
    public var ifRange: String?

    public init(
        ifMatch: String? = nil, ifNoneMatch: String? = nil, ifModifiedSince: String? = nil,
        ifUnmodifiedSince: String? = nil, ifRange: String? = nil
    ) {
        self.ifMatch = ifMatch
        self.ifNoneMatch = ifNoneMatch
        self.ifModifiedSince = ifModifiedSince
        self.ifUnmodifiedSince = ifUnmodifiedSince
        self.ifRange = ifRange
    }

    /// What the server does after the preconditions.
    public enum Outcome: Sendable, Hashable {
        /// Send the representation; honour a `Range` header only when `honorRange`.
        case proceed(honorRange: Bool)
        /// 304 Not Modified.
        case notModified
        /// 412 Precondition Failed.
        case preconditionFailed
    }

    /// Evaluates the preconditions, in the RFC's order, for a representation whose strong entity
    /// tag is `etag` (without quotes) and which was last modified at `lastModified`.
    public func evaluate(etag: String, lastModified: HTTPDate?) -> Outcome {
        if let ifMatch {
            if !EntityTags(ifMatch).matches(etag, weak: false) { return .preconditionFailed }
        } else if let text = ifUnmodifiedSince, let since = HTTPDate(text), let lastModified, lastModified > since {
            return .preconditionFailed
        }
        if let ifNoneMatch {
            if EntityTags(ifNoneMatch).matches(etag, weak: true) { return .notModified }
        } else if let text = ifModifiedSince, let since = HTTPDate(text), let lastModified, lastModified <= since {
            return .notModified
        }
        return .proceed(honorRange: ifRangeHolds(etag: etag, lastModified: lastModified))
    }

    /// `If-Range` (§13.1.5): the range applies only if the validator still matches, compared strongly.
    private func ifRangeHolds(etag: String, lastModified: HTTPDate?) -> Bool {
        guard let ifRange = ifRange?.trimmingSpacesOnly else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") {
            return EntityTags(ifRange).matches(etag, weak: false)
        }
        guard let date = HTTPDate(ifRange), let lastModified else { return false }
        return date == lastModified
    }
}

/// A parsed `If-Match` / `If-None-Match` value: `*` or a list of entity tags.
struct EntityTags {
    private(set) var any = false
    private(set) var tags: [(opaque: Substring, weak: Bool)] = []

    init(_ header: String) {
        var rest = Substring(header)
        while true {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" || $0 == "," })
            if rest.isEmpty { return }
            if rest.first == "*" {
                any = true
                rest = rest.dropFirst()
                continue
            }
            let weak = rest.hasPrefix("W/")
            if weak { rest = rest.dropFirst(2) }
            guard rest.first == "\"", let close = rest.dropFirst().firstIndex(of: "\"") else { return }
            tags.append((rest[rest.index(after: rest.startIndex)..<close], weak))
            rest = rest[rest.index(after: close)...]
        }
    }

    /// Strong comparison: both tags strong and equal. Weak comparison: equal opaque tags.
    func matches(_ etag: String, weak: Bool) -> Bool {
        any || tags.contains { $0.opaque == etag && (weak || !$0.weak) }
    }
}

extension String {
    fileprivate var trimmingSpacesOnly: String { String(Substring(self).trimmingSpaces) }
}
