import Foundation
import TOMLKit

extension KioskConfiguration {
    /// `[upload]`, checked against `[site]` (read before it).
    mutating func readUpload(_ root: TOMLTable) throws(ConfigurationError) {
        var reader = try ConfigReader(root: root, section: "upload")
        upload.hubURL = try reader.string("hub_url", default: upload.hubURL)
        let lower = upload.hubURL.lowercased()
        if !upload.hubURL.isEmpty, !lower.hasPrefix("http://") && !lower.hasPrefix("https://") {
            throw ConfigurationError(
                key: "upload.hub_url", "\"\(upload.hubURL)\" is not an http(s) URL such as \"https://hub.example.org/\""
            )
        }
        upload.enabled = try reader.bool("enabled", default: !upload.hubURL.isEmpty)
        upload.token = try reader.string("token", default: upload.token)
        upload.tokenFile = try reader.string("token_file", default: upload.tokenFile)
        if !upload.tokenFile.isEmpty, !upload.tokenFile.hasPrefix("/") {
            throw ConfigurationError(key: "upload.token_file", "\"\(upload.tokenFile)\" is not an absolute path")
        }
        if !upload.token.isEmpty, !upload.tokenFile.isEmpty {
            throw ConfigurationError(key: "upload.token_file", "set either upload.token or upload.token_file, not both")
        }
        upload.backoffMinimumSeconds = try reader.number(
            "backoff_min_seconds", default: upload.backoffMinimumSeconds, range: 0.001...86_400)
        upload.backoffMaximumSeconds = try reader.number(
            "backoff_max_seconds", default: upload.backoffMaximumSeconds, range: 0.001...604_800)
        if upload.backoffMinimumSeconds > upload.backoffMaximumSeconds {
            throw ConfigurationError(key: "upload.backoff_min_seconds", "is larger than upload.backoff_max_seconds")
        }
        upload.batchIntervalSeconds = try reader.number(
            "batch_interval_seconds", default: upload.batchIntervalSeconds, range: 0.001...604_800)
        upload.timeoutSeconds = try reader.number("timeout_seconds", default: upload.timeoutSeconds, range: 0.1...600)
        if upload.enabled {
            if upload.hubURL.isEmpty || (upload.token.isEmpty && upload.tokenFile.isEmpty) {
                throw ConfigurationError(
                    key: "upload.enabled",
                    "is true, but upload.hub_url or the token (upload.token or upload.token_file) is empty")
            }
            if site.id.isEmpty {
                throw ConfigurationError(
                    key: "site.id", "must be set to upload usage: the hub counts by site (e.g. \"sh-xuhui-0012\")")
            }
        }
        try reader.rejectUnknownKeys()
    }
}

extension KioskConfiguration.Upload {
    /// The token: `token`, or the first line of `token_file` (read now, so a changed file applies
    /// at the next start).
    public func resolvedToken() throws -> String {
        guard !tokenFile.isEmpty else { return token }
        do {
            let text = try String(contentsOfFile: tokenFile, encoding: .utf8)
            let token = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            guard !token.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw AppError("upload.token_file: \(tokenFile) is empty; put the site's token in it")
            }
            return token.trimmingCharacters(in: .whitespaces)
        } catch let error as AppError {
            throw error
        } catch {
            throw AppError(
                "upload.token_file: cannot read \(tokenFile) (\((error as NSError).localizedDescription)); "
                    + "it must be readable by the yinling user")
        }
    }
}
