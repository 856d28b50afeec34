/// One finding of `yinling doctor`: what was checked, what was found, and what to do about it.
struct DoctorLine: Encodable, Sendable {
    enum Status: String, Encodable, Sendable {
        case pass, warn, fail, skip

        var mark: String {
            switch self {
            case .pass: "✓"
            case .warn: "!"
            case .fail: "✗"
            case .skip: "-"
            }
        }
    }

    var status: Status
    var check: String
    var detail: String
    /// What to do; empty when nothing is to be done.
    var fix: String = ""

    static func pass(_ check: String, _ detail: String) -> DoctorLine {
        .init(status: .pass, check: check, detail: detail)
    }
    static func skip(_ check: String, _ detail: String) -> DoctorLine {
        .init(status: .skip, check: check, detail: detail)
    }
    static func warn(_ check: String, _ detail: String, fix: String) -> DoctorLine {
        .init(status: .warn, check: check, detail: detail, fix: fix)
    }
    static func fail(_ check: String, _ detail: String, fix: String) -> DoctorLine {
        .init(status: .fail, check: check, detail: detail, fix: fix)
    }

    /// `✗ database: … — fix`
    var text: String {
        "\(status.mark) \(check): \(detail)" + (fix.isEmpty ? "" : " — \(fix)")
    }
}
