import PoolFormat

/// Which valid rows are published: each media file checked against the technical standard, each
/// school's conforming videos added up, and the operator's `--allow-nonconforming` applied.
public struct PublicationPlan: Sendable, Hashable {
    /// A valid row whose files were found, with what ffprobe said about its media (nil for A03).
    public struct Candidate: Sendable, Hashable {
        public var draft: ResourceDraft
        public var probe: MediaProbe?

        public init(draft: ResourceDraft, probe: MediaProbe?) {
            self.draft = draft
            self.probe = probe
        }
    }

    /// What happens to a candidate.
    public enum Decision: Sendable, Hashable {
        /// It conforms.
        case publish
        /// It falls short, and `--allow-nonconforming` lets it in.
        case publishAnyway
        /// It falls short and is left out.
        case leaveOut
    }

    /// One candidate with its shortfalls and the decision.
    public struct Entry: Sendable, Hashable {
        public var candidate: Candidate
        public var shortfalls: [Shortfall]
        public var decision: Decision

        public var draft: ResourceDraft { candidate.draft }
        public var isPublished: Bool { decision != .leaveOut }
    }

    /// The candidates in their order, each decided.
    public var entries: [Entry]

    public init(candidates: [Candidate], standard: TechnicalStandard, allowNonconforming: Bool) {
        var shortfalls = candidates.map { candidate in
            candidate.probe.map { standard.shortfalls(of: $0, type: candidate.draft.resource.type) } ?? []
        }
        for (index, shortfall) in Self.schoolShortfalls(candidates, shortfalls, standard) {
            shortfalls[index].append(shortfall)
        }
        entries = zip(candidates, shortfalls).map { candidate, shortfalls in
            let decision: Decision =
                shortfalls.isEmpty
                ? .publish
                : allowNonconforming && shortfalls.allSatisfy(\.isPublishable) ? .publishAnyway : .leaveOut
            return Entry(candidate: candidate, shortfalls: shortfalls, decision: decision)
        }
    }

    /// The sharing rule: a school (版权方) whose conforming videos add up to less than the minimum
    /// falls short with all its video and audio resources. Online courses (A03) are not counted
    /// and not affected: they are links to the school's own platform.
    private static func schoolShortfalls(
        _ candidates: [Candidate], _ shortfalls: [[Shortfall]], _ standard: TechnicalStandard
    ) -> [(Int, Shortfall)] {
        var seconds: [String: Int] = [:]
        for (candidate, own) in zip(candidates, shortfalls) where candidate.draft.resource.type.hasMedia {
            let school = candidate.draft.resource.copyrightHolder
            let conforming = candidate.draft.resource.type == .video && own.isEmpty
            seconds[school, default: 0] += conforming ? candidate.probe?.mediaDuration.seconds ?? 0 : 0
        }
        return candidates.enumerated().compactMap { index, candidate in
            let school = candidate.draft.resource.copyrightHolder
            guard candidate.draft.resource.type.hasMedia, let total = seconds[school],
                total < standard.minimumSchoolSeconds
            else { return nil }
            let message =
                "\(school)'s conforming videos total \(MediaDuration(seconds: total)), "
                + "below \(TechnicalStandard.minutes(standard.minimumSchoolSeconds))"
            return (index, Shortfall(.schoolTotal, message))
        }
    }

    /// The entries that go into the manifest, in order.
    public var published: [Entry] { entries.filter(\.isPublished) }
    /// The entries left out for falling short.
    public var leftOut: [Entry] { entries.filter { !$0.isPublished } }
}
