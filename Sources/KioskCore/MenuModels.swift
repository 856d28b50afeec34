/// The home screen (KIOSK-UX.md "Screens" 1).
public struct HomeMenu: Sendable, Hashable, Codable {
    /// 继续观看: the last unfinished TV play, if any.
    public var resume: ResumeEntry?
    /// Top-level categories that have playable content, in the pool's order.
    public var categories: [CategoryTile]
    /// 大家都在看: popular at this site, then nationally.
    public var popular: [ResourceCard]

    public init(resume: ResumeEntry?, categories: [CategoryTile], popular: [ResourceCard]) {
        self.resume = resume
        self.categories = categories
        self.popular = popular
    }
}

/// A resource to resume and where.
public struct ResumeEntry: Sendable, Hashable, Codable {
    public var resource: ResourceCard
    /// Seconds into the resource.
    public var position: Double

    public init(resource: ResourceCard, position: Double) {
        self.resource = resource
        self.position = position
    }
}

/// A top-level category tile.
public struct CategoryTile: Sendable, Hashable, Codable {
    public var name: String
    /// Playable resources in it.
    public var count: Int
    /// URL path of its icon.
    public var icon: String

    public init(name: String, count: Int, icon: String) {
        self.name = name
        self.count = count
        self.icon = icon
    }
}

/// A category screen: its series and single resources (KIOSK-UX.md "Screens" 2).
public struct CategoryMenu: Sendable, Hashable, Codable {
    public var name: String
    public var entries: [MenuEntry]

    public init(name: String, entries: [MenuEntry]) {
        self.name = name
        self.entries = entries
    }
}

/// One tile of a category: a whole series, or a single resource.
public struct MenuEntry: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case series
        case resource
    }

    public var kind: Kind
    /// The series name, or the resource id.
    public var id: String
    public var title: String
    public var cover: String
    public var lecturers: [String]
    /// The resource's length, or the whole series' length.
    public var durationSeconds: Int
    /// Episodes, for a series.
    public var episodes: Int?

    public init(
        kind: Kind, id: String, title: String, cover: String, lecturers: [String], durationSeconds: Int,
        episodes: Int?
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.cover = cover
        self.lecturers = lecturers
        self.durationSeconds = durationSeconds
        self.episodes = episodes
    }
}

/// A series screen: episodes in order (KIOSK-UX.md "Screens" 3).
public struct SeriesMenu: Sendable, Hashable, Codable {
    public var name: String
    /// Its top-level category.
    public var category: String
    public var episodes: [ResourceCard]
    /// The episode that gets the focus: the first one not yet completed on this source.
    public var next: String?

    public init(name: String, category: String, episodes: [ResourceCard], next: String?) {
        self.name = name
        self.category = category
        self.episodes = episodes
        self.next = next
    }
}

/// Everything about one resource, and how to play it.
public struct ResourceDetail: Sendable, Hashable, Codable {
    public var resource: ResourceCard
    public var summary: String
    public var copyrightHolder: String
    public var created: String?
    public var keywords: [String]
    /// National views and completions from the manifest.
    public var clicks: Int?
    public var learners: Int?
    public var media: MediaLink
    /// Where this source stopped last time, in seconds; 0 to start from the beginning.
    public var resumePosition: Double
    /// The following episode of its series, if any.
    public var nextInSeries: String?

    public init(
        resource: ResourceCard, summary: String, copyrightHolder: String, created: String?, keywords: [String],
        clicks: Int?, learners: Int?, media: MediaLink, resumePosition: Double, nextInSeries: String?
    ) {
        self.resource = resource
        self.summary = summary
        self.copyrightHolder = copyrightHolder
        self.created = created
        self.keywords = keywords
        self.clicks = clicks
        self.learners = learners
        self.media = media
        self.resumePosition = resumePosition
        self.nextInSeries = nextInSeries
    }
}

/// Where the media file of a resource is served.
public struct MediaLink: Sendable, Hashable, Codable {
    public var url: String
    public var mime: String
    public var bytes: Int64

    public init(url: String, mime: String, bytes: Int64) {
        self.url = url
        self.mime = mime
        self.bytes = bytes
    }
}
