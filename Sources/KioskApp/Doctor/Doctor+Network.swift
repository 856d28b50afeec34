import Foundation
import KioskCentral
import KioskCore
import KioskStore

extension Doctor {
    /// The clock, and (unless `--offline`) the pool and the hub.
    func network(_ runtime: KioskRuntime?) async -> [DoctorLine] {
        var lines = [await clock(runtime)]
        if offline {
            lines.append(.skip("pool", "not checked (--offline)"))
            lines.append(.skip("hub", "not checked (--offline)"))
            return lines
        }
        lines.append(await pool())
        lines.append(await hub())
        return lines
    }

    /// Plays are counted on a day only once the clock is known to be right (docs/usage.md).
    func clock(_ runtime: KioskRuntime?) async -> DoctorLine {
        if KernelClock.isSynchronized() { return .pass("clock", "synchronized by NTP") }
        if let runtime, let evidence = try? await SQLiteUsageOutbox(database: runtime.database).evidence(),
            evidence.contains(where: { $0.bootID == runtime.clock.now().bootID })
        {
            return .pass("clock", "set from the hub's clock for this boot")
        }
        return .warn(
            "clock", "not known to be right yet: plays of this boot wait for their day until it is",
            fix: "let the board reach an NTP server (systemd-timesyncd) or the hub; the counts are kept meanwhile")
    }

    func pool() async -> DoctorLine {
        let url = configuration.pool.url
        guard !url.isEmpty else {
            return .warn("pool", "no [pool] url: content comes only from yinling install", fix: "set [pool] url")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            return FileManager.default.fileExists(atPath: url)
                ? .pass("pool", "directory \(url)")
                : .fail("pool", "directory \(url) is not there", fix: "plug in the USB stick or fix [pool] url")
        }
        if let problem = await HTTPReachability.problem(reaching: url, timeout: .seconds(10)) {
            return .fail("pool", "\(url): \(problem)", fix: "check the network, or [pool] url")
        }
        return .pass("pool", "\(url) answers")
    }

    func hub() async -> DoctorLine {
        let upload = configuration.upload
        guard upload.enabled else {
            return .skip("hub", "usage upload is off (no [upload] hub_url)")
        }
        if let problem = await HTTPReachability.problem(reaching: upload.hubURL, timeout: .seconds(10)) {
            return .fail("hub", "\(upload.hubURL): \(problem)", fix: "check the network, or [upload] hub_url")
        }
        return .pass("hub", "\(upload.hubURL) answers")
    }
}
