/// A column of the schools' spreadsheet: a field of the metadata standard (数字化学习资源元数据标准,
/// 表1) under its Chinese name, plus 媒体文件, the media file's name.
public enum MetadataColumn: String, Sendable, Hashable, CaseIterable {
    case id = "资源ID"
    case title = "资源名称"
    case type = "资源类型"
    case platform = "部署平台"
    case link = "资源链接"
    case series = "所属系列"
    case seriesOrder = "所属顺序"
    case summary = "资源简介"
    case duration = "资源时长"
    case created = "创建时间"
    case copyrightHolder = "版权方"
    case lecturers = "主讲人"
    case clicks = "点击量"
    case learners = "学习人数"
    case cover = "资源封面"
    case catalogXML = "资源目录"
    case keywords = "关键词"
    case category = "所属分类"
    case media = "媒体文件"

    /// The column's header text.
    public var name: String { rawValue }

    /// Columns every row needs, so the header must have them.
    public static let required: [MetadataColumn] = [
        .id, .title, .type, .summary, .copyrightHolder, .lecturers, .cover, .category,
    ]

    /// The column of a manifest key (`Resource.CodingKeys`), e.g. `lecturers` → 主讲人.
    public init?(manifestKey: String) {
        guard let column = Self.allCases.first(where: { $0.manifestKey == manifestKey }) else { return nil }
        self = column
    }

    /// The key of the field in `manifest.json`.
    public var manifestKey: String {
        switch self {
        case .id: "id"
        case .title: "title"
        case .type: "type"
        case .platform: "platform"
        case .link: "link"
        case .series: "series"
        case .seriesOrder: "seriesOrder"
        case .summary: "summary"
        case .duration: "duration"
        case .created: "created"
        case .copyrightHolder: "copyrightHolder"
        case .lecturers: "lecturers"
        case .clicks: "clicks"
        case .learners: "learners"
        case .cover: "cover"
        case .catalogXML: "catalogXML"
        case .keywords: "keywords"
        case .category: "category"
        case .media: "media"
        }
    }
}
