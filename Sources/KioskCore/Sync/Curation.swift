/// What a site caches from the pool (`[curation]` in the configuration, overridable from the staff page).
public struct Curation: Sendable, Hashable, Codable {
    /// Top-level categories to include; empty: all of them.
    public var categories: [String] = []
    /// Series cached first, whatever their popularity.
    public var pinnedSeries: [String] = []
    /// Resources (by id) cached first, whatever their popularity.
    public var pinnedResources: [String] = []
    /// Series never cached.
    public var excludedSeries: [String] = []
    /// Resources (by id) never cached.
    public var excludedResources: [String] = []
    /// How much disk the cache may use.
    public var budget = DiskBudget.shareOfDisk(0.9)
    /// Free space always left on the disk.
    public var reserveBytes: Int64 = 1 << 30

    public init() {}

    /// The configuration keys, in the order the configuration and the staff page show them.
    public static let keys = [
        "categories", "pinned_series", "pinned_resources", "excluded_series", "excluded_resources", "budget",
        "reserve",
    ]
}

/// Curation keys set on the staff page; each one set replaces the configuration file's value.
public struct CurationOverrides: Sendable, Hashable, Codable {
    public var categories: [String]?
    public var pinnedSeries: [String]?
    public var pinnedResources: [String]?
    public var excludedSeries: [String]?
    public var excludedResources: [String]?
    public var budget: DiskBudget?
    public var reserveBytes: Int64?

    public init() {}

    /// `base` with every override applied.
    public func applied(to base: Curation) -> Curation {
        var curation = base
        curation.categories = categories ?? base.categories
        curation.pinnedSeries = pinnedSeries ?? base.pinnedSeries
        curation.pinnedResources = pinnedResources ?? base.pinnedResources
        curation.excludedSeries = excludedSeries ?? base.excludedSeries
        curation.excludedResources = excludedResources ?? base.excludedResources
        curation.budget = budget ?? base.budget
        curation.reserveBytes = reserveBytes ?? base.reserveBytes
        return curation
    }

    /// Where each key's effective value comes from, keyed like ``Curation/keys``.
    public var sources: [String: CurationSource] {
        let set: [String: Bool] = [
            "categories": categories != nil, "pinned_series": pinnedSeries != nil,
            "pinned_resources": pinnedResources != nil, "excluded_series": excludedSeries != nil,
            "excluded_resources": excludedResources != nil, "budget": budget != nil, "reserve": reserveBytes != nil,
        ]
        return set.mapValues { $0 ? .staffPage : .configurationFile }
    }
}

/// Where an effective curation value comes from.
public enum CurationSource: String, Sendable, Hashable, Codable {
    case configurationFile = "config"
    case staffPage = "staff"
}

/// The curation in force and where each key comes from: what the staff page and `yinling status` show.
public struct EffectiveCuration: Sendable, Hashable, Codable {
    public var curation: Curation
    public var sources: [String: CurationSource]

    public init(file: Curation, overrides: CurationOverrides) {
        curation = overrides.applied(to: file)
        sources = overrides.sources
    }
}

extension DiskBudget: Codable {
    /// `"90%"` or a number of bytes, exactly.
    public var configurationText: String {
        switch self {
        case .bytes(let bytes): String(bytes)
        case .shareOfDisk(let share):
            // 0.9 * 100 is 90.00000000000001 in binary floating point; shares are whole or tenths of a percent.
            "\(Self.trimmed((share * 1000).rounded() / 10))%"
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let budget = DiskBudget(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "\"\(text)\" is not a disk budget"))
        }
        self = budget
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(configurationText)
    }

    private static func trimmed(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The budget in bytes on a file system of `diskBytes`.
    public func bytes(ofDisk diskBytes: Int64) -> Int64 {
        switch self {
        case .bytes(let bytes): bytes
        case .shareOfDisk(let share): Int64((Double(diskBytes) * share).rounded(.down))
        }
    }
}
