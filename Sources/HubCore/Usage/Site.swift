import Foundation
import PoolFormat

/// A community learning point that sends usage batches: the id its kiosks put in every batch,
/// the region the office groups it by, and when it was added.
public struct Site: Sendable, Hashable {
    /// `sh-xuhui-0012`: lower-case letters, digits and `-`, at most 64 (the batch's `site`).
    public var id: String
    /// Free text the office chooses (徐汇区, 上海市…); nil when none was given.
    public var region: String?
    public var addedAt: Date

    public init(id: String, region: String?, addedAt: Date) {
        self.id = id
        self.region = region
        self.addedAt = addedAt
    }

    /// Checks `id` with the usage protocol's rule, so every site added can send batches.
    public static func validate(id: String) throws(HubError) {
        guard UsageBatchDecoder.isSiteID(id) else {
            throw HubError(
                .badSiteID,
                "\"\(id)\" is not a site id: use lower-case letters, digits and -, at most 64 (sh-xuhui-0012)")
        }
    }

    /// A region as given on the command line: trimmed; empty means none.
    public static func region(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}
