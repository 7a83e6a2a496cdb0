/// A buffer written out for golden tests, as ratatui's test backend does: the text, then a
/// style layer (one letter per cell, indexing the styles listed after it), so a change of
/// colour or attribute shows in a diff as plainly as a change of text.
public enum Snapshot {
    public static func text(_ buffer: Buffer) -> String {
        var styles: [Style] = []
        var layer: [String] = []
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                let index = styles.firstIndex(of: style) ?? { styles.append(style); return styles.count - 1 }()
                row.append(letters[min(index, letters.count - 1)])
            }
            layer.append(row)
        }
        let legend = styles.enumerated().map { "\(letters[min($0.offset, letters.count - 1)]) \($0.element)" }
        return (buffer.lines + ["--- styles"] + layer + ["--- legend"] + legend).joined(separator: "\n") + "\n"
    }
}
