import Foundation

/// Finds the files that ship with yinling (the `Kiosk/` pages, the demo pool), whether it runs
/// from a build folder of the repository or from an installed package.
enum InstalledFiles {
    /// The directory of the running executable.
    static var executableDirectory: String {
        let path =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return (path as NSString).deletingLastPathComponent
    }

    /// The first existing `relative` path (a directory containing `marker`) in a parent of the
    /// executable's folder (the repository, from `.build/debug`), else in the package's share folder.
    static func locate(_ relative: String, marker: String) -> String? {
        var candidates: [String] = []
        var directory = executableDirectory
        for _ in 0..<5 {
            candidates.append(directory + "/" + relative)
            directory = (directory as NSString).deletingLastPathComponent
        }
        candidates.append("/usr/share/yinling/\(relative)")
        candidates.append(FileManager.default.currentDirectoryPath + "/" + relative)
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/" + marker) }
    }
}
