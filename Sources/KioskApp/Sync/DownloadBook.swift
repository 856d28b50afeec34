import KioskCentral
import KioskCore
import PoolFormat

/// Which resources each downloaded file completes, and which a failed file spoils.
struct DownloadBook {
    /// sha256 → the chosen resources that use the file.
    private let users: [String: [Resource]]
    /// Resource id → the files it still waits for.
    private var missing: [String: Set<String>]

    init(plan: SyncPlan) {
        let queued = Set(plan.files.map(\.file.sha256))
        var users: [String: [Resource]] = [:]
        for resource in plan.chosen {
            for file in resource.files { users[file.sha256, default: []].append(resource) }
        }
        self.users = users
        missing = Dictionary(
            plan.chosen.map { ($0.id, Set($0.files.map(\.sha256)).intersection(queued)) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Records an arrived file; returns the resources it made complete.
    mutating func arrived(_ sha256: String) -> [Resource] {
        var ready: [Resource] = []
        for resource in users[sha256] ?? [] where missing[resource.id] != nil {
            missing[resource.id]?.remove(sha256)
            if missing[resource.id]?.isEmpty == true {
                missing[resource.id] = nil
                ready.append(resource)
            }
        }
        return ready
    }

    /// The failures a failed file causes: every resource that needs it, once.
    func failed(_ planned: PlannedFile, _ error: SourceError, already: [SyncFailure]) -> [SyncFailure] {
        let known = Set(already.map(\.resourceID))
        return (users[planned.file.sha256] ?? []).filter { !known.contains($0.id) }.map {
            SyncFailure(resourceID: $0.id, title: $0.title, reason: "\(planned.field): \(error.message)")
        }
    }
}
