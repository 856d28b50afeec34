/// Times in the words the TV page uses (the same as `Kiosk/shared/api.js`).
enum TextFormat {
    /// A position as a clock: 75 → "1:15", 3725 → "1:02:05".
    static func clock(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.isFinite ? seconds.rounded(.down) : 0))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let ss = rest < 10 ? "0\(rest)" : "\(rest)"
        guard hours > 0 else { return "\(minutes):\(ss)" }
        return "\(hours):\(minutes < 10 ? "0\(minutes)" : "\(minutes)"):\(ss)"
    }

    /// A length in plain words: 95 → "1分35秒", 3725 → "1小时2分", 24 → "24秒".
    static func length(_ seconds: Int) -> String {
        let total = max(0, seconds)
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        if hours > 0 { return "\(hours)小时\(minutes)分" }
        if minutes > 0 { return rest > 0 ? "\(minutes)分\(rest)秒" : "\(minutes)分钟" }
        return "\(rest)秒"
    }
}
