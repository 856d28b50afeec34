/// An HTTP-date (RFC 9110 §5.6.7) as whole seconds since the Unix epoch.
public struct HTTPDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var secondsSince1970: Int64

    public init(secondsSince1970: Int64) {
        self.secondsSince1970 = secondsSince1970
    }

    private static let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate, the form to send: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public var description: String {
        let days = secondsSince1970.floorDivided(by: 86_400)
        let secondOfDay = secondsSince1970 - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        let weekday = Self.weekdays[Int(days.floorModulo(7))]
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(weekday), \(two(day)) \(Self.months[Int(month) - 1]) \(year) "
            + "\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60)) GMT"
    }

    /// Parses the three forms a recipient must accept: IMF-fixdate, RFC 850 and asctime; nil otherwise.
    public init?(_ text: some StringProtocol) {
        let isSeparator: (Character) -> Bool = { $0 == " " || $0 == "," }
        let words = String(text).split(whereSeparator: isSeparator).map(String.init)
        let day: String
        let monthName: String
        var year: Int64
        let time: String
        switch words.count {
        case 6 where words[5] == "GMT":  // Sun, 06 Nov 1994 08:49:37 GMT
            (day, monthName, time) = (words[1], words[2], words[4])
            guard let parsed = Int64(words[3]), words[3].count == 4 else { return nil }
            year = parsed
        case 4 where words[3] == "GMT":  // Sunday, 06-Nov-94 08:49:37 GMT
            let parts = words[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let short = Int64(parts[2]), parts[2].count == 2 else { return nil }
            (day, monthName, time) = (parts[0], parts[1], words[2])
            year = short + (short < 70 ? 2000 : 1900)
        case 5:  // Sun Nov  6 08:49:37 1994
            (monthName, day, time) = (words[1], words[2], words[3])
            guard let parsed = Int64(words[4]), words[4].count == 4 else { return nil }
            year = parsed
        default:
            return nil
        }
        guard let monthIndex = Self.months.firstIndex(of: monthName), let dayNumber = Int64(day),
            (1...31).contains(dayNumber)
        else { return nil }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 }), let hours = Int64(clock[0]),
            let minutes = Int64(clock[1]), let seconds = Int64(clock[2]), hours < 24, minutes < 60, seconds < 61
        else { return nil }
        let days = Self.days(fromCivil: year, Int64(monthIndex + 1), dayNumber)
        secondsSince1970 = days * 86_400 + hours * 3600 + minutes * 60 + seconds
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

    // Howard Hinnant's days-from-civil algorithms: exact for the proleptic Gregorian calendar.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = y.floorDivided(by: 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    func floorModulo(_ divisor: Int64) -> Int64 { self - floorDivided(by: divisor) * divisor }
}
