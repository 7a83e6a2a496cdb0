import Foundation

/// The catalogue of user-facing texts, one file per language (`key = text`, `#` comments,
/// `{name}` placeholders), embedded in the binary.
public enum Catalogue {
    private static let english = parse(String(decoding: PackageResources.en_catalog, as: UTF8.self))
    private static let french = parse(String(decoding: PackageResources.fr_catalog, as: UTF8.self))

    public static func table(_ language: Language) -> [String: String] {
        language == .fr ? french : english
    }

    /// Lines `key = text`; the text runs to the end of the line, "\n" in it is a line break.
    public static func parse(_ text: String) -> [String: String] {
        var table: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.drop { $0 == " " }
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { continue }
            let key = trimmed[..<equals].trimmingSpaces
            let value = trimmed[trimmed.index(after: equals)...].trimmingSpaces
            table[key] = value.replacingOccurrences(of: "\\n", with: "\n")
        }
        return table
    }
}

extension Substring {
    /// Without leading and trailing spaces. Works on the UTF-8 view: every command parses
    /// both catalogues at start, and reversing characters cost it a third of a small import.
    var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { $0 != UInt8(ascii: " ") }),
              let last = bytes.lastIndex(where: { $0 != UInt8(ascii: " ") }) else { return "" }
        return String(self[first...last])
    }
}
