/// Writes a buffer as text for a terminal or a file: SGR escape sequences at the
/// colour tier given, none at all in mono.
public enum ANSIText {
    public static func render(_ buffer: Buffer, tier: ColorTier) -> String {
        var out = ""
        for y in 0..<buffer.height {
            var current: Style?
            for x in 0..<buffer.width {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if tier != .mono && cell.style != current {
                    out += sgr(cell.style, tier: tier)
                    current = cell.style
                }
                out += cell.text
            }
            if tier != .mono && current != nil { out += "\u{1B}[0m" }
            // Trailing blanks carry no information in plain text.
            if tier == .mono { while out.hasSuffix(" ") { out.removeLast() } }
            out += "\n"
        }
        return out
    }

    public static func sgr(_ style: Style, tier: ColorTier) -> String {
        var codes = ["0"]
        if style.attributes.contains(.bold) { codes.append("1") }
        if style.attributes.contains(.dim) { codes.append("2") }
        if style.attributes.contains(.underline) { codes.append("4") }
        if style.attributes.contains(.reverse) { codes.append("7") }
        codes += color(style.foreground, tier: tier, background: false)
        codes += color(style.background, tier: tier, background: true)
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    static func color(_ color: TermColor, tier: ColorTier, background: Bool) -> [String] {
        guard case let .rgb(r, g, b) = color else { return [] }
        switch tier {
        case .mono: return []
        case .truecolor: return [background ? "48" : "38", "2", String(r), String(g), String(b)]
        case .ansi256: return [background ? "48" : "38", "5", String(Palette.nearest256((r, g, b)))]
        case .ansi16:
            let index = Palette.nearestStandard((r, g, b), count: 16)
            return [String((index < 8 ? 30 : 90) + index % 8 + (background ? 10 : 0))]
        case .ansi8:
            return [String(30 + Palette.nearestStandard((r, g, b), count: 8) + (background ? 10 : 0))]
        }
    }
}
