import KioskCore

/// A small catalog for navigator tests, answering the navigator's loads at once.
struct NavigatorFixture {
    static let series = "太极拳入门"

    static func card(_ id: String, _ title: String, series: String? = nil, seconds: Int = 600) -> ResourceCard {
        ResourceCard(
            id: id, title: title, type: "A01", lecturers: ["李建国"], durationSeconds: seconds, cover: "/covers/\(id).jpg",
            series: series, seriesOrder: nil, category: ["健康养生"])
    }

    static let episodes = (1...3).map { card("E\($0)", "\(series) 第\($0)集", series: series) }
    static let singles = [card("R-H1", "八段锦"), card("R-H2", "护膝")]
    static let culture = (1...14).map { card("C\($0)", "书法第\($0)课") }
    static let popular = [card("P1", "广场舞"), card("P2", "防诈骗"), card("P3", "智能手机")]
    static let resumed = card("R-RES", "五禽戏")

    var home: HomeMenu? = HomeMenu(
        resume: ResumeEntry(resource: resumed, position: 120),
        categories: [
            CategoryTile(name: "健康养生", count: 5, icon: "/icons/category-1.svg"),
            CategoryTile(name: "文化艺术", count: 14, icon: "/icons/category-2.svg"),
            CategoryTile(name: "空类", count: 1, icon: "/icons/category-3.svg"),
        ],
        popular: popular)
    var categories: [String: CategoryMenu] = [
        "健康养生": CategoryMenu(
            name: "健康养生",
            entries: [
                MenuEntry(
                    kind: .series, id: series, title: series, cover: "/covers/s.jpg", lecturers: ["李建国"],
                    durationSeconds: 1800, episodes: 3)
            ] + singles.map(entry)),
        "文化艺术": CategoryMenu(name: "文化艺术", entries: culture.map(entry)),
        "空类": CategoryMenu(name: "空类", entries: []),
    ]
    var seriesMenus: [String: SeriesMenu] = [
        series: SeriesMenu(name: series, category: "健康养生", episodes: episodes, next: "E2")
    ]
    /// Resume positions by resource id; everything else starts at 0.
    var resumePositions: [String: Double] = ["E2": 42, "R-RES": 100, "R-H1": 15]
    /// Resources the catalog no longer has.
    var gone: Set<String> = []

    static func entry(_ card: ResourceCard) -> MenuEntry {
        MenuEntry(
            kind: .resource, id: card.id, title: card.title, cover: card.cover, lecturers: card.lecturers,
            durationSeconds: card.durationSeconds, episodes: nil)
    }

    func answer(_ load: NavigatorLoad) -> NavigatorAnswer {
        switch load {
        case .home: return .home(home)
        case .category(let name): return .category(name, categories[name])
        case .series(let name): return .series(name, seriesMenus[name])
        case .resource(let id):
            let all = Self.episodes + Self.singles + Self.culture + Self.popular + [Self.resumed]
            guard !gone.contains(id), let card = all.first(where: { $0.id == id }) else { return .resource(id, nil) }
            let index = Self.episodes.firstIndex { $0.id == id }
            let next = index.flatMap { $0 + 1 < Self.episodes.count ? Self.episodes[$0 + 1].id : nil }
            let detail = ResourceDetail(
                resource: card, summary: "", copyrightHolder: "", created: nil, keywords: [], clicks: nil,
                learners: nil, media: MediaLink(url: "/media/\(id).mp4", mime: "video/mp4", bytes: 1),
                resumePosition: resumePositions[id] ?? 0, nextInSeries: next)
            return .resource(id, detail)
        }
    }
}
