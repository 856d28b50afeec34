import PoolFormat

/// A resource as a menu tile shows it: cover, title, lecturers, length.
public struct ResourceCard: Sendable, Hashable, Codable {
    public var id: String
    public var title: String
    /// `A01` video or `A02` audio.
    public var type: String
    public var lecturers: [String]
    public var durationSeconds: Int
    /// `hh:mm:ss`, as the standard writes it.
    public var duration: String
    /// URL path of the cover image.
    public var cover: String
    public var series: String?
    public var seriesOrder: Int?
    /// The category path, top level first.
    public var category: [String]

    public init(
        id: String, title: String, type: String, lecturers: [String], durationSeconds: Int, cover: String,
        series: String?, seriesOrder: Int?, category: [String]
    ) {
        self.id = id
        self.title = title
        self.type = type
        self.lecturers = lecturers
        self.durationSeconds = durationSeconds
        self.duration = MediaDuration(seconds: durationSeconds).description
        self.cover = cover
        self.series = series
        self.seriesOrder = seriesOrder
        self.category = category
    }
}
