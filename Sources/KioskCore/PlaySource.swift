/// Where a play was started: the TV (buttons or keyboard) or a phone on the site's Wi-Fi.
public enum PlaySource: String, Sendable, Hashable, Codable, CaseIterable {
    case tv
    case phone
}
