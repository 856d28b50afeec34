import Foundation
import KioskCore
import PoolFormat
import TOMLKit

extension KioskConfiguration {
    /// Reads and checks a configuration file; nothing in it is ignored silently.
    public static func load(path: String) throws(ConfigurationError) -> KioskConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "", "cannot read the configuration file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError(key: "", "\(path) is not UTF-8 text")
        }
        return try parse(text, name: path)
    }

    /// Parses configuration text; `name` names it in messages.
    public static func parse(_ text: String, name: String = "configuration") throws(ConfigurationError)
        -> KioskConfiguration
    {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigurationError(
                key: "",
                "\(name): line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch {
            throw ConfigurationError(key: "", "\(name): \(error)")
        }
        let sections = ["site", "server", "storage", "pool", "curation", "buttons", "player", "upload"]
        for key in root.keys where !sections.contains(key) {
            throw ConfigurationError(key: key, "unknown section (sections are: \(sections.joined(separator: ", ")))")
        }
        var configuration = KioskConfiguration()
        try configuration.readSiteServerStorage(root)
        try configuration.readPoolCuration(root)
        try configuration.readButtonsPlayerUpload(root)
        return configuration
    }

    private mutating func readSiteServerStorage(_ root: TOMLTable) throws(ConfigurationError) {
        var reader = try ConfigReader(root: root, section: "site")
        site.id = try reader.string("id", default: site.id)
        if !site.id.isEmpty, !Self.isSiteID(site.id) {
            throw ConfigurationError(key: "site.id", "\"\(site.id)\" must be 1–64 of a–z, 0–9 and '-'")
        }
        site.timeZone = try reader.string("timezone", default: site.timeZone)
        if TimeZone(identifier: site.timeZone) == nil {
            throw ConfigurationError(
                key: "site.timezone", "\"\(site.timeZone)\" is not a time zone such as \"Asia/Shanghai\"")
        }
        try reader.rejectUnknownKeys()

        reader = try ConfigReader(root: root, section: "server")
        server.address = try reader.string("address", default: server.address)
        if !NetworkAddress.isLiteral(server.address) {
            throw ConfigurationError(
                key: "server.address", "\"\(server.address)\" is not an IP address such as \"127.0.0.1\" or \"0.0.0.0\""
            )
        }
        server.port = try reader.int("port", default: server.port, range: 0...65535)
        server.webDirectory = try reader.string("web_dir", default: server.webDirectory)
        server.logLevel = try reader.string(
            "log_level", default: server.logLevel,
            allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        server.sendFile = try reader.bool("sendfile", default: server.sendFile)
        server.controlSocket = try reader.string("control_socket", default: server.controlSocket)
        if !server.controlSocket.isEmpty, !server.controlSocket.hasPrefix("/") || server.controlSocket.utf8.count > 100
        {
            throw ConfigurationError(
                key: "server.control_socket", "\"\(server.controlSocket)\" is not an absolute path of at most 100 bytes"
            )
        }
        try reader.rejectUnknownKeys()

        reader = try ConfigReader(root: root, section: "storage")
        storage.dataDirectory = try reader.string("data_dir", default: storage.dataDirectory)
        storage.cacheDirectory = try reader.string("cache_dir", default: storage.cacheDirectory)
        for (key, value) in [("data_dir", storage.dataDirectory), ("cache_dir", storage.cacheDirectory)]
        where value.isEmpty {
            throw ConfigurationError(key: "storage.\(key)", "must not be empty")
        }
        try reader.rejectUnknownKeys()
    }

    private mutating func readPoolCuration(_ root: TOMLTable) throws(ConfigurationError) {
        var reader = try ConfigReader(root: root, section: "pool")
        pool.url = try reader.string("url", default: pool.url)
        let lowerURL = pool.url.lowercased()
        if !pool.url.isEmpty, !lowerURL.hasPrefix("http://"), !lowerURL.hasPrefix("https://"), !pool.url.hasPrefix("/")
        {
            throw ConfigurationError(
                key: "pool.url", "\"\(pool.url)\" is neither an http(s) URL nor an absolute directory path")
        }
        pool.trustedKeys = try reader.strings("trusted_keys")
        for key in pool.trustedKeys {
            do {
                _ = try PoolPublicKey(base64: key)
            } catch {
                throw ConfigurationError(key: "pool.trusted_keys", error.message)
            }
        }
        pool.syncWindow = try reader.string("sync_window", default: pool.syncWindow)
        if !Self.isTimeWindow(pool.syncWindow) {
            throw ConfigurationError(
                key: "pool.sync_window", "\"\(pool.syncWindow)\" is not a window such as \"02:00-05:00\"")
        }
        pool.bandwidthLimit = try Self.bytes(reader.size("bandwidth_limit", default: "0"), key: "pool.bandwidth_limit")
        try reader.rejectUnknownKeys()

        reader = try ConfigReader(root: root, section: "curation")
        curation.categories = try reader.strings("categories")
        for name in curation.categories where !Categories.topLevel.contains(name) {
            throw ConfigurationError(
                key: "curation.categories",
                "\"\(name)\" is not a top-level category (\(Categories.topLevel.joined(separator: "、")))")
        }
        curation.pinnedSeries = try reader.strings("pinned_series")
        curation.pinnedResources = try reader.strings("pinned_resources")
        curation.excludedSeries = try reader.strings("excluded_series")
        curation.excludedResources = try reader.strings("excluded_resources")
        let budget = try reader.size("budget", default: "90%")
        guard let parsedBudget = DiskBudget(budget) else {
            throw ConfigurationError(
                key: "curation.budget", "\"\(budget)\" is not bytes (\"20 GiB\") or a share (\"90%\")")
        }
        curation.budget = parsedBudget
        curation.reserveBytes = try Self.bytes(reader.size("reserve", default: "1 GiB"), key: "curation.reserve")
        try reader.rejectUnknownKeys()
    }

    static func bytes(_ text: String, key: String) throws(ConfigurationError) -> Int64 {
        guard let bytes = ByteSize.parse(text) else {
            throw ConfigurationError(key: key, "\"\(text)\" is not a size such as 1048576 or \"1 GiB\"")
        }
        return bytes
    }

    static func isSiteID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count)
            && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// `HH:MM-HH:MM`, each a valid time of day.
    static func isTimeWindow(_ text: String) -> Bool {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        return ends.count == 2
            && ends.allSatisfy { end in
                let parts = end.split(separator: ":", omittingEmptySubsequences: false)
                guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hours = Int(parts[0]),
                    let minutes = Int(parts[1])
                else { return false }
                return (0..<24).contains(hours) && (0..<60).contains(minutes)
            }
    }
}
