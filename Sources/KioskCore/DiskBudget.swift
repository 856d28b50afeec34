import PoolFormat

/// How much of the disk the cache may use (POOL-FORMAT curation, the sync issue's planner).
public enum DiskBudget: Sendable, Hashable, CustomStringConvertible {
    /// A fixed number of bytes.
    case bytes(Int64)
    /// A share of the cache's file system, from 0 to 1.
    case shareOfDisk(Double)

    /// Parses `"85%"`, `"20 GiB"` or `"21474836480"`; nil when it is none of them.
    public init?(_ text: String) {
        let trimmed = Substring(text).trimmingSpaces
        if trimmed.hasSuffix("%") {
            guard let percent = Double(trimmed.dropLast().trimmingSpaces), percent > 0, percent <= 100 else {
                return nil
            }
            self = .shareOfDisk(percent / 100)
        } else if let bytes = ByteSize.parse(String(trimmed)) {
            self = .bytes(bytes)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .bytes(let bytes): ByteSize.format(bytes)
        case .shareOfDisk(let share): "\(Int((share * 100).rounded()))% of the disk"
        }
    }
}
