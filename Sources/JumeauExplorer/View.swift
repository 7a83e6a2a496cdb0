import JumeauModel
import JumeauRender

extension Explorer {
    /// The whole screen for a state: each part draws its rectangle, overlays last. Pure, so
    /// it is tested without a terminal.
    public static func view(_ state: ExplorerState, data: ExplorerData) -> Buffer {
        let screen = state.screen
        guard !screen.tooSmall else { return tooSmall(screen) }
        let t = state.localizer
        let map = screen.mapRect
        if let table = state.table {
            // The table covers the screen: the map and the panel under it are not drawn.
            var buffer = Buffer(width: screen.width, height: screen.height, fill: Cell(" ", style: screen.background))
            TableView(state: state, data: data, table: table)
                .draw(into: &buffer, Rect(x: 0, y: 0, width: screen.width, height: screen.height - 1))
            return finish(buffer, state, data)
        }
        let layout = PanelLayout(state, data)
        let values = state.map.values(data, state.workshop)
        var buffer = mapFrame(state, data, values: values, legend: state.map.panel == .workshop ? layout.legend : nil)
        if state.timeline.playing {
            let mark = (screen.unicode ? "▶ " : "> ") + String(state.map.year)
            buffer.write(
                mark, x: screen.width - DisplayWidth.of(mark), y: 0, style: screen.style(.accent, [.bold, .reverse]))
        }
        if let badge = state.follow.badge(t) {
            buffer.write(
                badge, x: max(0, screen.width - DisplayWidth.of(badge)), y: 0,
                style: screen.style(state.follow.status == .waiting ? .warning : .accent, [.bold, .reverse]))
        }
        if state.timeline.shown {
            TimelineView(state: state, data: data).draw(into: &buffer, map)
        } else {
            if values == nil || state.map.raster == nil {
                // Right of the overseas insets, whose names sit at the top-left.
                let left = state.map.raster?.insets.isEmpty == false ? MapView.insetColumns(data, map) : 0
                buffer.write(
                    t("status.computing") + screen.glyphs.ellipsis, x: map.x + left + 1, y: map.y,
                    style: screen.style(.muted))
            }
            drawCursor(&buffer, screen, map)
        }
        switch state.map.panel {
        case .inspector:
            InspectorView(state: state, data: data, zone: state.map.selected ?? state.map.zoneUnderCursor).draw(
                into: &buffer, screen.panelRect)
        case .workshop:
            WorkshopPanel(state: state, data: data, layout: layout).draw(into: &buffer, screen.panelRect)
        }
        return finish(buffer, state, data)
    }

    /// The footer and the overlay over a screen's parts.
    static func finish(_ base: Buffer, _ state: ExplorerState, _ data: ExplorerData) -> Buffer {
        var buffer = base
        let screen = state.screen
        FooterView(state: state).draw(into: &buffer, Rect(x: 0, y: screen.height - 1, width: screen.width, height: 1))
        if let banner = state.connection.banner(state.localizer) {
            // Across the top, over the map or the table: the room sees it at once.
            let line = DisplayWidth.truncate(banner, to: screen.width)
            let padded = line + String(repeating: " ", count: max(0, screen.width - DisplayWidth.of(line)))
            buffer.write(padded, x: 0, y: 0, style: screen.style(.warning, [.bold, .reverse]))
        }
        if let overlay = state.overlay { draw(overlay, state, data, &buffer) }
        // Whatever a widget wrote, a terminal without UTF-8 gets ASCII only.
        return screen.unicode ? buffer : buffer.asciiOnly()
    }

    static func draw(_ overlay: Overlay, _ state: ExplorerState, _ data: ExplorerData, _ buffer: inout Buffer) {
        let whole = Rect(x: 0, y: 0, width: state.screen.width, height: state.screen.height)
        let widget: Widget
        switch overlay {
        case .help(let page): widget = HelpView(state: state, page: page)
        case .search(let field, let selected):
            widget = SearchView(state: state, data: data, field: field, selected: selected)
        case .picker(let field, let selected):
            widget = PickerView(state: state, data: data, field: field, selected: selected)
        case .goTo(let field, let selected):
            widget = GoToView(state: state, data: data, field: field, selected: selected)
        case .prompt(let prompt, let field): widget = PromptView(state: state, data: data, prompt: prompt, field: field)
        case .scenarios(let selected): widget = ScenarioListView(state: state, data: data, selected: selected)
        case .confirm(let question): widget = ConfirmView(state: state, question: question)
        }
        widget.draw(into: &buffer, whole)
    }

    /// The map as `jumeau render` prints it: title, map (insets and levels as the explorer
    /// draws them), the whole legend and the attribution, without cursor or highlight.
    public static func mapImage(_ state: ExplorerState, data: ExplorerData) -> Buffer {
        var s = state
        s.map.panel = .inspector
        return mapFrame(s, data, values: s.map.values(data, s.workshop), legend: nil, highlighting: false,
                        noting: false)
    }

    /// The map with its title, legend and attribution, or the title alone until rasterised.
    static func mapFrame(_ state: ExplorerState, _ data: ExplorerData, values shown: [Double]?, legend: Rect?,
                         highlighting: Bool = true, noting: Bool = true) -> Buffer
    {
        let screen = state.screen
        let t = state.localizer
        let variable = data.variables[state.map.variable]
        guard let raster = state.map.raster else {
            var buffer = Buffer(width: screen.width, height: screen.height, fill: Cell(" ", style: screen.background))
            buffer.write(data.title, x: 0, y: 0, style: screen.style(.accent, .bold))
            return buffer
        }
        var values = shown ?? Array(repeating: .nan, count: data.names.count)
        var names = data.names
        var drawn = raster
        var highlighted = highlighting ? state.map.selected ?? state.map.zoneUnderCursor : nil
        var classification: Classification, source: MapView.ClassSource
        let level = state.map.shownLevel(data)
        var title = data.title
        if !screen.unicode { title = title.replacingOccurrences(of: " › ", with: " > ") }
        if level != .commune, let groups = data.geography?.levels[level] {
            // Units of the level are drawn as zones: their values, names and outlines.
            values = state.map.groupValues(groups, data, state.workshop)
                ?? Array(repeating: .nan, count: groups.codes.count)
            names = groups.names
            drawn = raster.regrouped(groups.groupOfZone)
            highlighted = highlighted.flatMap { zone in
                zone < groups.groupOfZone.count && groups.groupOfZone[zone] >= 0 ? Int(groups.groupOfZone[zone]) : nil
            }
            (classification, source) = state.map.groupClassification(values, groups, data, state.workshop)
        } else {
            (classification, source) = state.map.classification(values, data, state.workshop)
        }
        if data.geography != nil {
            let key = state.map.level == nil ? "map.level_auto" : "map.level_forced"
            title += screen.glyphs.separator + t(key, ["level": t("level." + level.rawValue)])
        }
        let label =
            state.workshop.compare.map { t("map.compare_title", ["label": variable.label, "other": $0]) }
            ?? variable.label
        var frame = MapFrame(
            title: title, indicatorLabel: label, unit: variable.unit, year: state.map.shownYear(data),
            values: values, names: names, classification: classification, raster: drawn,
            theme: screen.theme, tier: screen.tier, glyphs: screen.glyphs, attribution: data.attribution,
            highlighted: highlighted)
        frame.labels = state.map.labels
        frame.localizer = t
        frame.legendRect = legend ?? (state.map.panel == .workshop ? Rect(x: 0, y: 0, width: 0, height: 0) : nil)
        let method = MapFrame.methodName(classification.method, t)
        switch noting ? source : .data {
        case .baseline: frame.classNote = t("legend.of_baseline", ["method": method])
        case .shown: frame.classNote = t("legend.of_levers", ["method": method])
        case .manual, .data: break
        }
        let buffer = frame.render(width: screen.width, height: screen.height - 1)
        return Buffer(extending: buffer, height: screen.height, fill: Cell(" ", style: screen.background))
    }

    /// The cursor: a cross at the map's centre, over whatever is there.
    static func drawCursor(_ buffer: inout Buffer, _ screen: Screen, _ map: Rect) {
        let cx = map.x + map.width / 2
        let cy = map.y + map.height / 2
        var cross = buffer[cx, cy]
        cross.text = "+"
        cross.style.foreground = screen.theme.color(.selection, tier: screen.tier)
        cross.style.attributes.insert(.bold)
        if screen.tier == .mono || screen.theme.monochrome { cross.style.attributes.insert(.reverse) }
        buffer[cx, cy] = cross
    }

    static func tooSmall(_ screen: Screen) -> Buffer {
        var buffer = Buffer(width: screen.width, height: screen.height)
        let t = screen.localizer
        let need = "\(Screen.minimumWidth)x\(Screen.minimumHeight)"
        let have = "\(screen.width)x\(screen.height)"
        let lines = [t("too_small.title"), t("too_small.need", ["need": need, "have": have]), t("too_small.hint")]
        for (i, line) in lines.enumerated() {
            buffer.write(
                line, x: max(0, (screen.width - DisplayWidth.of(line)) / 2), y: screen.height / 2 - 1 + i,
                style: Style(attributes: i == 0 ? .bold : []))
        }
        return buffer
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
