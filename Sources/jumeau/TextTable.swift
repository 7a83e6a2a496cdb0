import JumeauRender

/// The command line's aligned tables: columns two spaces apart, measured in terminal
/// cells, no trailing blanks.
enum TextTable {
    /// - Parameter leftAligned: how many columns, from the first, are text (left-aligned);
    ///   the others are numbers (right-aligned).
    static func render(_ rows: [[String]], leftAligned: Int = 1) -> String {
        render(rows, isLeftAligned: { $0 < leftAligned })
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
