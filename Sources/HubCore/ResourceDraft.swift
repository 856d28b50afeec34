import PoolFormat

/// One valid row of the spreadsheet as a pool entry that still waits for its files.
///
/// Its ``resource`` passed every rule of the pool format with stand-in file objects; publishing
/// replaces them with the real ones (``resolved(cover:media:duration:)``).
public struct ResourceDraft: Sendable, Hashable {
    /// The row's number in the spreadsheet (the header is row 1).
    public var row: Int
    /// The entry, with stand-ins for its cover and media.
    public var resource: Resource
    /// 资源封面: the cover's file name inside the files folder.
    public var coverFile: String
    /// 媒体文件: the media file's name inside the files folder; nil for an online course (A03).
    public var mediaFile: String?

    public init(row: Int, resource: Resource, coverFile: String, mediaFile: String?) {
        self.row = row
        self.resource = resource
        self.coverFile = coverFile
        self.mediaFile = mediaFile
    }

    /// The entry with its real files. `duration` (the media's own length, from ffprobe) replaces
    /// the spreadsheet's 资源时长 when given.
    public func resolved(cover: FileObject, media: FileObject?, duration: MediaDuration?) -> Resource {
        var resource = resource
        resource.cover = cover
        resource.media = media
        if let duration { resource.duration = duration }
        return resource
    }

    /// The file of a content-addressed pool: `media/<aa>/<sha256>.<ext>` or `covers/<aa>/<sha256>.jpg`.
    public static func poolPath(folder: String, sha256: String, fileExtension: String) -> String {
        "\(folder)/\(sha256.prefix(2))/\(sha256).\(fileExtension)"
    }

    /// A stand-in cover that passes the pool's rules, so a row's own fields can be checked before
    /// its files are read.
    static let placeholderCover = placeholder(folder: "covers", fileExtension: "jpg", mime: "image/jpeg")

    /// A stand-in media file for `type`; nil for an online course.
    static func placeholderMedia(for type: ResourceType) -> FileObject? {
        switch type {
        case .video: placeholder(folder: "media", fileExtension: "mp4", mime: "video/mp4")
        case .audio: placeholder(folder: "media", fileExtension: "mp3", mime: "audio/mpeg")
        case .onlineCourse: nil
        }
    }

    private static func placeholder(folder: String, fileExtension: String, mime: String) -> FileObject {
        let zeros = String(repeating: "0", count: 64)
        let path = poolPath(folder: folder, sha256: zeros, fileExtension: fileExtension)
        return FileObject(path: path, sha256: zeros, bytes: 1, mime: mime)
    }
}
