/// RFC 4180 CSV for spreadsheets and scripts.
public enum CSV {
    /// One line (without its line break) of quoted-as-needed fields.
    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",")
    }

    /// A text field, quoted when it holds a separator, a quote or a line break. Text from
    /// the data that a spreadsheet would run as a formula (= + - @ first) is prefixed with
    /// an apostrophe (OWASP's advice on CSV injection).
    public static func field(_ text: String) -> String {
        var value = text
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Full precision, shortest round-trip form; empty for a missing value.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A whole table: header then rows, CRLF-free (Unix line ends, which every reader takes).
    public static func table(header: [String], rows: [[String]]) -> String {
        var out = line(header) + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
