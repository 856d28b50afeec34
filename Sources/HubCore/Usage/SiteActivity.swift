import Foundation

/// A site and what it last sent: per installation, the last batch number and when it arrived.
public struct SiteActivity: Sendable, Hashable {
    /// One kiosk installation of the site (a new SD card is a new one).
    public struct Installation: Sendable, Hashable {
        public var id: String
        /// The highest batch number stored.
        public var lastBatch: Int
        /// When the last stored batch of this installation arrived.
        public var lastArrival: Date

        public init(id: String, lastBatch: Int, lastArrival: Date) {
            self.id = id
            self.lastBatch = lastBatch
            self.lastArrival = lastArrival
        }
    }

    public var site: Site
    /// By id.
    public var installations: [Installation]

    public init(site: Site, installations: [Installation]) {
        self.site = site
        self.installations = installations
    }

    /// When the site's last batch arrived; nil when it never sent one.
    public var lastArrival: Date? { installations.map(\.lastArrival).max() }

    /// How long ago the last batch arrived, in whole seconds; nil when it never sent one.
    public func lagSeconds(now: Date) -> Int? {
        lastArrival.map { max(0, Int(now.timeIntervalSince($0).rounded(.down))) }
    }
}
