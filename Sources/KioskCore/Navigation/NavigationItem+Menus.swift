/// The tiles of each menu, worded as the TV page showed them when it built them itself.
extension NavigationItem {
    static let popularIcon = "/icons/popular.svg"

    /// 继续观看 with where the learner stopped.
    static func resume(_ entry: ResumeEntry) -> NavigationItem {
        NavigationItem(
            kind: .resume, id: entry.resource.id, title: entry.resource.title,
            subtitle: "继续观看 · 已看到 \(TextFormat.clock(entry.position))", image: entry.resource.cover,
            badge: "继续观看", position: entry.position)
    }

    static func category(_ tile: CategoryTile) -> NavigationItem {
        NavigationItem(
            kind: .category, id: tile.name, title: tile.name, subtitle: "\(tile.count) 个节目", image: tile.icon)
    }

    static func popular(count: Int) -> NavigationItem {
        NavigationItem(kind: .popular, id: "popular", title: "大家都在看", subtitle: "\(count) 个节目", image: popularIcon)
    }

    /// A series or a single resource of a category.
    static func entry(_ entry: MenuEntry) -> NavigationItem {
        let who = entry.lecturers.joined(separator: "、")
        switch entry.kind {
        case .series:
            return NavigationItem(
                kind: .series, id: entry.id, title: entry.title, subtitle: "\(entry.episodes ?? 0) 集 · \(who)",
                image: entry.cover)
        case .resource:
            return NavigationItem(
                kind: .resource, id: entry.id, title: entry.title,
                subtitle: "\(who) · \(TextFormat.length(entry.durationSeconds))", image: entry.cover)
        }
    }

    /// A resource tile; inside a series the series name is left out of the title ("第1集：起势").
    static func card(_ card: ResourceCard, inSeries series: String? = nil) -> NavigationItem {
        var title = card.title
        if let series, title.hasPrefix(series), title.count > series.count {
            let rest = title.dropFirst(series.count).drop(while: \.isWhitespace)
            title = String(rest.reversed().drop(while: \.isWhitespace).reversed())
        }
        let who = card.lecturers.joined(separator: "、")
        return NavigationItem(
            kind: .resource, id: card.id, title: title,
            subtitle: "\(who) · \(TextFormat.length(card.durationSeconds))", image: card.cover)
    }

    /// Home before the kiosk has anything cached.
    static let nothingYet = NavigationItem(
        kind: .empty, id: "empty", title: "节目正在准备中", subtitle: "请稍后再来", image: popularIcon)
    /// Home while the kiosk has not answered yet.
    static let starting = NavigationItem(
        kind: .empty, id: "starting", title: "正在准备", subtitle: "请稍候", image: popularIcon)
    /// A category or series whose content went away since its tile was drawn.
    static let emptyList = NavigationItem(
        kind: .empty, id: "empty", title: "这里暂时没有节目", subtitle: "请按“返回”", image: popularIcon)
}
