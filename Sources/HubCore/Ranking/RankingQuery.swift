import Foundation
import PoolFormat

/// Which ranking to compute: a year, optionally one top-level category and one region, and how
/// many resources at most. Checked here once for the HTTP API, the page and `yinling-hub report`.
public struct RankingQuery: Sendable, Hashable {
    public static let defaultLimit = 100
    public static let maximumLimit = 10_000

    /// The counting year (``CountingYear``).
    public var year: Int
    /// One of `Categories.topLevel`; nil: every category.
    public var category: String?
    /// A site region as given to `yinling-hub sites add --region`; nil: every site.
    public var region: String?
    public var limit: Int

    public init(year: Int, category: String? = nil, region: String? = nil, limit: Int = Self.defaultLimit)
        throws(HubError)
    {
        guard (2000...9999).contains(year) else {
            throw HubError(.badQuery, "year \(year) is not a year between 2000 and 9999")
        }
        if let category, !Categories.topLevel.contains(category) {
            throw HubError(
                .badQuery,
                "category \"\(category)\" is not a top-level category (\(Categories.topLevel.joined(separator: ", ")))")
        }
        guard (1...Self.maximumLimit).contains(limit) else {
            throw HubError(.badQuery, "limit \(limit) is not between 1 and \(Self.maximumLimit)")
        }
        self.year = year
        self.category = category
        self.region = region
        self.limit = limit
    }

    /// From query parameters as text (empty or missing: the default; the year defaults to the
    /// current one in UTC+8 at `now`). Errors name the parameter.
    public init(year: String?, category: String?, region: String?, limit: String?, now: Date) throws(HubError) {
        var yearNumber = CountingYear.year(of: now)
        if let year, !year.isEmpty {
            guard let number = Int(year) else { throw HubError(.badQuery, "year \"\(year)\" is not a year like 2026") }
            yearNumber = number
        }
        var limitNumber = Self.defaultLimit
        if let limit, !limit.isEmpty {
            guard let number = Int(limit) else {
                throw HubError(.badQuery, "limit \"\(limit)\" is not a whole number")
            }
            limitNumber = number
        }
        try self.init(
            year: yearNumber, category: category.flatMap { $0.isEmpty ? nil : $0 }, region: Site.region(region),
            limit: limitNumber)
    }
}
