public import Foundation

extension RFC5322Date {
    private static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0,
        "EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
        "MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60,
    ]

    /// Parses a Date header tolerantly: optional weekday, `day month year` in either order, two- or
    /// three-digit years (RFC 5322 4.3), missing seconds, numeric or obsolete named zones (unknown or
    /// military zones count as UTC), comments, and junk after the zone.
    /// - Parameter text: The header value.
    /// - Returns: The instant, or nil when no day, month, year and time can be found or the year has more
    ///   than four digits.
    public static func parse(_ text: String) -> Date? {
        var tokens: [Substring] = []
        var cleaned = ""
        var depth = 0
        for c in text {
            if c == "(" {
                depth += 1
                cleaned.append(" ")
                continue
            }
            if c == ")" {
                depth = max(0, depth - 1)
                continue
            }
            if depth == 0 { cleaned.append(c == "," ? " " : c) }
        }
        // "09 : 55 : 06" (obsolete syntax allows space around the colons) → "09:55:06"
        var compact = ""
        for c in cleaned {
            if c == ":" { while compact.last == " " || compact.last == "\t" { compact.removeLast() } }
            if c == " " || c == "\t", compact.last == ":" { continue }
            compact.append(c)
        }
        cleaned = compact
        tokens = cleaned.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        var day: Int?
        var month: Int?
        var year: Int?
        var hour: Int?
        var minute = 0
        var second = 0
        var offset: Int?
        var index = 0
        while index < tokens.count {
            var token = tokens[index]
            index += 1
            let upper = token.uppercased()
            if month == nil, let m = monthNames.firstIndex(where: { upper.hasPrefix($0.uppercased()) }),
                upper.count >= 3,
                upper.allSatisfy(\.isLetter)
            {
                month = m + 1
                continue
            }
            if hour == nil, token.contains(":") {
                // hh:mm[:ss], maybe glued to a zone ("10:00:00+0100")
                if let sign = token.firstIndex(where: { $0 == "+" || $0 == "-" }) {
                    let zone = token[sign...]
                    token = token[..<sign]
                    offset = numericZone(zone)
                }
                let parts = token.split(separator: ":").map { Int($0) }
                guard parts.count >= 2, let h = parts[0], let m = parts[1], h < 24, m < 60 else { continue }
                hour = h
                minute = m
                if parts.count >= 3, let s = parts[2] { second = min(s, 60) }
                continue
            }
            if hour != nil, offset == nil {
                if let zone = numericZone(token) {
                    offset = zone
                    continue
                }
                if let zone = zones[upper] {
                    offset = zone
                    continue
                }
                if upper.count <= 5, upper.allSatisfy(\.isLetter) {
                    offset = 0
                    continue
                }
            }
            if let number = Int(token), token.allSatisfy(\.isNumber) {
                if day == nil, token.count <= 3, number >= 1, number <= 31, year == nil || month != nil {
                    day = number
                } else if year == nil {
                    year = number
                } else if day == nil, number >= 1, number <= 31 {
                    day = number
                }
            }
        }
        guard let d = day, let m = month, var y = year, let h = hour else { return nil }
        if y < 50 { y += 2000 } else if y < 1000 { y += 1900 }
        // Four digits at most (as Python's datetime): a longer digit run is not a year, and one of twelve
        // digits or more overflowed the seconds below (found by fuzz/run.sh).
        guard y <= 9999 else { return nil }
        let days = daysFromCivil(year: y, month: m, day: d)
        let seconds = ((days * 24 + h) * 60 + minute) * 60 + second - (offset ?? 0) * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func numericZone<S: StringProtocol>(_ token: S) -> Int? {
        let chars = Array(token)
        guard chars.count == 5, chars[0] == "+" || chars[0] == "-", let value = Int(String(chars[1...])) else {
            return nil
        }
        let minutes = (value / 100) * 60 + value % 100
        return chars[0] == "-" ? -minutes : minutes
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
