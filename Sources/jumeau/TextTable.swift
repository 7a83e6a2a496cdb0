import JumeauRender

/// The command line's aligned tables: columns two spaces apart, measured in terminal
/// cells, no trailing blanks.
enum TextTable {
    /// - Parameter leftAligned: how many columns, from the first, are text (left-aligned);
    ///   the others are numbers (right-aligned).
    static func render(_ rows: [[String]], leftAligned: Int = 1) -> String {
        render(rows, isLeftAligned: { $0 < leftAligned })
    }

    /// Text cut at spaces into lines of at most `width` terminal cells, so that a long label
    /// takes several rows instead of widening its column; a word longer than `width` keeps
    /// a line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if current.isEmpty || DisplayWidth.of(candidate) <= width {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        lines.append(current)
        return lines
    }

    static func render(_ rows: [[String]], isLeftAligned: (Int) -> Bool) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        return rows.map { row in
            let line = row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - DisplayWidth.of(cell))
                return isLeftAligned(c) ? cell + pad : pad + cell
            }.joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }
}
