import Foundation

extension String {
    /// Without the spaces and tabs around it (Foundation's `.whitespaces`). Most fields of
    /// a national file have none: they are returned as they are, without Foundation's
    /// scan of the character set, a tenth of a national import's time.
    var trimmedSpaces: String { trimmed(.whitespaces) }

    /// Without the white space and line breaks around it.
    var trimmedWhitespace: String { trimmed(.whitespacesAndNewlines) }

    private func trimmed(_ set: CharacterSet) -> String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        // ASCII letters, digits and punctuation at both ends: nothing to trim.
        func plain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x7F }
        if plain(first) && plain(last) { return self }
        return trimmingCharacters(in: set)
    }

    /// Whether it holds anything but white space.
    var hasVisibleText: Bool {
        if utf8.contains(where: { $0 > 0x20 && $0 < 0x7F }) { return true }
        return !trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
}
