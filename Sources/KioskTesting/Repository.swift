import Foundation

/// Where the repository's files are, for tests that use the real demo pool and executables.
public enum Repository {
    /// The repository root, found from this source file's location.
    public static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// `Assets/demo-pool`.
    public static var demoPool: String { root + "/Assets/demo-pool" }
    /// The demo pool's public key (base64), which only demo and test configurations trust.
    public static var demoPublicKey: String {
        ((try? String(contentsOfFile: root + "/Assets/demo-keys/demo-pool.pub", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `Kiosk/`, the pages.
    public static var webDirectory: String { root + "/Kiosk" }

    /// A built executable: `$YINLING_BUILD_DIR/<name>` or `.build/debug/<name>`.
    public static func executable(_ name: String) -> String {
        let directory = ProcessInfo.processInfo.environment["YINLING_BUILD_DIR"] ?? root + "/.build/debug"
        return directory + "/" + name
    }
}
