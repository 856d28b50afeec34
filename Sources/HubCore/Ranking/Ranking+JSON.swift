import Foundation

extension Ranking {
    /// The JSON of `GET /api/v1/ranking` and `yinling-hub report --format json` (docs/hub.md):
    /// sorted keys, Chinese as UTF-8; `category` and `region` are absent when not asked for.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings and integers: encoding cannot fail.
        return (try? encoder.encode(Body(self))) ?? Data()
    }

    private struct Body: Encodable {
        var year: Int
        var category: String?
        var region: String?
        var limit: Int
        var ranking: [Row]

        init(_ ranking: Ranking) {
            year = ranking.query.year
            category = ranking.query.category
            region = ranking.query.region
            limit = ranking.query.limit
            self.ranking = ranking.entries.map(Row.init)
        }
    }

    private struct Row: Encodable {
        var rank: Int
        var resource: String
        var title: String
        var category: String
        var views: Int
        var completions: Int
        var watchSeconds: Int
        var plays: Int

        init(_ entry: Entry) {
            rank = entry.rank
            resource = entry.resource
            title = entry.title
            category = entry.category
            views = entry.views
            completions = entry.completions
            watchSeconds = entry.watchSeconds
            plays = entry.plays
        }
    }
}
