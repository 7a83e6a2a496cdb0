import Foundation
import JumeauModel

/// A CSV file as INSEE and others publish them: `;` or `,` separated (detected from
/// the header), optional UTF-8 BOM, RFC 4180 quoting.
public struct CSVTable {
    public var header: [String]
    /// Rows with their 1-based line number in the file (for error messages).
    public var rows: [(line: Int, fields: [String])]
    public var delimiter: Character
    public let fileName: String

    public struct ParseError: MessageError {
        public var message: Message
        init(_ key: String, _ arguments: [String: any MessageArgument]) { message = Message(key, arguments) }
    }

    public init(bytes: [UInt8], fileName: String) throws {
        self.fileName = fileName
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard text.hasVisibleText else {
            throw ParseError("csv.empty", ["file": fileName])
        }
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" }
        let semicolons = firstLine.filter { $0 == ";" }.count
        let commas = firstLine.filter { $0 == "," }.count
        delimiter = semicolons >= commas && semicolons > 0 ? ";" : ","

        var records: [(Int, [String])] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case delimiter: fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                fields.append(field); field = ""
                if !(fields.count == 1 && fields[0].isEmpty) { records.append((recordLine, fields)) }
                fields = []
                line += 1
                recordLine = line
            default: field.append(c)
            }
        }
        if inQuotes { throw ParseError("csv.unterminated", ["file": fileName, "line": recordLine]) }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            records.append((recordLine, fields))
        }
        guard let headerRecord = records.first else { throw ParseError("csv.no_header", ["file": fileName]) }
        header = headerRecord.1.map { $0.trimmedSpaces }
        rows = []
        for (recordLine, fields) in records.dropFirst() {
            guard fields.count == header.count else {
                throw ParseError("csv.field_count", ["file": fileName, "line": recordLine, "count": fields.count, "expected": header.count])
            }
            rows.append((recordLine, fields))
        }
    }

    public func columnIndex(_ name: String) -> Int? {
        header.firstIndex(of: name) ?? header.firstIndex { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    /// Parses a number as written in French or English files: "1234.5", "1234,5"
    /// (decimal comma in `;` files), "1 234,5" (spaces, including no-break spaces).
    public func number(_ raw: String) -> Double? {
        var text = raw.trimmedSpaces
        guard !text.isEmpty else { return nil }
        text.removeAll { $0 == " " || $0 == "\u{00A0}" || $0 == "\u{202F}" }
        if delimiter == ";" { text = text.replacingOccurrences(of: ",", with: ".") }
        // Plain decimals only: "0x10", "nan" or "inf" in a statistics file are mistakes.
        return PlainNumber.parse(text)
    }

    /// A column holds codes rather than quantities when a value starts with a zero
    /// followed by a digit ("01", "001"): département and commune codes.
    public func looksLikeCodes(column: Int) -> Bool {
        rows.contains { row in
            let v = row.fields[column].trimmedSpaces
            return v.count > 1 && v.first == "0" && v.dropFirst().first?.isNumber == true
        }
    }
}
