/// One line mpv writes on its IPC socket: a reply (`request_id`, `error`) or an event.
struct MPVMessage: Sendable, Decodable {
    var event: String?
    var name: String?
    var data: MPVValue?
    var requestID: Int?
    var error: String?
    var reason: String?
    var playlistEntryID: Int?

    enum CodingKeys: String, CodingKey {
        case event, name, data, error, reason
        case requestID = "request_id"
        case playlistEntryID = "playlist_entry_id"
    }
}

/// One command sent to mpv.
struct MPVRequest: Sendable, Encodable {
    var command: MPVValue
    var requestID: Int

    enum CodingKeys: String, CodingKey {
        case command
        case requestID = "request_id"
    }
}
