/// The summed counts of one resource (USAGE-PROTOCOL.md "What is counted").
public struct ResourceTotals: Sendable, Hashable, Codable {
    public var resource: String
    public var plays: Int
    /// 点击量: the ranking's first key.
    public var views: Int
    public var completions: Int
    public var watchSeconds: Int

    public init(resource: String, plays: Int, views: Int, completions: Int, watchSeconds: Int) {
        self.resource = resource
        self.plays = plays
        self.views = views
        self.completions = completions
        self.watchSeconds = watchSeconds
    }
}
