import JumeauModel
import JumeauRender

/// Something drawn into a rectangle of the screen from a state, and nothing else: the
/// panel, the legend, the table, the timeline, the overlays. Pure, so each is tested by
/// the cells it writes.
protocol Widget {
    func draw(into buffer: inout Buffer, _ rect: Rect)
}

extension Screen {
    /// A framed box with a title, cleared inside.
    func box(_ buffer: inout Buffer, _ rect: Rect, title: String) {
        let style = self.style(.text)
        buffer.fill(rect, with: Cell(" ", style: style))
        let (h, v, corners) = unicode ? ("─", "│", ["┌", "┐", "└", "┘"]) : ("-", "|", ["+", "+", "+", "+"])
        for x in rect.x..<rect.maxX {
            buffer[x, rect.y] = Cell(h, style: style)
            buffer[x, rect.maxY - 1] = Cell(h, style: style)
        }
        for y in rect.y..<rect.maxY {
            buffer[rect.x, y] = Cell(v, style: style)
            buffer[rect.maxX - 1, y] = Cell(v, style: style)
        }
        buffer[rect.x, rect.y] = Cell(corners[0], style: style)
        buffer[rect.maxX - 1, rect.y] = Cell(corners[1], style: style)
        buffer[rect.x, rect.maxY - 1] = Cell(corners[2], style: style)
        buffer[rect.maxX - 1, rect.maxY - 1] = Cell(corners[3], style: style)
        let shown = DisplayWidth.truncate(glyphs.plain(title), to: max(1, rect.width - 6), ellipsis: glyphs.ellipsis)
        buffer.write(" \(shown) ", x: rect.x + 2, y: rect.y, style: self.style(.accent, .bold))
    }

    /// Text cut to `width` columns with the ellipsis, for data the terminal can show.
    func fit(_ text: String, _ width: Int) -> String {
        DisplayWidth.truncate(glyphs.plain(Sanitize.text(text)), to: max(0, width), ellipsis: glyphs.ellipsis)
    }

    /// Words wrapped to `width` columns (a word longer than a line is cut).
    func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in glyphs.plain(Sanitize.text(text)).split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if DisplayWidth.of(candidate) <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line) }
                line = DisplayWidth.truncate(String(word), to: width, ellipsis: glyphs.ellipsis)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

/// The bottom line: a message when there is one, else the keys of what has the focus.
struct FooterView: Widget {
    let state: ExplorerState

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        let style = screen.style(.muted, .reverse)
        buffer.fill(rect, with: Cell(" ", style: style))
        if let message = state.message {
            buffer.write(
                " " + message, x: rect.x, y: rect.y, style: screen.style(.warning, .reverse), limit: rect.width)
            return
        }
        let context: KeyContext = state.table != nil ? .table : state.workshop.focus != nil ? .levers : .map
        var x = rect.x + 1
        for hint in Keymap.hints(context, state.localizer) {
            let shown = screen.keys(hint)
            let width = DisplayWidth.of(shown)
            guard x + width < rect.maxX else { break }
            buffer.write(shown, x: x, y: rect.y, style: style)
            x += width + 2
        }
    }
}

/// The selected zone's details, in the side panel.
struct InspectorView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let zone: Int?

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        buffer.fill(rect, with: Cell(" ", style: screen.background))
        guard let zone else {
            buffer.write(
                state.localizer("inspector.none"), x: rect.x, y: rect.y, style: screen.style(.muted), limit: rect.width)
            return
        }
        var y = rect.y
        buffer.write(screen.fit(data.names[zone], rect.width), x: rect.x, y: y, style: screen.style(.accent, .bold))
        y += 1
        for detail in data.details where y < rect.maxY {
            let value = detail.values[zone]
            let number = value.isFinite ? state.localizer.short(value) : "-"
            // The label stops a column before the number: they never run together.
            let label = screen.fit(detail.label, max(1, rect.width - DisplayWidth.of(number) - 1))
            buffer.write(label, x: rect.x, y: y, style: screen.style(.text))
            buffer.write(number, x: rect.maxX - DisplayWidth.of(number), y: y, style: screen.style(.text, .bold))
            y += 1
        }
    }
}

/// A box of choices over the map: its title, the line typed, rows (headings, or choices
/// with a status at the right) scrolled to keep the selected one shown, a hint when there
/// is nothing to show, the keys. The variable picker (`v`) and the place picker (`g`).
struct ChoiceListView: Widget {
    struct Row {
        var text: String
        var status: String
        /// The choice's index, nil for a heading.
        var choice: Int?
    }
    let screen: Screen
    let title: String
    let field: TextField
    let rows: [Row]
    let selected: Int
    let hint: String?
    let keys: String

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let width = min(screen.width - 4, 72)
        let height = max(6, screen.height - 4)
        let box = Rect(x: (screen.width - width) / 2, y: 2, width: width, height: height)
        screen.box(&buffer, box, title: title)
        field.draw(
            into: &buffer, x: box.x + 2, y: box.y + 1, width: width - 4, style: screen.style(.text, .bold),
            glyphs: screen.glyphs)
        let room = box.height - 4
        let selectedRow = rows.firstIndex { $0.choice == selected } ?? 0
        let first = max(0, min(selectedRow - room + 1, rows.count - room))
        for (line, row) in rows.dropFirst(first).prefix(room).enumerated() {
            let y = box.y + 2 + line
            let isSelected = row.choice == selected
            let style =
                row.choice == nil
                ? screen.style(.muted, .bold) : isSelected ? screen.style(.selection, .reverse) : screen.style(.text)
            if isSelected {
                buffer.fill(Rect(x: box.x + 1, y: y, width: width - 2, height: 1), with: Cell(" ", style: style))
            }
            let statusWidth = DisplayWidth.of(row.status)
            buffer.write(screen.fit(row.text, width - 6 - statusWidth), x: box.x + 2, y: y, style: style)
            buffer.write(
                row.status, x: box.maxX - 2 - statusWidth, y: y, style: isSelected ? style : screen.style(.muted))
        }
        if let hint {
            buffer.write(screen.fit(hint, width - 4), x: box.x + 2, y: box.y + 2, style: screen.style(.muted))
        }
        buffer.write(screen.fit(keys, width - 4), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted))
    }
}
