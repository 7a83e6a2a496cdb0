/// A terminal colour, independent of what the terminal can show (see `ColorTier`).
public enum TermColor: Hashable, Sendable {
    /// The terminal's own default.
    case `default`
    case rgb(UInt8, UInt8, UInt8)

    public init?(hex: String) {
        var text = hex.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("#") { text.removeFirst() }
        guard text.count == 6, let value = UInt32(text, radix: 16) else { return nil }
        self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }
}

public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttributes(rawValue: 1)
    public static let dim = TextAttributes(rawValue: 2)
    public static let underline = TextAttributes(rawValue: 4)
    public static let reverse = TextAttributes(rawValue: 8)
}

public struct Style: Hashable, Sendable {
    public var foreground: TermColor
    public var background: TermColor
    public var attributes: TextAttributes
    public init(foreground: TermColor = .default, background: TermColor = .default, attributes: TextAttributes = []) {
        self.foreground = foreground; self.background = background; self.attributes = attributes
    }
    public static let plain = Style()
}

/// One terminal cell. A wide character occupies its cell and marks the next one as its
/// continuation (empty text), so columns stay aligned.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String = " ", style: Style = .plain) { self.text = text; self.style = style }
    public static let blank = Cell()
    public var isContinuation: Bool { text.isEmpty }
}

/// A rectangle of the buffer, in cells.
public struct Rect: Hashable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

/// The in-memory screen the pure view draws into; the backend sends its differences.
/// Where a map sits in a buffer and which world column its left edge shows. A backend
/// whose screen already shows the same map, moved by whole columns, can move those cells
/// on the terminal (delete and insert characters) instead of drawing them all again.
public struct MapAnchor: Equatable, Sendable {
    public var rect: Rect
    /// The world x of the map's left edge, counted in columns of `metresPerColumn`.
    public var column: Double
    public var metresPerColumn: Double

    public init(rect: Rect, column: Double, metresPerColumn: Double) {
        self.rect = rect; self.column = column; self.metresPerColumn = metresPerColumn
    }

    /// The whole columns the map's content moved left (negative: right) since `previous`;
    /// nil unless it is the same map at the same scale, moved by less than half its width.
    public func shift(from previous: MapAnchor) -> Int? {
        guard rect == previous.rect, metresPerColumn == previous.metresPerColumn else { return nil }
        let moved = column - previous.column
        let columns = moved.rounded()
        guard abs(moved - columns) < 1e-6, columns != 0, abs(columns) < Double(rect.width / 2) else { return nil }
        return Int(columns)
    }
}

public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// The map drawn in this buffer, if any (see `MapAnchor`).
    public var mapAnchor: MapAnchor?

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    public mutating func fill(_ rect: Rect, with cell: Cell) {
        for y in max(0, rect.y)..<min(height, rect.maxY) {
            for x in max(0, rect.x)..<min(width, rect.maxX) { cells[y * width + x] = cell }
        }
    }

    /// Writes text from (x, y), clipped to `limit` columns (default: the buffer's edge),
    /// with control characters removed and wide characters taking two columns.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, x + (limit ?? width))
        var column = x
        for character in Sanitize.text(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            guard column + w <= end else { break }
            if column >= 0 {
                self[column, y] = Cell(String(character), style: style)
                if w == 2 { self[column + 1, y] = Cell("", style: style) }
            }
            column += w
        }
        return column - x
    }

    /// The same cells in ASCII only, for terminals whose locale is not UTF-8 (a wide
    /// character's continuation becomes a blank after its "?").
    public func asciiOnly() -> Buffer {
        var out = self
        for index in cells.indices where !cells[index].text.unicodeScalars.allSatisfy(\.isASCII) || cells[index].isContinuation {
            out.cells[index].text = cells[index].isContinuation ? " " : ASCIIFallback.character(cells[index].text)
        }
        return out
    }

    /// The text of each row (continuations skipped), for tests and plain output.
    public var lines: [String] {
        (0..<height).map { y in
            (0..<width).map { self[$0, y].text }.joined()
        }
    }
}

/// Keeps data text harmless: no control characters, no escape sequences, no bidi
/// overrides reach the terminal.
public enum Sanitize {
    public static func text(_ text: String) -> String {
        // Most names are printable ASCII or Latin letters (U+00C0–U+017F, two bytes led by
        // C3–C5: no control or invisible there): nothing to look up for 35,000 communes.
        if isPlainLatin(text) { return text }
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator: out.unicodeScalars.append("\u{FFFD}")
            case .format where scalar.value != 0x200D: continue   // bidi overrides and other invisibles
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isPlainLatin(_ text: String) -> Bool {
        var inLetter = false
        for byte in text.utf8 {
            if inLetter {
                guard byte & 0xC0 == 0x80 else { return false }
                inLetter = false
            } else if (0xC3...0xC5).contains(byte) {
                inLetter = true
            } else if byte < 0x20 || byte >= 0x7F {
                return false
            }
        }
        return !inLetter
    }
}

/// ASCII for text a terminal without UTF-8 cannot show: the symbols widgets draw get
/// their look-alikes, accented letters lose their accents, anything else is "?".
public enum ASCIIFallback {
    public static func text(_ text: String) -> String {
        text.unicodeScalars.allSatisfy(\.isASCII) ? text : text.map { character(String($0)) }.joined()
    }

    /// One character (a cell's text), always one column wide.
    public static func character(_ text: String) -> String {
        if text.unicodeScalars.allSatisfy(\.isASCII) { return text }
        if let lookAlike = lookAlikes[text] { return lookAlike }
        let stripped = String(String.UnicodeScalarView(text.decomposedStringWithCanonicalMapping.unicodeScalars.filter {
            $0.properties.generalCategory != .nonspacingMark }))
        return !stripped.isEmpty && stripped.unicodeScalars.allSatisfy(\.isASCII) ? stripped : "?"
    }

    static let lookAlikes: [String: String] = [
        "–": "-", "—": "-", "…": "~", "·": ".", "↑": "^", "↓": "v", "←": "<", "→": ">", "✓": "+", "✗": "!", "▶": ">",
        "●": "O", "━": "=", "─": "-", "│": "|", "┊": ":", "┴": "+", "┌": "+", "┐": "+", "└": "+", "┘": "+", "▕": "[",
        "▏": "]", "▀": "#", "█": "#", "░": ":", "▒": "+", "▓": "x", "’": "'", "«": "\"", "»": "\"", "\u{00A0}": " ",
    ]
}

/// Columns a character takes in a terminal: 0 for combining marks, 2 for East Asian
/// wide and emoji, 1 otherwise (after Unicode's East Asian Width, simplified).
public enum DisplayWidth {
    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if first.properties.generalCategory == .nonspacingMark || first.properties.generalCategory == .enclosingMark { return 0 }
        if first.properties.isEmojiPresentation { return 2 }
        let v = first.value
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    public static func of(_ text: String) -> Int { text.reduce(0) { $0 + of($1) } }

    /// Cuts text to at most `columns`, adding an ellipsis when cut.
    public static func truncate(_ text: String, to columns: Int, ellipsis: String = "…") -> String {
        guard of(text) > columns else { return text }
        var out = "", used = 0
        let room = max(0, columns - of(ellipsis))
        for character in text {
            let w = of(character)
            if used + w > room { break }
            out.append(character); used += w
        }
        return out + (columns >= of(ellipsis) ? ellipsis : "")
    }
}
