/// The player's status bar (KIOSK-UX.md "Player"): pause state, position, volume, in large text.
public struct StatusBar: Sendable, Hashable {
    public var paused: Bool
    public var position: Double
    public var duration: Double?
    public var volume: Double

    public init(paused: Bool, position: Double, duration: Double?, volume: Double) {
        self.paused = paused
        self.position = position
        self.duration = duration
        self.volume = volume
    }

    /// `已暂停  01:05 / 22:00  音量 80`.
    public var text: String {
        let state = paused ? "已暂停" : "播放中"
        let time = duration.map { "\(Self.clock(position)) / \(Self.clock($0))" } ?? Self.clock(position)
        let level = Int(volume.isFinite ? volume.rounded() : 0)
        return "\(state)  \(time)  音量 \(level)"
    }

    /// Seconds as `mm:ss` (minutes go past 59 for long lectures: `75:03`).
    public static func clock(_ seconds: Double) -> String {
        let whole = seconds.isFinite ? max(0, Int(seconds)) : 0
        let minutes = whole / 60
        let rest = whole % 60
        return (minutes < 10 ? "0" : "") + "\(minutes):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}
