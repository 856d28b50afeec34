/// One entry of the pool: the Ministry's metadata standard (数字化学习资源元数据标准, 表1) plus its files.
public struct Resource: Sendable, Hashable {
    /// 资源ID: unique in the manifest, `[A-Za-z0-9._-]{1,64}`.
    public var id: String
    /// 资源名称: 1–200 characters.
    public var title: String
    /// 资源类型.
    public var type: ResourceType
    /// 部署平台, for online courses.
    public var platform: String?
    /// 资源链接: required for online courses.
    public var link: String?
    /// 所属系列: resources of one series are shown together.
    public var series: String?
    /// 所属顺序: position inside the series, from 1.
    public var seriesOrder: Int?
    /// 资源简介: plain text.
    public var summary: String
    /// 资源时长: required for video and audio.
    public var duration: MediaDuration?
    /// 创建时间: `yyyy-mm-dd`.
    public var created: String?
    /// 版权方.
    public var copyrightHolder: String
    /// 主讲人: at least one name.
    public var lecturers: [String]
    /// 点击量: national views (USAGE-PROTOCOL.md).
    public var clicks: Int?
    /// 学习人数: national completions.
    public var learners: Int?
    /// 资源封面: a JPEG.
    public var cover: FileObject
    /// 资源目录: the standard's XML table of contents, passed through untouched.
    public var catalogXML: String?
    /// 关键词.
    public var keywords: [String]?
    /// 所属分类: the category path, top level first, e.g. `["科技应用", "智能手机", "微信"]`.
    public var category: [String]
    /// The file itself, for video and audio.
    public var media: FileObject?

    public init(
        id: String, title: String, type: ResourceType, platform: String? = nil, link: String? = nil,
        series: String? = nil, seriesOrder: Int? = nil, summary: String, duration: MediaDuration?,
        created: String? = nil, copyrightHolder: String, lecturers: [String], clicks: Int? = nil,
        learners: Int? = nil, cover: FileObject, catalogXML: String? = nil, keywords: [String]? = nil,
        category: [String], media: FileObject?
    ) {
        self.id = id
        self.title = title
        self.type = type
        self.platform = platform
        self.link = link
        self.series = series
        self.seriesOrder = seriesOrder
        self.summary = summary
        self.duration = duration
        self.created = created
        self.copyrightHolder = copyrightHolder
        self.lecturers = lecturers
        self.clicks = clicks
        self.learners = learners
        self.cover = cover
        self.catalogXML = catalogXML
        self.keywords = keywords
        self.category = category
        self.media = media
    }

    /// The top-level category (the first element of ``category``).
    public var topCategory: String { category.first ?? "" }

    /// Every file the resource needs on disk: its cover, then its media if any.
    public var files: [FileObject] { [cover] + (media.map { [$0] } ?? []) }
}

extension Resource: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, title, type, platform, link, series, seriesOrder, summary, duration, created
        case copyrightHolder, lecturers, clicks, learners, cover, catalogXML, keywords, category, media
    }
}
