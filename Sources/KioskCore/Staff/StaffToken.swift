/// Random tokens for staff sessions and CSRF, and their comparison.
public enum StaffToken {
    /// 256 random bits from the system's generator (`getrandom(2)` on Linux), as 64 hex digits.
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        text.reserveCapacity(64)
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return text
    }

    /// Compares in time that depends only on the lengths, so a guess learns nothing from how long a
    /// wrong answer took.
    public static func equal(_ first: String, _ second: String) -> Bool {
        let a = Array(first.utf8)
        let b = Array(second.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }
}
