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
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
