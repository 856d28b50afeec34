import Foundation

/// A directory under the system's temporary folder, deleted when the value is released.
public final class TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "test") {
        let base = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        var template = Array("\(base)/yinling-\(label)-XXXXXX".utf8CString)
        path = mkdtemp(&template).map { String(cString: $0) } ?? "\(base)/yinling-\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the directory.
    public func appending(_ component: String) -> String { path + "/" + component }
}
