import KioskCore

/// A ``Catalog`` of fixed resources, for domain tests; lists nothing, answers `resource(id:)`.
public struct StaticCatalog: Catalog {
    public let resources: [String: ResourceDetail]

    /// Resources with these ids and lengths in seconds.
    public init(durations: [String: Int]) {
        var resources: [String: ResourceDetail] = [:]
        for (id, seconds) in durations {
            let card = ResourceCard(
                id: id, title: id, type: "A01", lecturers: ["讲师"], durationSeconds: seconds, cover: "/media/c.jpg",
                series: nil, seriesOrder: nil, category: ["养生保健"])
            resources[id] = ResourceDetail(
                resource: card, summary: "", copyrightHolder: "", created: nil, keywords: [], clicks: nil,
                learners: nil, media: MediaLink(url: "/media/m.mp4", mime: "video/mp4", bytes: 1), resumePosition: 0,
                nextInSeries: nil)
        }
        self.resources = resources
    }

    public func home(source: PlaySource) async throws -> HomeMenu { HomeMenu(resume: nil, categories: [], popular: []) }
    public func category(named name: String) async throws -> CategoryMenu? { nil }
    public func series(named name: String, source: PlaySource) async throws -> SeriesMenu? { nil }
    public func resource(id: String, source: PlaySource) async throws -> ResourceDetail? { resources[id] }
    public func file(sha256: String) async throws -> CachedFile? { nil }
    public var generation: UInt64 { 1 }
}
