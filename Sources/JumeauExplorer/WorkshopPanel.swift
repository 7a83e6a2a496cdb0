import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Where the workshop panel puts things; the panel draws it and clicks are read with it.
struct PanelLayout {
    struct Slider {
        var lever: Int
        var labelY: Int
        /// The bar's track (one row); the knob's column maps to a value.
        var bar: Rect
    }
    var header: Rect
    var sliders: [Slider]
    var indicators: Rect
    var legend: Rect?

    init(_ state: ExplorerState, _ data: ExplorerData) {
        let panel = state.screen.panelRect
        let narrow = panel.x == 0
        // Narrow terminals: the panel sits under the map; levers left, indicators right.
        let leverColumn =
            narrow ? Rect(x: panel.x, y: panel.y, width: panel.width / 2 - 1, height: panel.height) : panel
        header = Rect(
            x: leverColumn.x, y: leverColumn.y, width: leverColumn.width,
            height: min(panel.height > 30 ? 2 : 1, leverColumn.height))
        var y = header.maxY
        let visible = Array(state.workshop.visibleLevers(data))
        // The sliders take at most half the panel when "more levers" is open; the list
        // scrolls to keep the selected one in view.
        let room = max(2, narrow ? leverColumn.maxY - y : max(ExplorerData.headlineLevers * 2, (panel.height - 2) / 2))
        let fits = max(1, room / 2)
        var first = 0
        if let index = state.workshop.focus, let position = visible.firstIndex(of: index), position >= fits {
            first = position - fits + 1
        }
        sliders = []
        for lever in visible.dropFirst(first).prefix(fits) where y + 1 < leverColumn.maxY {
            sliders.append(
                Slider(
                    lever: lever, labelY: y, bar: Rect(x: leverColumn.x, y: y + 1, width: leverColumn.width, height: 1))
            )
            y += 2
        }
        if narrow {
            indicators = Rect(
                x: panel.width / 2 + 1, y: panel.y, width: panel.width - panel.width / 2 - 1, height: panel.height)
            legend = nil
            return
        }
        if panel.height > 30 { y += 1 }
        // Indicators and alerts, then the legend with what is left (at least 9 rows).
        let legendHeight = max(9, min(12, panel.maxY - y - (data.headline.count + 3)))
        indicators = Rect(x: panel.x, y: y, width: panel.width, height: max(0, panel.maxY - legendHeight - y))
        legend = Rect(x: panel.x, y: indicators.maxY, width: panel.width, height: max(0, panel.maxY - indicators.maxY))
    }
}

/// The policy panel: the scenario's name and code, the sliders, the indicators against
/// Baseline with alerts, or the comparison with a saved scenario.
struct WorkshopPanel: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let layout: PanelLayout

    var screen: Screen { state.screen }
    var workshop: Workshop { state.workshop }

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let t = state.localizer
        let legendTop = layout.legend?.y ?? rect.maxY
        buffer.fill(
            Rect(x: rect.x, y: rect.y, width: rect.width, height: max(0, legendTop - rect.y)),
            with: Cell(" ", style: screen.background))
        drawHeader(&buffer)
        for slider in layout.sliders { drawSlider(&buffer, slider) }
        // While the levers have the focus: in a territory, where the focused lever's value
        // comes from; then how to open the others.
        if workshop.focus != nil, let last = layout.sliders.last {
            var y = last.bar.maxY
            let bottom = layout.legend == nil ? rect.maxY : layout.indicators.y
            if y < bottom, let note = workshop.sourceNote(data, t) {
                buffer.write(note, x: layout.header.x, y: y, style: screen.style(.muted), limit: layout.header.width)
                y += 1
            }
            if y < bottom {
                let more =
                    workshop.moreLevers
                    ? t("panel.fewer_levers")
                    : t("panel.more_levers", ["count": String(data.catalog.levers.count - ExplorerData.headlineLevers)])
                buffer.write(more, x: layout.header.x, y: y, style: screen.style(.muted), limit: layout.header.width)
            }
        }
        if let other = workshop.compare {
            drawComparison(&buffer, layout.indicators, other: other)
        } else {
            drawIndicators(&buffer, layout.indicators)
        }
    }

    /// The scenario's name (with * when the levers moved since it was saved) and its code.
    func drawHeader(_ buffer: inout Buffer) {
        let t = state.localizer
        let header = layout.header
        let name = workshop.displayName(t)
        let code = (try? ScenarioCode.encode(workshop.levers, catalog: data.catalog)) ?? "?"
        let codeText =
            header.height > 1 || DisplayWidth.of(name) + code.count + 8 <= header.width
            ? t("panel.code", ["code": code]) : code
        let titleRoom = header.height > 1 ? header.width : max(4, header.width - DisplayWidth.of(codeText) - 1)
        buffer.write(screen.fit(name, titleRoom), x: header.x, y: header.y, style: screen.style(.accent, .bold))
        let codeY = header.height > 1 ? header.y + 1 : header.y
        let codeX = header.height > 1 ? header.x : header.maxX - DisplayWidth.of(codeText)
        buffer.write(screen.fit(codeText, header.width), x: max(header.x, codeX), y: codeY, style: screen.style(.muted))
    }

    func drawSlider(_ buffer: inout Buffer, _ slider: PanelLayout.Slider) {
        let t = state.localizer
        let lever = data.catalog.levers[slider.lever]
        let value = workshop.schedule(lever.id, data).value
        let focused = workshop.focus == slider.lever
        let width = slider.bar.width
        // In a territory, a value it inherits is marked (↑: from around it).
        let inherited = data.leverTerritory.map { workshop.source(lever.id, data) != $0.territory } ?? false
        let valueText =
            t.number(value, decimals: lever.decimals) + " " + t.shortUnit(lever.unit)
            + (inherited ? (screen.unicode ? " ↑" : " ^") : "")
        let labelStyle =
            focused
            ? screen.style(.selection, [.bold, .reverse]) : screen.style(.text, value == lever.baseline ? [] : .bold)
        let label = screen.fit(Self.shortLabel(lever, t), max(4, width - DisplayWidth.of(valueText) - 1))
        buffer.fill(
            Rect(x: slider.bar.x, y: slider.labelY, width: width, height: 1),
            with: Cell(" ", style: focused ? labelStyle : screen.style(.background)))
        buffer.write(label, x: slider.bar.x, y: slider.labelY, style: labelStyle)
        buffer.write(valueText, x: slider.bar.maxX - DisplayWidth.of(valueText), y: slider.labelY, style: labelStyle)

        // The bar: more ambitious to the right, whatever the direction of the value.
        let unicode = screen.unicode
        let track = width - 2
        guard track > 2 else { return }
        func column(_ v: Double) -> Int {
            slider.bar.x + 1 + Int(saturating: (Self.fraction(v, lever) * Double(track - 1)).rounded())
        }
        let knob = column(value)
        let filled = screen.style(value == lever.baseline ? .muted : .accent)
        buffer.write(unicode ? "▕" : "[", x: slider.bar.x, y: slider.bar.y, style: screen.style(.muted))
        buffer.write(unicode ? "▏" : "]", x: slider.bar.maxX - 1, y: slider.bar.y, style: screen.style(.muted))
        for x in (slider.bar.x + 1)..<(slider.bar.maxX - 1) {
            buffer.write(
                x < knob ? (unicode ? "━" : "=") : (unicode ? "─" : "-"), x: x, y: slider.bar.y,
                style: x < knob ? filled : screen.style(.muted))
        }
        for mark in lever.marks {
            buffer.write("|", x: column(mark.value), y: slider.bar.y, style: screen.style(.warning))
        }
        buffer.write("B", x: column(lever.baseline), y: slider.bar.y, style: screen.style(.muted, .bold))
        buffer.write(
            unicode ? "●" : "O", x: knob, y: slider.bar.y, style: screen.style(focused ? .selection : .accent, .bold))
    }

    /// Where a value sits on its bar, 0 (least ambitious) to 1.
    static func fraction(_ value: Double, _ lever: LeverDefinition) -> Double {
        guard lever.maximum > lever.minimum else { return 0 }
        let f = min(1, max(0, (value - lever.minimum) / (lever.maximum - lever.minimum)))
        return lever.ambitious == .increasing ? f : 1 - f
    }

    /// A lever's label short enough for the panel.
    static func shortLabel(_ lever: LeverDefinition, _ t: Localizer) -> String {
        Catalogue.table(t.language)["lever.short." + lever.id] ?? t.pick(fr: lever.labelFR, en: lever.labelEN)
    }

    // MARK: Indicators

    func drawIndicators(_ buffer: inout Buffer, _ rect: Rect) {
        guard rect.height > 0 else { return }
        let t = state.localizer
        var y = rect.y
        let title = t(
            workshop.levers.isBaseline ? "panel.indicators" : "panel.indicators_vs", ["year": String(state.map.year)])
        buffer.write(screen.fit(title, rect.width), x: rect.x, y: y, style: screen.style(.text, .bold))
        y += 1
        guard let result = workshop.result else {
            if y < rect.maxY {
                buffer.write(
                    t("status.computing") + screen.glyphs.ellipsis, x: rect.x, y: y, style: screen.style(.muted))
            }
            return
        }
        // Alerts wrap onto as many lines as they need; the indicators take what is left.
        let alertLines = Self.alerts(result, state, data).flatMap { alert -> [String] in
            let lines = screen.wrap(alert, rect.width - 2)
            return lines.enumerated().map { ($0.offset == 0 ? "! " : "  ") + $0.element }
        }
        // Alerts before all but the first two indicators: a missed target is what must be read.
        let indicatorRows = max(0, rect.maxY - y - min(alertLines.count, max(0, rect.maxY - y - 2)))
        let shown = data.variables[state.map.variable].indicator
        for indicator in Self.panelIndicators(state, data).prefix(indicatorRows) {
            drawIndicatorRow(
                &buffer, indicator, result, Rect(x: rect.x, y: y, width: rect.width, height: 1),
                highlighted: indicator == shown)
            y += 1
        }
        for line in alertLines where y < rect.maxY {
            buffer.write(line, x: rect.x, y: y, style: screen.style(.warning, .bold), limit: rect.width)
            y += 1
        }
    }

    /// One indicator: its label, cut before it touches the value; the value with its unit;
    /// the difference from Baseline; the sparkline where room is left.
    func drawIndicatorRow(
        _ buffer: inout Buffer, _ indicator: Indicator, _ result: SimulationResult, _ rect: Rect,
        highlighted: Bool
    ) {
        let t = state.localizer
        let definition = indicator.definition
        guard let value = result.territory(indicator, year: state.map.year) else { return }
        let unit = t.shortUnit(definition.unit)
        let valueText = Self.amount(value, definition.unit, t) + (unit.isEmpty ? "" : (unit == "%" ? "" : " ") + unit)
        var delta: (text: String, role: Theme.Role)?
        if let base = workshop.baseline?.territory(indicator, year: state.map.year), !workshop.levers.isBaseline {
            delta = Self.difference(value, from: base, definition, t, unicode: screen.unicode)
        }
        let right = valueText + (delta.map { " " + $0.text } ?? "")
        let rightWidth = DisplayWidth.of(right)
        // Labels get what the values leave, with a column of space between them.
        let labelRoom = min(12, max(3, rect.width - rightWidth - 1))
        let labelStyle = screen.style(highlighted ? .accent : .text, highlighted ? .bold : [])
        buffer.write(screen.fit(definition.shortLabel(t), labelRoom), x: rect.x, y: rect.y, style: labelStyle)
        var x = rect.x + labelRoom + 1
        let valueWidth = DisplayWidth.of(valueText)
        // Values are right-aligned in their column when the row is wide enough to have columns.
        let valueColumn = max(valueWidth, min(12, rect.width - labelRoom - 1 - (delta == nil ? 0 : 9)))
        buffer.write(
            valueText, x: x + valueColumn - valueWidth, y: rect.y, style: screen.style(.text, .bold),
            limit: rect.maxX - x)
        x += valueColumn + 1
        if let delta, x < rect.maxX {
            buffer.write(delta.text, x: x, y: rect.y, style: screen.style(delta.role, .bold), limit: rect.maxX - x)
            x += max(8, DisplayWidth.of(delta.text) + 1)
        }
        let room = rect.maxX - x
        if room >= 4 {
            // Yearly consumption starts with the years Cerema observed, when the twin has them.
            let observed = indicator == .nafConsumption ? data.observedConsumption.map(\.hectares) : []
            let series = observed + Array(result.territory(indicator))
            buffer.write(
                Self.sparkline(series, width: room, unicode: screen.unicode), x: x,
                y: rect.y,
                style: screen.style(.muted))
        }
    }

    /// The difference from Baseline as people read it: percentage points for a
    /// percentage, a relative change where the base makes one meaningful (at most tripling),
    /// the difference in units otherwise; an arrow, and good or bad.
    static func difference(
        _ value: Double, from base: Double, _ definition: IndicatorDefinition, _ t: Localizer,
        unicode: Bool
    ) -> (text: String, role: Theme.Role) {
        let delta = value - base
        guard abs(delta) >= max(1e-9, abs(base) * 0.0005) else { return ("=", .muted) }
        let arrow = delta > 0 ? (unicode ? "↑" : "^") : (unicode ? "↓" : "v")
        let amount: String
        if definition.unit == "%" {
            amount = t("delta.points", ["value": t.number(abs(delta), decimals: abs(delta) >= 10 ? 0 : 1)])
        } else if abs(base) > 1e-9, abs(delta) <= 2 * abs(base) {
            amount = t.percent(abs(delta) / abs(base) * 100).replacingOccurrences(of: "\u{00A0}", with: "")
        } else {
            amount = Self.amount(abs(delta), definition.unit, t)
        }
        let good = (definition.better == .higher && delta > 0) || (definition.better == .lower && delta < 0)
        let bad = (definition.better == .higher && delta < 0) || (definition.better == .lower && delta > 0)
        if good { return (arrow + amount + (unicode ? "✓" : "+"), .good) }
        if bad { return (arrow + amount + (unicode ? "✗" : "!"), .bad) }
        return (arrow + amount, .muted)
    }

    /// A value as the panel writes it: people, households and dwellings are counted whole
    /// (the model's 0.68 of a dwelling reads as 1), other quantities to three digits.
    static func amount(_ value: Double, _ unit: String, _ t: Localizer) -> String {
        ["inhabitants", "households", "dwellings", "jobs"].contains(unit)
            ? t.number(value.rounded(), decimals: 0) : t.short(value)
    }

    /// The headline indicators, the mapped one first (it is always among the rows).
    static func panelIndicators(_ s: ExplorerState, _ data: ExplorerData) -> [Indicator] {
        guard let shown = data.variables[s.map.variable].indicator else { return data.headline }
        return [shown] + data.headline.filter { $0 != shown }
    }

    /// A series squeezed into `width` cells of eighth-blocks (or ASCII levels).
    static func sparkline(_ series: [Double], width: Int, unicode: Bool) -> String {
        let levels: [Character] =
            unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "~", "=", "+", "*", "#"]
        let finite = series.filter(\.isFinite)
        guard width > 0, let low = finite.min(), let high = finite.max() else { return "" }
        var out = ""
        for i in 0..<min(width, series.count) {
            let position = series.count <= width ? i : i * (series.count - 1) / max(1, width - 1)
            let v = series[position]
            guard v.isFinite else {
                out.append(" ")
                continue
            }
            let level =
                high > low ? Int(saturating: ((v - low) / (high - low) * Double(levels.count - 1)).rounded()) : 0
            out.append(levels[max(0, min(levels.count - 1, level))])
        }
        return out
    }

    /// Targets missed, in words.
    static func alerts(_ result: SimulationResult, _ s: ExplorerState, _ data: ExplorerData) -> [String] {
        var alerts: [String] = []
        let t = s.localizer
        let budget = result.territory(.zanBudgetUsed)
        if let index = budget.firstIndex(where: { $0 > 100 + 1e-9 }) {
            alerts.append(t("alert.zan_exceeded", ["year": String(result.years[index - budget.startIndex])]))
        }
        if let unmet = result.territory(.unmetHousingNeed, year: s.map.year), unmet >= 1 {
            alerts.append(t("alert.unmet", ["count": amount(unmet, "dwellings", t)]))
        }
        if let lost = result.territory(.coastalDwellingsLost, year: result.lastYear), lost >= 1 {
            alerts.append(t("alert.coast", ["count": t.short(lost), "year": String(result.lastYear)]))
        }
        return alerts
    }

    // MARK: Comparison

    /// The current levers minus a saved scenario, in 2031, 2040 and 2050, in columns that
    /// never touch.
    func drawComparison(_ buffer: inout Buffer, _ rect: Rect, other name: String) {
        guard rect.height > 1 else { return }
        let t = state.localizer
        buffer.write(
            screen.fit(t("compare.title", ["name": name]), rect.width), x: rect.x, y: rect.y,
            style: screen.style(.text, .bold))
        guard let current = workshop.result, let other = workshop.comparisons[name] else {
            buffer.write(
                t("status.computing") + screen.glyphs.ellipsis, x: rect.x, y: rect.y + 1, style: screen.style(.muted))
            return
        }
        let years = [2031, 2040, 2050].filter { current.yearIndex($0) != nil }
        // Only the rows that fit: a row below the panel must not widen the columns of those shown.
        let indicators = Array(Self.panelIndicators(state, data).prefix(max(0, rect.maxY - rect.y - 2)))
        func text(_ indicator: Indicator, _ year: Int) -> (String, Theme.Role)? {
            guard let a = current.territory(indicator, year: year), let b = other.territory(indicator, year: year)
            else { return nil }
            let delta = a - b
            let better = indicator.definition.better
            let role: Theme.Role =
                abs(delta) < 1e-9 || better == .neutral ? .text : (better == .higher) == (delta > 0) ? .good : .bad
            let sign = delta > 0 ? "+" : delta < 0 ? "−" : ""
            return (sign + (abs(delta) < 1e-9 ? "0" : t.short(abs(delta))), role)
        }
        // Each year's column is as wide as its widest number, plus one blank before it.
        let widths = years.map { year in
            max(
                DisplayWidth.of(String(year)),
                indicators.compactMap { text($0, year) }.map { DisplayWidth.of($0.0) }.max() ?? 0)
        }
        let numbers = widths.reduce(0) { $0 + $1 + 1 }
        let labelWidth = max(3, rect.width - numbers)
        var y = rect.y + 1
        var x = rect.x + labelWidth
        for (i, year) in years.enumerated() {
            let label = String(year)
            buffer.write(label, x: x + 1 + widths[i] - label.count, y: y, style: screen.style(.muted))
            x += widths[i] + 1
        }
        y += 1
        for indicator in indicators {
            buffer.write(
                screen.fit(indicator.definition.shortLabel(t), labelWidth), x: rect.x, y: y, style: screen.style(.text))
            x = rect.x + labelWidth
            for (i, year) in years.enumerated() {
                if let (value, role) = text(indicator, year) {
                    buffer.write(
                        value, x: x + 1 + widths[i] - DisplayWidth.of(value), y: y, style: screen.style(role, .bold))
                }
                x += widths[i] + 1
            }
            y += 1
        }
    }
}

extension Workshop {
    /// A click on a slider's bar sets the lever there; nil when the click is not on the panel.
    mutating func click(
        x: Int, y: Int, layout: PanelLayout, panel: Rect, _ data: ExplorerData, _ reply: inout Reply
    ) -> Bool {
        for slider in layout.sliders {
            if y == slider.labelY && x >= slider.bar.x && x < slider.bar.maxX {
                focus = slider.lever
                return true
            }
            if slider.bar.contains(x: x, y: y) {
                focus = slider.lever
                let lever = data.catalog.levers[slider.lever]
                let track = slider.bar.width - 2
                var f = Double(min(track - 1, max(0, x - slider.bar.x - 1))) / Double(max(1, track - 1))
                if lever.ambitious == .decreasing { f = 1 - f }
                set(lever.id, to: lever.snapped(lever.minimum + f * (lever.maximum - lever.minimum)), data, &reply)
                return true
            }
        }
        return panel.contains(x: x, y: y)
    }
}
