import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// The layer table over the whole screen: frozen name column, headers with units (told
/// apart when cut), numbers right-aligned with one format per column, a status line
/// naming the cursor's column, the overlays.
struct TableView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let table: LayerTable

    var screen: Screen { state.screen }

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let t = state.localizer
        buffer.fill(
            Rect(x: 0, y: 0, width: screen.width, height: screen.height - 1), with: Cell(" ", style: screen.background))
        let sep = screen.glyphs.separator
        let title =
            "\(data.title)\(sep)\(t("table.title"))\(sep)\(state.map.year)\(sep)\(state.workshop.displayName(t))"
        buffer.write(screen.fit(title, screen.width), x: 0, y: 0, style: screen.style(.accent, .bold))

        let all = LayerTable.columns(state, data)
        let columns = table.visible(all)
        let body = LayerTable.bodyRect(screen)
        let page = Array(table.rows.dropFirst(table.top).prefix(body.height))
        let decimals = columns.map { table.decimals[$0.id] ?? 0 }
        let widths = columns.indices.map { Self.width(columns[$0], page, t, decimals: decimals[$0]) }
        // Columns on screen: the name, then from `left` while they fit.
        var shown = [0]
        var x = widths[0] + 1
        var index = max(1, table.left)
        while index < columns.count && x + widths[index] <= screen.width {
            shown.append(index)
            x += widths[index] + 1
            index += 1
        }
        var positions: [Int] = []
        x = 0
        for column in shown {
            positions.append(x)
            x += widths[column] + 1
        }
        let headers = Self.headers(shown.map { columns[$0] }, widths: shown.map { widths[$0] }, screen)

        for (slot, column) in shown.enumerated() {
            let c = columns[column]
            let current = column == table.column
            let style = current ? screen.style(.selection, [.bold, .reverse]) : screen.style(.text, .bold)
            var label = headers[slot]
            if let sort = table.sort, sort.column == c.id {
                let arrow = sort.descending ? (screen.unicode ? "↓" : "v") : (screen.unicode ? "↑" : "^")
                label = screen.fit(arrow + label, widths[column])
            }
            Self.write(
                &buffer, label, x: positions[slot], y: 2, width: widths[column], right: c.isNumeric, style: style)
            Self.write(
                &buffer, screen.fit(t.shortUnit(c.unit), widths[column]), x: positions[slot], y: 3,
                width: widths[column],
                right: c.isNumeric, style: screen.style(.muted))
        }
        if shown.count < columns.count || table.left > 1 {
            let more = t("table.columns_shown", ["shown": String(shown.count), "total": String(columns.count)])
            buffer.write(more, x: max(0, screen.width - DisplayWidth.of(more)), y: 1, style: screen.style(.muted))
        }
        for (line, zone) in page.enumerated() {
            let y = body.y + line
            let isCursor = table.top + line == table.row
            let rowStyle = isCursor ? screen.style(.selection, .reverse) : screen.style(.text)
            if isCursor {
                buffer.fill(Rect(x: 0, y: y, width: min(screen.width, x), height: 1), with: Cell(" ", style: rowStyle))
            }
            for (slot, column) in shown.enumerated() {
                let c = columns[column]
                var style = rowStyle
                if isCursor && column == table.column {
                    style.attributes.insert(.bold)
                    style.attributes.remove(.reverse)
                }
                if slot == 0 && !isCursor { style = screen.style(.accent) }
                let cell = screen.fit(Self.text(c, zone, t, decimals: decimals[column]), widths[column])
                Self.write(
                    &buffer, cell, x: positions[slot], y: y, width: widths[column], right: c.isNumeric, style: style)
            }
        }
        if table.rows.isEmpty {
            buffer.write(t("table.no_rows"), x: 1, y: body.y, style: screen.style(.muted), limit: screen.width - 2)
        }
        drawStatus(&buffer, all, columns)

        let current = columns.indices.contains(table.column) ? columns[table.column] : nil
        switch table.overlay {
        case .none: break
        case .statistics: if let current { drawStatistics(&buffer, current) }
        case .frequency: if let current { drawFrequency(&buffer, current) }
        case .catalogue(let top): drawCatalogue(&buffer, all, top: top)
        }
    }

    /// The cursor's column in full (label, unit, year), then rows, sort, hidden, filter.
    func drawStatus(_ buffer: inout Buffer, _ all: [TableColumn], _ columns: [TableColumn]) {
        let t = state.localizer
        var status = t(
            "table.rows", ["shown": t.number(Double(table.rows.count)), "total": t.number(Double(data.names.count))])
        if columns.indices.contains(table.column) {
            let c = columns[table.column]
            let unit = t.unit(c.unit)
            let year =
                Indicator.named(c.id) != nil
                ? String(state.map.year) : data.variables.contains { $0.id == c.id } ? String(data.referenceYear) : ""
            let details = [unit, year].filter { !$0.isEmpty }.joined(separator: ", ")
            status = Sanitize.text(c.title) + (details.isEmpty ? "" : " (\(details))") + "  " + status
        }
        // The filter's text last: it is the one part that can be long.
        if let sort = table.sort, let column = all.first(where: { $0.id == sort.column }) {
            status += "  " + t(sort.descending ? "table.sorted_down" : "table.sorted_up", ["column": column.label])
        }
        if !table.hidden.isEmpty { status += "  " + t("table.hidden", ["count": String(table.hidden.count)]) }
        if table.filter != nil { status += "  " + t("table.filtered", ["filter": table.filterText]) }
        let y = screen.height - 2
        if let search = table.search {
            buffer.write("/ ", x: 0, y: y, style: screen.style(.accent, .bold))
            search.draw(
                into: &buffer, x: 2, y: y, width: min(30, screen.width - 2), style: screen.style(.accent, .bold),
                glyphs: screen.glyphs)
            buffer.write(screen.fit(status, screen.width - 34), x: 34, y: y, style: screen.style(.muted))
        } else {
            buffer.write(screen.fit(status, screen.width), x: 0, y: y, style: screen.style(.muted))
        }
    }

    static func write(_ buffer: inout Buffer, _ text: String, x: Int, y: Int, width: Int, right: Bool, style: Style) {
        let pad = max(0, width - DisplayWidth.of(text))
        buffer.write(text, x: right ? x + pad : x, y: y, style: style, limit: width)
    }

    /// Headers cut to their columns, told apart: two labels that would read the same
    /// ("ENAF land consu…") keep their ends instead ("ENAF…that year", "ENAF…since 2021").
    static func headers(_ columns: [TableColumn], widths: [Int], _ screen: Screen) -> [String] {
        var labels = columns.indices.map { screen.fit(columns[$0].label, widths[$0]) }
        let ellipsis = screen.glyphs.ellipsis
        for index in labels.indices where labels.indices.contains(where: { $0 != index && labels[$0] == labels[index] })
        {
            let full = Array(screen.glyphs.plain(Sanitize.text(columns[index].label)))
            let width = widths[index]
            let head = max(1, (width - 1) / 2)
            let tail = max(1, width - 1 - head)
            labels[index] =
                full.count <= width ? String(full) : String(full.prefix(head)) + ellipsis + String(full.suffix(tail))
        }
        return labels
    }

    static func text(_ column: TableColumn, _ zone: Int, _ t: Localizer, decimals: Int) -> String {
        switch column.values {
        case .text(let values): return Sanitize.text(values[zone])
        case .number(let values): return values[zone].isFinite ? t.number(values[zone], decimals: decimals) : "–"
        }
    }

    /// The width a column needs for its header and the rows on screen (at most 16).
    static func width(_ column: TableColumn, _ rows: [Int], _ t: Localizer, decimals: Int) -> Int {
        var width = min(16, max(DisplayWidth.of(column.label), DisplayWidth.of(t.shortUnit(column.unit))))
        if column.id == "name" { width = 12 }
        for zone in rows {
            width = max(
                width, min(column.id == "name" ? 28 : 16, DisplayWidth.of(text(column, zone, t, decimals: decimals))))
        }
        return max(4, width)
    }

    // MARK: Overlays

    /// Count, sum, mean, median, minimum and maximum of the column over the rows shown.
    func drawStatistics(_ buffer: inout Buffer, _ column: TableColumn) {
        let t = state.localizer
        let rows = table.rows
        var lines: [(String, String)]
        switch column.values {
        case .number(let values):
            if let stats = ColumnStatistics(rows.map { values[$0] }) {
                lines = [
                    (t("stats.count"), t.number(Double(stats.count))),
                    (t("stats.missing"), t.number(Double(stats.missing))),
                    (t("stats.sum"), t.number(stats.sum)), (t("stats.mean"), t.number(stats.mean)),
                    (t("stats.median"), t.number(stats.median)), (t("stats.minimum"), t.number(stats.minimum)),
                    (t("stats.maximum"), t.number(stats.maximum)),
                ]
            } else {
                lines = [(t("stats.count"), "0")]
            }
        case .text(let values):
            lines = [
                (t("stats.count"), t.number(Double(rows.count))),
                (t("stats.distinct"), t.number(Double(Set(rows.map { values[$0] }).count))),
            ]
        }
        let title = Sanitize.text(column.label) + (column.unit.isEmpty ? "" : " (\(t.unit(column.unit)))")
        let width = min(screen.width - 4, max(36, DisplayWidth.of(title) + 6))
        let box = Rect(
            x: (screen.width - width) / 2, y: max(1, (screen.height - lines.count - 3) / 2), width: width,
            height: lines.count + 3)
        screen.box(&buffer, box, title: title)
        for (i, (label, value)) in lines.enumerated() {
            buffer.write(label, x: box.x + 2, y: box.y + 1 + i, style: screen.style(.text))
            buffer.write(
                value, x: box.maxX - 2 - DisplayWidth.of(value), y: box.y + 1 + i, style: screen.style(.text, .bold))
        }
        buffer.write(
            t("table.overlay_close"), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted), limit: width - 4)
    }

    /// A histogram of a numeric column (ten bins of equal width), or the most frequent texts.
    func drawFrequency(_ buffer: inout Buffer, _ column: TableColumn) {
        let t = state.localizer
        let glyphs = screen.glyphs
        let rows = table.rows
        let frequency: Frequency
        switch column.values {
        case .number(let values):
            frequency = Frequency.histogram(rows.map { values[$0] }, bins: 10) {
                "\(t.short($0))\(glyphs.rangeDash)\(t.short($1))"
            }
        case .text(let values):
            frequency = Frequency.counts(rows.map { values[$0] })
        }
        let width = min(screen.width - 4, 72)
        let bins = Array(frequency.bins.prefix(max(1, screen.height - 8)))
        let box = Rect(x: (screen.width - width) / 2, y: 2, width: width, height: bins.count + 3)
        screen.box(
            &buffer, box, title: Sanitize.text(column.label) + (column.unit.isEmpty ? "" : " (\(t.unit(column.unit)))"))
        let labelWidth = min(24, bins.map { DisplayWidth.of(Sanitize.text($0.label)) }.max() ?? 4)
        let most = max(1, bins.map(\.count).max() ?? 1)
        let barRoom = max(1, width - labelWidth - 18)
        for (i, bin) in bins.enumerated() {
            let y = box.y + 1 + i
            buffer.write(screen.fit(bin.label, labelWidth), x: box.x + 2, y: y, style: screen.style(.text))
            let length = Int(saturating: (Double(bin.count) / Double(most) * Double(barRoom)).rounded(.up))
            buffer.write(
                String(repeating: screen.unicode ? "█" : "#", count: bin.count > 0 ? max(1, length) : 0),
                x: box.x + 3 + labelWidth, y: y, style: screen.style(.accent))
            let share = frequency.total > 0 ? Double(bin.count) / Double(frequency.total) * 100 : 0
            let count = "\(t.number(Double(bin.count))) \(t.percent(share))"
            buffer.write(count, x: box.maxX - 2 - DisplayWidth.of(count), y: y, style: screen.style(.text, .bold))
        }
        buffer.write(
            t("table.overlay_close"), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted), limit: width - 4)
    }

    /// Where each column comes from: source, licence, year, observed or estimated.
    func drawCatalogue(_ buffer: inout Buffer, _ columns: [TableColumn], top: Int) {
        let t = state.localizer
        let box = Rect(x: 1, y: 1, width: screen.width - 2, height: screen.height - 3)
        screen.box(&buffer, box, title: t("catalogue.title"))
        var lines: [(String, Style)] = []
        for column in columns where column.id != "name" && column.id != "code" {
            let unit = t.unit(column.unit)
            lines.append(
                (
                    "\(column.id)  \(Sanitize.text(column.label))\(unit.isEmpty ? "" : " (\(unit))")",
                    screen.style(.accent, .bold)
                ))
            if let definition = data.attributes.first(where: { $0.id == column.id }) {
                let year = definition.year.map(String.init) ?? "–"
                lines.append(
                    (
                        "  "
                            + t(
                                "catalogue.source",
                                [
                                    "source": Sanitize.text(definition.source),
                                    "licence": Sanitize.text(definition.licence), "year": year,
                                    "status": t("status." + definition.status.rawValue),
                                ]), screen.style(.text)
                    ))
                if !definition.method.isEmpty {
                    lines.append(("  " + Sanitize.text(definition.method), screen.style(.muted)))
                }
            } else {
                lines.append(
                    (
                        "  " + t("catalogue.model", ["version": ModelVersion.current, "year": String(state.map.year)]),
                        screen.style(.text)
                    ))
            }
        }
        let room = box.height - 3
        let first = min(top, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
            buffer.write(screen.fit(line.0, box.width - 4), x: box.x + 2, y: box.y + 1 + i, style: line.1)
        }
        buffer.write(
            t("catalogue.keys"), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted), limit: box.width - 4)
    }
}
