import Foundation

/// One numbered batch of usage counts from a kiosk to the hub (USAGE-PROTOCOL.md, `yinling-usage/1`).
///
/// It carries exactly the protocol's fields and nothing else: no learner, device or address. The
/// kiosk encodes a batch once (``encoded()``), stores those bytes in its outbox and sends them
/// unchanged on every retry; the hub compares bodies byte for byte.
public struct UsageBatch: Sendable, Hashable, Codable {
    public static let currentFormat = "yinling-usage/1"
    /// The largest body the hub accepts (413 above it); the kiosk splits to stay under it.
    public static let maximumBytes = 1 << 20

    public var format: String
    /// The site id staff configure (`sh-xuhui-0012`): lower-case letters, digits and `-`.
    public var site: String
    /// The kiosk database's random UUID (lower case); a new SD card is a new installation.
    public var installation: String
    /// 1, 2, 3, … per installation, without gaps.
    public var batch: Int
    /// ISO 8601 with the site's offset, `2026-11-21T02:00:05+08:00`.
    public var createdAt: String
    public var kiosk: Kiosk
    /// Deltas since the previous batch; at most one row per resource × day × source.
    public var counts: [UsageCount]

    /// The software that made the batch.
    public struct Kiosk: Sendable, Hashable, Codable {
        public var version: String

        public init(version: String) {
            self.version = version
        }
    }

    public init(site: String, installation: String, batch: Int, createdAt: String, kiosk: Kiosk, counts: [UsageCount]) {
        self.format = Self.currentFormat
        self.site = site
        self.installation = installation
        self.batch = batch
        self.createdAt = createdAt
        self.kiosk = kiosk
        self.counts = counts
    }

    /// The body to store and send: sorted keys, no insignificant whitespace, so the same batch is
    /// always the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings, integers and nulls: encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// Where a count was played (USAGE-PROTOCOL.md "What is counted").
public enum UsageSource: String, Sendable, Hashable, Codable, CaseIterable {
    case tv
    case phone
}

/// The counts of one resource on one local day from one source.
public struct UsageCount: Sendable, Hashable, Codable {
    public var resource: String
    /// `yyyy-mm-dd` in the site's time zone; nil when the day could never be established (sent as
    /// `null`; the hub counts it in the year it arrives).
    public var day: String?
    public var source: UsageSource
    public var plays: Int
    /// Plays of at least min(30 s, half the resource): the 点击量 rankings use.
    public var views: Int
    /// Plays that reached 90 % of the resource.
    public var completions: Int
    /// Seconds actually played, pauses and seeks excluded.
    public var watchSeconds: Int

    public init(
        resource: String, day: String?, source: UsageSource, plays: Int, views: Int, completions: Int,
        watchSeconds: Int
    ) {
        self.resource = resource
        self.day = day
        self.source = source
        self.plays = plays
        self.views = views
        self.completions = completions
        self.watchSeconds = watchSeconds
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case resource, day, source, plays, views, completions, watchSeconds
    }

    /// `day` is written as `null` when unknown, never left out.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource, forKey: .resource)
        try container.encode(day, forKey: .day)
        try container.encode(source, forKey: .source)
        try container.encode(plays, forKey: .plays)
        try container.encode(views, forKey: .views)
        try container.encode(completions, forKey: .completions)
        try container.encode(watchSeconds, forKey: .watchSeconds)
    }
}
