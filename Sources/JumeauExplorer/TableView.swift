import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

extension Explorer {
    /// The layer table over the whole screen: frozen name column, headers with units,
    /// numbers right-aligned in the language's format, a status line, the table's keys.
    static func drawTable(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData) {
        guard let table = s.table else { return }
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs, t = s.localizer
        let text = theme.style(.text, tier: tier), muted = theme.style(.muted, tier: tier)
        buffer.fill(Rect(x: 0, y: 0, width: s.width, height: s.height - 1), with: Cell(" ", style: Style(background: theme.color(.background, tier: tier))))
        let scenario = s.scenarioName ?? t(s.levers.isBaseline ? "scenario.baseline" : "scenario.new")
        let title = glyphs.plain(Sanitize.text("\(data.title)\(glyphs.separator)\(t("table.title"))\(glyphs.separator)\(s.year)\(glyphs.separator)\(scenario)"))
        buffer.write(DisplayWidth.truncate(title, to: s.width, ellipsis: glyphs.ellipsis), x: 0, y: 0, style: theme.style(.accent, tier: tier, attributes: .bold))

        let all = tableColumns(s, data)
        let columns = visibleColumns(s, all)
        let rows = tableRows(s, data, columns: all)
        let body = tableBodyRect(s)
        let page = Array(rows.dropFirst(table.top).prefix(body.height))
        let widths = columns.map { columnWidth($0, page, t) }
        // Columns on screen: the name, then from `left` while they fit.
        var shown = [0]
        var x = widths[0] + 1
        var index = max(1, table.left)
        while index < columns.count && x + widths[index] <= s.width {
            shown.append(index)
            x += widths[index] + 1
            index += 1
        }
        var positions: [Int] = []
        x = 0
        for column in shown { positions.append(x); x += widths[column] + 1 }

        let headerStyle = theme.style(.text, tier: tier, attributes: .bold)
        for (slot, column) in shown.enumerated() {
            let c = columns[column]
            let current = column == table.column
            let style = current ? theme.style(.selection, tier: tier, attributes: [.bold, .reverse]) : headerStyle
            var label = glyphs.plain(Sanitize.text(c.label))
            if let sort = table.sort, sort.column == c.id { label = (sort.descending ? (glyphs.halfBlock != nil ? "↓" : "v") : (glyphs.halfBlock != nil ? "↑" : "^")) + label }
            let unit = glyphs.plain(t.shortUnit(c.unit))
            let numeric = { if case .number = c.values { return true } else { return false } }()
            write(&buffer, DisplayWidth.truncate(label, to: widths[column], ellipsis: glyphs.ellipsis), x: positions[slot], y: 2,
                  width: widths[column], right: numeric, style: style)
            write(&buffer, DisplayWidth.truncate(unit, to: widths[column], ellipsis: glyphs.ellipsis), x: positions[slot], y: 3,
                  width: widths[column], right: numeric, style: muted)
        }
        if shown.count < columns.count || table.left > 1 {
            let more = t("table.columns_shown", ["shown": String(shown.count), "total": String(columns.count)])
            buffer.write(more, x: max(0, s.width - DisplayWidth.of(more)), y: 1, style: muted)
        }
        for (line, zone) in page.enumerated() {
            let y = body.y + line
            let isCursor = table.top + line == table.row
            let rowStyle = isCursor ? theme.style(.selection, tier: tier, attributes: .reverse) : text
            if isCursor { buffer.fill(Rect(x: 0, y: y, width: min(s.width, x), height: 1), with: Cell(" ", style: rowStyle)) }
            for (slot, column) in shown.enumerated() {
                let c = columns[column]
                let numeric = { if case .number = c.values { return true } else { return false } }()
                var style = rowStyle
                if isCursor && column == table.column { style.attributes.insert(.bold); style.attributes.remove(.reverse) }
                if slot == 0 && !isCursor { style = theme.style(.accent, tier: tier) }
                let cell = DisplayWidth.truncate(glyphs.plain(cellText(c, zone, t)), to: widths[column], ellipsis: glyphs.ellipsis)
                write(&buffer, cell, x: positions[slot], y: y, width: widths[column], right: numeric, style: style)
            }
        }
        if rows.isEmpty {
            buffer.write(t("table.no_rows"), x: 1, y: body.y, style: muted, limit: s.width - 2)
        }
        // Status: rows shown, filter, sort, search.
        var status = t("table.rows", ["shown": t.number(Double(rows.count)), "total": t.number(Double(data.names.count))])
        if table.filter != nil { status += "  " + t("table.filtered", ["filter": table.filterText]) }
        if let sort = table.sort, let column = all.first(where: { $0.id == sort.column }) {
            status += "  " + t(sort.descending ? "table.sorted_down" : "table.sorted_up", ["column": column.label])
        }
        if !table.hidden.isEmpty { status += "  " + t("table.hidden", ["count": String(table.hidden.count)]) }
        if let query = table.search { status = "/ " + query + "_   " + status }
        buffer.write(DisplayWidth.truncate(glyphs.plain(Sanitize.text(status)), to: s.width, ellipsis: glyphs.ellipsis), x: 0, y: s.height - 2,
                     style: theme.style(table.search != nil ? .accent : .muted, tier: tier, attributes: table.search != nil ? .bold : []))

        switch table.overlay {
        case .none: break
        case .statistics: drawStatistics(&buffer, s, columns.indices.contains(table.column) ? columns[table.column] : nil, rows)
        case .frequency: drawFrequency(&buffer, s, columns.indices.contains(table.column) ? columns[table.column] : nil, rows)
        case .catalogue(let top): drawCatalogue(&buffer, s, data, all, top: top)
        }
    }

    static func write(_ buffer: inout Buffer, _ text: String, x: Int, y: Int, width: Int, right: Bool, style: Style) {
        let pad = max(0, width - DisplayWidth.of(text))
        buffer.write(text, x: right ? x + pad : x, y: y, style: style, limit: width)
    }

    /// Count, sum, mean, median, minimum and maximum of the column over the rows shown.
    static func drawStatistics(_ buffer: inout Buffer, _ s: ExplorerState, _ column: TableColumn?, _ rows: [Int]) {
        guard let column else { return }
        let t = s.localizer
        var lines: [(String, String)]
        switch column.values {
        case .number(let values):
            if let stats = ColumnStatistics(rows.map { values[$0] }) {
                lines = [(t("stats.count"), t.number(Double(stats.count))), (t("stats.missing"), t.number(Double(stats.missing))),
                         (t("stats.sum"), t.number(stats.sum)), (t("stats.mean"), t.number(stats.mean)),
                         (t("stats.median"), t.number(stats.median)), (t("stats.minimum"), t.number(stats.minimum)),
                         (t("stats.maximum"), t.number(stats.maximum))]
            } else {
                lines = [(t("stats.count"), "0")]
            }
        case .text(let values):
            lines = [(t("stats.count"), t.number(Double(rows.count))), (t("stats.distinct"), t.number(Double(Set(rows.map { values[$0] }).count)))]
        }
        let title = Sanitize.text(column.label) + (column.unit.isEmpty ? "" : " (\(t.unit(column.unit)))")
        let width = min(s.width - 4, max(36, DisplayWidth.of(title) + 6))
        let rect = Rect(x: (s.width - width) / 2, y: max(1, (s.height - lines.count - 3) / 2), width: width, height: lines.count + 3)
        box(&buffer, rect, s, title: DisplayWidth.truncate(s.glyphs.plain(title), to: width - 6, ellipsis: s.glyphs.ellipsis))
        for (i, (label, value)) in lines.enumerated() {
            buffer.write(label, x: rect.x + 2, y: rect.y + 1 + i, style: s.theme.style(.text, tier: s.tier))
            buffer.write(value, x: rect.maxX - 2 - DisplayWidth.of(value), y: rect.y + 1 + i, style: s.theme.style(.text, tier: s.tier, attributes: .bold))
        }
        buffer.write(t("table.overlay_close"), x: rect.x + 2, y: rect.maxY - 2, style: s.theme.style(.muted, tier: s.tier), limit: width - 4)
    }

    /// A histogram of a numeric column (ten bins of equal width), or the most frequent texts.
    static func drawFrequency(_ buffer: inout Buffer, _ s: ExplorerState, _ column: TableColumn?, _ rows: [Int]) {
        guard let column else { return }
        let t = s.localizer, glyphs = s.glyphs
        let frequency: Frequency
        switch column.values {
        case .number(let values):
            frequency = Frequency.histogram(rows.map { values[$0] }, bins: 10) { "\(t.short($0))\(glyphs.rangeDash)\(t.short($1))" }
        case .text(let values):
            frequency = Frequency.counts(rows.map { values[$0] })
        }
        let width = min(s.width - 4, 72)
        let bins = Array(frequency.bins.prefix(max(1, s.height - 8)))
        let rect = Rect(x: (s.width - width) / 2, y: 2, width: width, height: bins.count + 3)
        let title = Sanitize.text(column.label) + (column.unit.isEmpty ? "" : " (\(t.unit(column.unit)))")
        box(&buffer, rect, s, title: DisplayWidth.truncate(glyphs.plain(title), to: width - 6, ellipsis: glyphs.ellipsis))
        let labelWidth = min(24, bins.map { DisplayWidth.of(Sanitize.text($0.label)) }.max() ?? 4)
        let most = max(1, bins.map(\.count).max() ?? 1)
        let barRoom = max(1, width - labelWidth - 18)
        for (i, bin) in bins.enumerated() {
            let y = rect.y + 1 + i
            buffer.write(DisplayWidth.truncate(glyphs.plain(Sanitize.text(bin.label)), to: labelWidth, ellipsis: glyphs.ellipsis), x: rect.x + 2, y: y,
                         style: s.theme.style(.text, tier: s.tier))
            let length = Int((Double(bin.count) / Double(most) * Double(barRoom)).rounded(.up))
            buffer.write(String(repeating: glyphs.halfBlock != nil ? "█" : "#", count: bin.count > 0 ? max(1, length) : 0),
                         x: rect.x + 3 + labelWidth, y: y, style: s.theme.style(.accent, tier: s.tier))
            let share = frequency.total > 0 ? Double(bin.count) / Double(frequency.total) * 100 : 0
            let count = "\(t.number(Double(bin.count))) \(t.percent(share))"
            buffer.write(count, x: rect.maxX - 2 - DisplayWidth.of(count), y: y, style: s.theme.style(.text, tier: s.tier, attributes: .bold))
        }
        buffer.write(t("table.overlay_close"), x: rect.x + 2, y: rect.maxY - 2, style: s.theme.style(.muted, tier: s.tier), limit: width - 4)
    }

    /// Where each column comes from: source, licence, year, observed or estimated.
    static func drawCatalogue(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ columns: [TableColumn], top: Int) {
        let t = s.localizer, glyphs = s.glyphs
        let rect = Rect(x: 1, y: 1, width: s.width - 2, height: s.height - 3)
        box(&buffer, rect, s, title: t("catalogue.title"))
        var lines: [(String, Style)] = []
        let text = s.theme.style(.text, tier: s.tier), muted = s.theme.style(.muted, tier: s.tier)
        for column in columns where column.id != "name" && column.id != "code" {
            let unit = t.unit(column.unit)
            lines.append(("\(column.id)  \(Sanitize.text(column.label))\(unit.isEmpty ? "" : " (\(unit))")", s.theme.style(.accent, tier: s.tier, attributes: .bold)))
            if let definition = data.attributes.first(where: { $0.id == column.id }) {
                let year = definition.year.map(String.init) ?? "–"
                lines.append(("  " + t("catalogue.source", ["source": Sanitize.text(definition.source), "licence": Sanitize.text(definition.licence),
                                                             "year": year, "status": t("status." + definition.status.rawValue)]), text))
                if !definition.method.isEmpty { lines.append(("  " + Sanitize.text(definition.method), muted)) }
            } else {
                lines.append(("  " + t("catalogue.model", ["version": ModelVersion.current, "year": String(s.year)]), text))
            }
        }
        let room = rect.height - 3
        let first = min(top, max(0, lines.count - room))
        for (i, line) in lines.dropFirst(first).prefix(room).enumerated() {
            buffer.write(DisplayWidth.truncate(glyphs.plain(line.0), to: rect.width - 4, ellipsis: glyphs.ellipsis), x: rect.x + 2, y: rect.y + 1 + i, style: line.1)
        }
        buffer.write(t("catalogue.keys"), x: rect.x + 2, y: rect.maxY - 2, style: muted, limit: rect.width - 4)
    }
}
