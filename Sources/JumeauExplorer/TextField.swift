import JumeauRender

/// A line of text being typed: every prompt, the search and the pickers. It opens with its
/// text selected, so the first character typed replaces it (a pre-filled value is a
/// suggestion, never a prefix); the keys edit as in readline.
public struct TextField: Equatable, Sendable {
    public private(set) var text: [Character]
    /// Where the next character goes, from 0 to `text.count`.
    public private(set) var cursor: Int
    /// The whole text is selected: typing replaces it, Backspace and Delete clear it.
    public private(set) var selected: Bool
    /// At most this many characters (a name, a path, a filter).
    public let limit: Int

    public init(_ text: String = "", limit: Int = 200) {
        self.text = Array(text.prefix(limit))
        self.limit = limit
        cursor = self.text.count
        selected = !text.isEmpty
    }

    public var string: String { String(text) }

    /// What a key did to the field.
    public enum Outcome: Equatable, Sendable {
        /// The text or the cursor changed (or nothing did): keep typing.
        case editing
        case submitted(String)
        case cancelled
        /// Not an editing key (arrows up and down, Tab…): the field's owner may use it.
        case ignored
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted(string)
        case .escape: return .cancelled
        case .character(let c):
            if selected { clear() }
            guard text.count < limit, !c.isNewline else { return .editing }
            text.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if selected { clear() } else if cursor > 0 { text.remove(at: cursor - 1); cursor -= 1 }
        case .delete, .control("d"):
            if selected { clear() } else if cursor < text.count { text.remove(at: cursor) }
        case .left, .control("b"):
            cursor = selected ? 0 : max(0, cursor - 1)
        case .right, .control("f"):
            cursor = selected ? text.count : min(text.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = text.count
        case .control("u"):
            // readline: kill from the start of the line to the cursor.
            text.removeFirst(selected ? text.count : cursor)
            cursor = 0
        case .control("k"):
            text.removeLast(selected ? text.count : text.count - cursor)
            cursor = min(cursor, text.count)
        case .control("w"):
            if selected { clear() } else { deleteWordBeforeCursor() }
        default:
            return .ignored
        }
        selected = false
        return .editing
    }

    private mutating func clear() {
        text.removeAll()
        cursor = 0
        selected = false
    }

    /// Ctrl-W: the spaces before the cursor, then the word before them.
    private mutating func deleteWordBeforeCursor() {
        var start = cursor
        while start > 0 && text[start - 1] == " " { start -= 1 }
        while start > 0 && text[start - 1] != " " { start -= 1 }
        text.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Draws the field on one row of `width` cells: the text scrolled so that the cursor
    /// shows, the selection in reverse video, the cursor as a reversed cell.
    public func draw(into buffer: inout Buffer, x: Int, y: Int, width: Int, style: Style, glyphs: Glyphs) {
        guard width > 0 else { return }
        let shown = text.map { glyphs.plain(String($0)) }
        // The cursor's cell must be on screen: scroll so that it is the last one when needed.
        let first = max(0, cursor - width + 1)
        var reversed = style
        reversed.attributes.formSymmetricDifference(.reverse)
        var column = x
        for index in first...text.count where column < x + width {
            let isCursor = index == cursor
            let character = index < shown.count ? shown[index] : " "
            let cellStyle = (selected && index < shown.count) || isCursor ? reversed : style
            let written = buffer.write(character, x: column, y: y, style: cellStyle, limit: x + width - column)
            column += max(1, written)
        }
    }
}
