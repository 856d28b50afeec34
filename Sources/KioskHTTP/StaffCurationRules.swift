import Foundation
import Hummingbird
import KioskCore
import PoolFormat

/// What the staff page may set as curation overrides; a 422 names the field that breaks a rule.
/// The budget's syntax is checked while decoding (``KioskCore/DiskBudget``).
enum StaffCurationRules {
    static let maximumEntries = 1000
    static let maximumIDLength = 200

    static func check(_ overrides: CurationOverrides) throws {
        for name in overrides.categories ?? [] where !Categories.topLevel.contains(name) {
            throw problem(
                "categories", "\"\(name)\" is not a top-level category (\(Categories.topLevel.joined(separator: "、")))")
        }
        let lists: [(String, [String]?)] = [
            ("pinnedSeries", overrides.pinnedSeries), ("pinnedResources", overrides.pinnedResources),
            ("excludedSeries", overrides.excludedSeries), ("excludedResources", overrides.excludedResources),
        ]
        for (field, list) in lists {
            guard let list else { continue }
            if list.count > maximumEntries { throw problem(field, "at most \(maximumEntries) entries") }
            for entry in list where entry.trimmingCharacters(in: .whitespaces).isEmpty || entry.count > maximumIDLength
            {
                throw problem(field, "\"\(entry)\" must be 1–\(maximumIDLength) characters, not only spaces")
            }
        }
        if let reserve = overrides.reserveBytes, reserve < 0 {
            throw problem("reserveBytes", "must be 0 or more bytes")
        }
        if case .bytes(let bytes)? = overrides.budget, bytes <= 0 {
            throw problem("budget", "must be more than 0 bytes")
        }
    }

    static func problem(_ field: String, _ message: String) -> HTTPError {
        HTTPError(.unprocessableContent, message: "\(field): \(message)")
    }
}
