import PoolFormat

/// What the hub knows of each resource for its rankings: the title and the top-level category,
/// from the pool's published manifest. Resources the manifest does not list (withdrawn, or no
/// pool given) are ranked under their id, with no category.
public struct ResourceCatalog: Sendable, Hashable {
    /// One resource's title and top-level category.
    public struct Entry: Sendable, Hashable {
        public var title: String
        public var category: String

        public init(title: String, category: String) {
            self.title = title
            self.category = category
        }
    }

    public var entries: [String: Entry]

    public init(entries: [String: Entry] = [:]) {
        self.entries = entries
    }

    /// The catalog of a published manifest.
    public init(manifest: Manifest) {
        var entries: [String: Entry] = [:]
        for resource in manifest.resources {
            entries[resource.id] = Entry(title: resource.title, category: resource.topCategory)
        }
        self.entries = entries
    }
}
