/// What to send for a range request against a representation of known size.
public enum ByteRangeResolution: Sendable, Hashable {
    /// 200 with the whole representation.
    case full
    /// 206 with one range.
    case single(ClosedRange<Int64>)
    /// 206 `multipart/byteranges` with these ranges, in ascending order, none overlapping.
    case multiple([ClosedRange<Int64>])
    /// 416 with `Content-Range: bytes */size`.
    case unsatisfiable
}

extension ByteRangeRequest {
    /// Resolves the request against a representation of `size` bytes (RFC 9110 §14.1.2, §14.2).
    public func resolve(size: Int64) -> ByteRangeResolution {
        let satisfiable = specs.compactMap { Self.span(of: $0, size: size) }
        guard !satisfiable.isEmpty else { return .unsatisfiable }
        let merged = Self.merge(satisfiable)
        if merged.count == 1 { return .single(merged[0]) }
        if merged.count > Self.maximumParts { return .full }
        return .multiple(merged)
    }

    /// The bytes a spec selects, or nil when it selects none of them.
    static func span(of spec: Spec, size: Int64) -> ClosedRange<Int64>? {
        switch spec {
        case .closed(let first, let last):
            guard first < size else { return nil }
            return first...min(last, size - 1)
        case .from(let first):
            guard first < size else { return nil }
            return first...(size - 1)
        case .suffix(let length):
            guard length > 0, size > 0 else { return nil }
            return max(0, size - length)...(size - 1)
        }
    }

    /// Sorts, then joins ranges that overlap or are closer than ``mergeGap`` (RFC 9110 §14.2 allows both).
    static func merge(_ spans: [ClosedRange<Int64>]) -> [ClosedRange<Int64>] {
        var result: [ClosedRange<Int64>] = []
        for span in spans.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, span.lowerBound <= last.upperBound.addingSaturating(mergeGap + 1) {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, span.upperBound)
            } else {
                result.append(span)
            }
        }
        return result
    }
}

extension Int64 {
    func addingSaturating(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}
