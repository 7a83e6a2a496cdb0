import JumeauModel
import JumeauRender

extension Explorer {
    /// The whole screen for a state: pure, so it is tested without a terminal.
    public static func view(_ state: ExplorerState, data: ExplorerData) -> Buffer {
        let theme = state.theme, tier = state.tier, glyphs = state.glyphs, t = state.localizer
        let background = Style(background: theme.color(.background, tier: tier))
        guard !state.tooSmall else { return tooSmall(state) }

        let variable = data.variables[state.variable]
        let shownYear = variable.varies ? state.year : data.referenceYear
        let cursorZone = zoneUnderCursor(state)
        var buffer: Buffer
        let map = state.mapRect
        let values = mapValues(state, data)
        let layout = panelLayout(state, data)
        if let raster = state.raster {
            let shown = values ?? Array(repeating: .nan, count: data.names.count)
            let label = state.compare.map { t("map.compare_title", ["label": variable.label, "other": $0]) } ?? variable.label
            var frame = MapFrame(title: data.title, indicatorLabel: label, unit: variable.unit,
                                 year: shownYear, values: shown, names: data.names,
                                 classification: state.breaks.classify(shown, classes: state.classes), raster: raster,
                                 theme: theme, tier: tier, glyphs: glyphs, attribution: data.attribution,
                                 highlighted: state.selected ?? cursorZone)
            frame.labels = state.labels
            frame.localizer = t
            frame.legendRect = state.panel == .workshop ? (layout.legend ?? Rect(x: 0, y: 0, width: 0, height: 0)) : nil
            buffer = frame.render(width: state.width, height: state.height - 1)
            buffer = Buffer(extending: buffer, height: state.height, fill: Cell(" ", style: background))
        } else {
            buffer = Buffer(width: state.width, height: state.height, fill: Cell(" ", style: background))
            buffer.write(data.title, x: 0, y: 0, style: theme.style(.accent, tier: tier, attributes: .bold))
        }
        if state.playing {
            let mark = glyphs.halfBlock != nil ? "▶ \(state.year)" : "> \(state.year)"
            buffer.write(mark, x: state.width - DisplayWidth.of(mark), y: 0, style: theme.style(.accent, tier: tier, attributes: [.bold, .reverse]))
        }
        if let badge = followBadge(state) {
            buffer.write(badge, x: max(0, state.width - DisplayWidth.of(badge)), y: 0,
                         style: theme.style(state.followStatus == .waiting ? .warning : .accent, tier: tier, attributes: [.bold, .reverse]))
        }
        if state.timeline {
            drawTimeline(&buffer, state, data, map)
        } else {
            if values == nil || state.raster == nil {
                buffer.write(t("status.computing") + glyphs.ellipsis, x: map.x + 1, y: map.y, style: theme.style(.muted, tier: tier))
            }
            // The cursor: a cross at the map's centre, over whatever is there.
            let cx = map.x + map.width / 2, cy = map.y + map.height / 2
            var cross = buffer[cx, cy]
            cross.text = "+"
            cross.style.foreground = theme.color(.selection, tier: tier)
            cross.style.attributes.insert(.bold)
            if tier == .mono || theme.monochrome { cross.style.attributes.insert(.reverse) }
            buffer[cx, cy] = cross
        }

        switch state.panel {
        case .inspector: drawInspector(&buffer, state, data, zone: state.selected ?? cursorZone)
        case .workshop:
            let panel = panelRect(state)
            let legendTop = layout.legend?.y ?? panel.maxY
            buffer.fill(Rect(x: panel.x, y: panel.y, width: panel.width, height: max(0, legendTop - panel.y)), with: Cell(" ", style: background))
            drawWorkshop(&buffer, state, data, layout: layout)
        }
        if state.table != nil { drawTable(&buffer, state, data) }
        drawFooter(&buffer, state)
        switch state.mode {
        case .help: drawHelp(&buffer, state)
        case .search(let query, let selected): drawSearch(&buffer, state, data, query: query, selected: selected)
        case .prompt(let prompt, let text): drawPrompt(&buffer, state, title: promptTitle(prompt, state, data), text: text)
        case .scenarios(let selected): drawScenarios(&buffer, state, data, selected: selected)
        case .confirm(let question): drawConfirm(&buffer, state, question)
        case .map: break
        }
        // Whatever a widget wrote, a terminal without UTF-8 gets ASCII only.
        return glyphs.halfBlock == nil ? buffer.asciiOnly() : buffer
    }

    static func tooSmall(_ state: ExplorerState) -> Buffer {
        var buffer = Buffer(width: state.width, height: state.height)
        let t = state.localizer
        let lines = [t("too_small.title"),
                     t("too_small.need", ["need": "\(ExplorerState.minimumWidth)x\(ExplorerState.minimumHeight)", "have": "\(state.width)x\(state.height)"]),
                     t("too_small.hint")]
        for (i, line) in lines.enumerated() {
            let y = state.height / 2 - 1 + i
            buffer.write(line, x: max(0, (state.width - DisplayWidth.of(line)) / 2), y: y,
                         style: Style(attributes: i == 0 ? .bold : []))
        }
        return buffer
    }

    static func drawFooter(_ buffer: inout Buffer, _ state: ExplorerState) {
        let y = state.height - 1
        let style = state.theme.style(.muted, tier: state.tier, attributes: .reverse)
        buffer.fill(Rect(x: 0, y: y, width: state.width, height: 1), with: Cell(" ", style: style))
        if let message = state.message {
            buffer.write(" " + message, x: 0, y: y, style: state.theme.style(.warning, tier: state.tier, attributes: .reverse))
            return
        }
        var x = 1
        if state.table != nil {
            let hint = state.localizer("footer.table")
            buffer.write(state.glyphs.halfBlock != nil ? hint : asciiKeys(hint), x: 1, y: y, style: style, limit: state.width - 2)
            return
        }
        if case .levers = state.focus {
            let hint = state.localizer("footer.levers")
            buffer.write(state.glyphs.halfBlock != nil ? hint : asciiKeys(hint), x: 1, y: y, style: style, limit: state.width - 2)
            return
        }
        // Help and quit first: whatever the width, they are always shown.
        let bindings = Keymap.bindings.filter { [.help, .quit].contains($0.command) }
            + Keymap.bindings.filter { ![.help, .quit].contains($0.command) }
        for hint in bindings.compactMap(\.hint).map({ state.localizer($0) }) {
            let width = DisplayWidth.of(hint)
            guard x + width < state.width else { break }
            buffer.write(hint, x: x, y: y, style: style)
            x += width + 2
        }
    }

    static func panelRect(_ state: ExplorerState) -> Rect {
        MapFrame.layout(width: state.width, height: state.height - 1).panel
    }

    static func drawInspector(_ buffer: inout Buffer, _ state: ExplorerState, _ data: ExplorerData, zone: Int?) {
        let rect = panelRect(state)
        let theme = state.theme, tier = state.tier
        buffer.fill(rect, with: Cell(" ", style: Style(background: theme.color(.background, tier: tier))))
        guard let zone else {
            buffer.write(state.localizer("inspector.none"), x: rect.x, y: rect.y, style: theme.style(.muted, tier: tier))
            return
        }
        var y = rect.y
        buffer.write(DisplayWidth.truncate(state.glyphs.plain(data.names[zone]), to: rect.width, ellipsis: state.glyphs.ellipsis),
                     x: rect.x, y: y, style: theme.style(.accent, tier: tier, attributes: .bold))
        y += 1
        for detail in data.details where y < rect.maxY {
            let value = detail.values[zone]
            let number = value.isFinite ? state.localizer.short(value) : "-"
            let label = DisplayWidth.truncate(state.glyphs.plain(detail.label), to: max(4, rect.width - DisplayWidth.of(number) - 1),
                                              ellipsis: state.glyphs.ellipsis)
            buffer.write(label, x: rect.x, y: y, style: theme.style(.text, tier: tier))
            buffer.write(number, x: rect.maxX - DisplayWidth.of(number), y: y, style: theme.style(.text, tier: tier, attributes: .bold))
            y += 1
        }
    }

    static func box(_ buffer: inout Buffer, _ rect: Rect, _ state: ExplorerState, title: String) {
        let style = state.theme.style(.text, tier: state.tier)
        buffer.fill(rect, with: Cell(" ", style: style))
        let unicode = state.glyphs.halfBlock != nil
        let (h, v, corners) = unicode ? ("─", "│", ["┌", "┐", "└", "┘"]) : ("-", "|", ["+", "+", "+", "+"])
        for x in rect.x..<rect.maxX { buffer[x, rect.y] = Cell(h, style: style); buffer[x, rect.maxY - 1] = Cell(h, style: style) }
        for y in rect.y..<rect.maxY { buffer[rect.x, y] = Cell(v, style: style); buffer[rect.maxX - 1, y] = Cell(v, style: style) }
        buffer[rect.x, rect.y] = Cell(corners[0], style: style); buffer[rect.maxX - 1, rect.y] = Cell(corners[1], style: style)
        buffer[rect.x, rect.maxY - 1] = Cell(corners[2], style: style); buffer[rect.maxX - 1, rect.maxY - 1] = Cell(corners[3], style: style)
        buffer.write(" \(title) ", x: rect.x + 2, y: rect.y, style: state.theme.style(.accent, tier: state.tier, attributes: .bold))
    }

    static func drawHelp(_ buffer: inout Buffer, _ state: ExplorerState) {
        let bindings = Keymap.bindings
        let height = min(state.height - 2, bindings.count + 3)
        let perColumn = max(1, height - 3)
        let columns = (bindings.count + perColumn - 1) / perColumn
        let width = min(state.width - 2, columns > 1 ? state.width - 2 : 60)
        let rect = Rect(x: (state.width - width) / 2, y: (state.height - height) / 2, width: width, height: height)
        box(&buffer, rect, state, title: state.localizer("help.title"))
        let columnWidth = (width - 2) / max(1, columns)
        for (i, binding) in bindings.enumerated() {
            let column = i / perColumn, row = i % perColumn
            guard column < columns else { break }
            let x = rect.x + 2 + column * columnWidth
            let label = state.glyphs.halfBlock != nil ? binding.label : asciiKeys(binding.label)
            buffer.write(label, x: x, y: rect.y + 1 + row, style: state.theme.style(.accent, tier: state.tier), limit: 7)
            let help = state.glyphs.halfBlock != nil ? state.localizer(binding.help) : asciiKeys(state.localizer(binding.help))
            buffer.write(DisplayWidth.truncate(help, to: max(1, columnWidth - 10), ellipsis: state.glyphs.ellipsis), x: x + 8, y: rect.y + 1 + row,
                         style: state.theme.style(.text, tier: state.tier))
        }
        buffer.write(state.localizer("help.close"), x: rect.x + 2, y: rect.maxY - 2, style: state.theme.style(.muted, tier: state.tier))
    }

    static func asciiKeys(_ text: String) -> String {
        text.replacingOccurrences(of: "←→", with: "Left/Right").replacingOccurrences(of: "↑↓", with: "Up/Down")
            .replacingOccurrences(of: "←", with: "Left").replacingOccurrences(of: "→", with: "Right")
            .replacingOccurrences(of: "↑", with: "Up").replacingOccurrences(of: "↓", with: "Down")
    }

    static func drawSearch(_ buffer: inout Buffer, _ state: ExplorerState, _ data: ExplorerData, query: String, selected: Int) {
        let matches = searchMatches(query, data)
        let width = min(state.width - 4, 44), height = min(state.height - 4, 3 + min(8, max(1, matches.count)))
        let rect = Rect(x: 2, y: 2, width: width, height: height)
        box(&buffer, rect, state, title: state.localizer("search.title"))
        buffer.write("/ " + state.glyphs.plain(query) + "_", x: rect.x + 2, y: rect.y + 1, style: state.theme.style(.text, tier: state.tier, attributes: .bold),
                     limit: width - 4)
        if matches.isEmpty {
            buffer.write(state.localizer(query.isEmpty ? "search.empty" : "search.none"), x: rect.x + 2, y: rect.y + 2, style: state.theme.style(.muted, tier: state.tier))
        }
        for (i, zone) in matches.prefix(height - 3).enumerated() {
            let style = i == selected ? state.theme.style(.selection, tier: state.tier, attributes: .reverse) : state.theme.style(.text, tier: state.tier)
            buffer.write(state.glyphs.plain(data.names[zone]), x: rect.x + 2, y: rect.y + 2 + i, style: style, limit: width - 4)
        }
    }

    static func drawPrompt(_ buffer: inout Buffer, _ state: ExplorerState, title: String, text: String) {
        let width = min(state.width - 4, 64)
        let rect = Rect(x: (state.width - width) / 2, y: max(1, state.height / 2 - 2), width: width, height: 4)
        box(&buffer, rect, state, title: DisplayWidth.truncate(title, to: width - 6, ellipsis: state.glyphs.ellipsis))
        // The end of a long line stays visible while typing.
        let shown = state.glyphs.plain(text) + "_"
        let room = width - 4
        let visible = DisplayWidth.of(shown) > room ? String(shown.suffix(room)) : shown
        buffer.write(visible, x: rect.x + 2, y: rect.y + 1, style: state.theme.style(.text, tier: state.tier, attributes: .bold), limit: room)
        buffer.write(state.localizer("prompt.keys"), x: rect.x + 2, y: rect.y + 2, style: state.theme.style(.muted, tier: state.tier), limit: room)
    }
}

extension Buffer {
    /// A copy with more rows, the new ones filled.
    init(extending other: Buffer, height: Int, fill: Cell) {
        self.init(width: other.width, height: height, fill: fill)
        for y in 0..<min(height, other.height) { for x in 0..<other.width { self[x, y] = other[x, y] } }
        mapAnchor = other.mapAnchor
    }
}
