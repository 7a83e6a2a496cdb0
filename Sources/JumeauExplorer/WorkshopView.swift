import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Where the workshop panel puts things; the view draws it and clicks are read with it.
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
}

extension Explorer {
    static func panelLayout(_ s: ExplorerState, _ data: ExplorerData) -> PanelLayout {
        let panel = panelRect(s)
        let narrow = panel.x == 0
        // Narrow terminals: the panel sits under the map; levers left, indicators right.
        let leverColumn = narrow ? Rect(x: panel.x, y: panel.y, width: panel.width / 2 - 1, height: panel.height) : panel
        let header = Rect(x: leverColumn.x, y: leverColumn.y, width: leverColumn.width, height: min(panel.height > 30 ? 2 : 1, leverColumn.height))
        var y = header.maxY
        let visible = Array(visibleLevers(s, data))
        // The sliders take at most half the panel when "more levers" is open; the list
        // scrolls to keep the selected one in view.
        let room = max(2, narrow ? leverColumn.maxY - y : max(ExplorerData.headlineLevers * 2, (panel.height - 2) / 2))
        let fits = max(1, room / 2)
        var first = 0
        if case .levers(let index) = s.focus, let position = visible.firstIndex(of: index), position >= fits {
            first = position - fits + 1
        }
        var sliders: [PanelLayout.Slider] = []
        for lever in visible.dropFirst(first).prefix(fits) where y + 1 < leverColumn.maxY {
            sliders.append(PanelLayout.Slider(lever: lever, labelY: y, bar: Rect(x: leverColumn.x, y: y + 1, width: leverColumn.width, height: 1)))
            y += 2
        }
        if narrow {
            let right = Rect(x: panel.width / 2 + 1, y: panel.y, width: panel.width - panel.width / 2 - 1, height: panel.height)
            return PanelLayout(header: header, sliders: sliders, indicators: right, legend: nil)
        }
        if panel.height > 30 { y += 1 }
        // Indicators and alerts, then the legend with what is left (at least 7 rows).
        let legendHeight = max(9, min(12, panel.maxY - y - (data.headline.count + 3)))
        let indicators = Rect(x: panel.x, y: y, width: panel.width, height: max(0, panel.maxY - legendHeight - y))
        let legend = Rect(x: panel.x, y: indicators.maxY, width: panel.width, height: max(0, panel.maxY - indicators.maxY))
        return PanelLayout(header: header, sliders: sliders, indicators: indicators, legend: legend)
    }

    static func drawWorkshop(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, layout: PanelLayout) {
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs, t = s.localizer
        let muted = theme.style(.muted, tier: tier)
        let header = layout.header
        // Scenario name (with * when the levers moved since it was saved) and its code.
        let name = s.scenarioName ?? t(s.levers.isBaseline ? "scenario.baseline" : "scenario.new")
        let code = (try? ScenarioCode.encode(s.levers, catalog: data.catalog)) ?? "?"
        let codeText = header.height > 1 || DisplayWidth.of(name) + code.count + 8 <= header.width ? t("panel.code", ["code": code]) : code
        let title = glyphs.plain(Sanitize.text(name)) + (s.unsaved ? " *" : "")
        let titleRoom = header.height > 1 ? header.width : max(4, header.width - DisplayWidth.of(codeText) - 1)
        buffer.write(DisplayWidth.truncate(title, to: titleRoom, ellipsis: glyphs.ellipsis), x: header.x, y: header.y,
                     style: theme.style(.accent, tier: tier, attributes: .bold))
        let codeY = header.height > 1 ? header.y + 1 : header.y
        let codeX = header.height > 1 ? header.x : header.maxX - DisplayWidth.of(codeText)
        buffer.write(DisplayWidth.truncate(codeText, to: header.width, ellipsis: glyphs.ellipsis), x: max(header.x, codeX), y: codeY, style: muted)
        for slider in layout.sliders {
            drawSlider(&buffer, s, data, slider)
        }
        // While the levers have the focus, say how to open the others.
        if case .levers = s.focus, let last = layout.sliders.last {
            let y = last.bar.maxY
            let limit = layout.legend == nil ? panelRect(s).maxY : layout.indicators.y
            if y < limit {
                let more = s.moreLevers ? t("panel.fewer_levers") : t("panel.more_levers", ["count": String(data.catalog.levers.count - ExplorerData.headlineLevers)])
                buffer.write(more, x: header.x, y: y, style: muted, limit: header.width)
            }
        }
        if let other = s.compare { drawComparison(&buffer, s, data, layout.indicators, other: other) }
        else { drawIndicators(&buffer, s, data, layout.indicators) }
    }

    static func drawSlider(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ slider: PanelLayout.Slider) {
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs
        let lever = data.catalog.levers[slider.lever]
        let value = s.levers.schedule(lever.id, catalog: data.catalog).value
        let focused = s.focus == .levers(slider.lever)
        let width = slider.bar.width
        let valueText = s.localizer.number(value, decimals: lever.decimals) + " " + s.localizer.shortUnit(lever.unit)
        let labelStyle = focused ? theme.style(.selection, tier: tier, attributes: [.bold, .reverse])
            : theme.style(.text, tier: tier, attributes: value == lever.baseline ? [] : .bold)
        let label = DisplayWidth.truncate(shortLabel(lever, s.localizer), to: max(4, width - DisplayWidth.of(valueText) - 1), ellipsis: glyphs.ellipsis)
        buffer.fill(Rect(x: slider.bar.x, y: slider.labelY, width: width, height: 1), with: Cell(" ", style: focused ? labelStyle : theme.style(.background, tier: tier)))
        buffer.write(label, x: slider.bar.x, y: slider.labelY, style: labelStyle)
        buffer.write(valueText, x: slider.bar.maxX - DisplayWidth.of(valueText), y: slider.labelY, style: labelStyle)

        // The bar: more ambitious to the right, whatever the direction of the value.
        let unicode = glyphs.halfBlock != nil
        let track = width - 2
        guard track > 2 else { return }
        func column(_ v: Double) -> Int {
            slider.bar.x + 1 + Int(saturating: (fraction(v, lever) * Double(track - 1)).rounded())
        }
        let knob = column(value)
        let filled = theme.style(value == lever.baseline ? .muted : .accent, tier: tier)
        buffer.write(unicode ? "▕" : "[", x: slider.bar.x, y: slider.bar.y, style: theme.style(.muted, tier: tier))
        buffer.write(unicode ? "▏" : "]", x: slider.bar.maxX - 1, y: slider.bar.y, style: theme.style(.muted, tier: tier))
        for x in (slider.bar.x + 1)..<(slider.bar.maxX - 1) {
            buffer.write(x < knob ? (unicode ? "━" : "=") : (unicode ? "─" : "-"), x: x, y: slider.bar.y,
                         style: x < knob ? filled : theme.style(.muted, tier: tier))
        }
        for mark in lever.marks { buffer.write("|", x: column(mark.value), y: slider.bar.y, style: theme.style(.warning, tier: tier)) }
        buffer.write("B", x: column(lever.baseline), y: slider.bar.y, style: theme.style(.muted, tier: tier, attributes: .bold))
        buffer.write(unicode ? "●" : "O", x: knob, y: slider.bar.y,
                     style: theme.style(focused ? .selection : .accent, tier: tier, attributes: .bold))
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

    static func drawIndicators(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ rect: Rect) {
        guard rect.height > 0 else { return }
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs, t = s.localizer
        let muted = theme.style(.muted, tier: tier)
        var y = rect.y
        let title = t(s.levers.isBaseline ? "panel.indicators" : "panel.indicators_vs", ["year": String(s.year)])
        buffer.write(DisplayWidth.truncate(title, to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x, y: y, style: theme.style(.text, tier: tier, attributes: .bold))
        y += 1
        guard let result = s.result else {
            if y < rect.maxY { buffer.write(t("status.computing") + glyphs.ellipsis, x: rect.x, y: y, style: muted) }
            return
        }
        let alerts = self.alerts(result, s, data)
        let indicatorRows = max(0, rect.maxY - y - min(alerts.count, 2))
        let shown = data.variables[s.variable].indicator
        for indicator in panelIndicators(s, data).prefix(indicatorRows) {
            drawIndicatorRow(&buffer, s, indicator, result, Rect(x: rect.x, y: y, width: rect.width, height: 1), highlighted: indicator == shown)
            y += 1
        }
        for alert in alerts where y < rect.maxY {
            buffer.write(DisplayWidth.truncate("! " + alert, to: rect.width, ellipsis: glyphs.ellipsis), x: rect.x, y: y,
                         style: theme.style(.warning, tier: tier, attributes: .bold))
            y += 1
        }
    }

    static func drawIndicatorRow(_ buffer: inout Buffer, _ s: ExplorerState, _ indicator: Indicator, _ result: SimulationResult,
                                 _ rect: Rect, highlighted: Bool) {
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs, t = s.localizer
        let definition = indicator.definition
        guard let value = result.territory(indicator, year: s.year) else { return }
        let valueText = t.short(value)
        var x = rect.x
        let labelWidth = 10
        buffer.write(DisplayWidth.truncate(shortLabel(indicator, t), to: labelWidth, ellipsis: glyphs.ellipsis), x: x, y: rect.y,
                     style: theme.style(highlighted ? .accent : .text, tier: tier, attributes: highlighted ? .bold : []))
        x += labelWidth + 1
        buffer.write(valueText, x: x + 6 - DisplayWidth.of(valueText), y: rect.y, style: theme.style(.text, tier: tier, attributes: .bold))
        x += 7
        // The difference from Baseline: direction arrow, good/bad colour and glyph.
        if let base = s.baseline?.territory(indicator, year: s.year), !s.levers.isBaseline {
            let delta = value - base
            let unicode = glyphs.halfBlock != nil
            var text: String
            var role: Theme.Role = .muted
            if abs(delta) < max(1e-9, abs(base) * 0.0005) {
                text = "="
            } else {
                let arrow = delta > 0 ? (unicode ? "↑" : "^") : (unicode ? "↓" : "v")
                let amount = abs(base) > 1e-9 ? t.percent(abs(delta) / abs(base) * 100).replacingOccurrences(of: "\u{00A0}", with: "") : t.short(abs(delta))
                text = arrow + amount
                let good = (definition.better == .higher && delta > 0) || (definition.better == .lower && delta < 0)
                let bad = (definition.better == .higher && delta < 0) || (definition.better == .lower && delta > 0)
                if good { role = .good; text += unicode ? "✓" : "+" }
                if bad { role = .bad; text += unicode ? "✗" : "!" }
            }
            buffer.write(text, x: x, y: rect.y, style: theme.style(role, tier: tier, attributes: .bold), limit: rect.maxX - x)
            x += 7
        }
        // The sparkline, reference year to 2050, where room is left.
        let room = rect.maxX - x
        if room >= 4 {
            let series = Array(result.territory(indicator))
            buffer.write(sparkline(series, width: room, unicode: glyphs.halfBlock != nil), x: x, y: rect.y,
                         style: theme.style(.muted, tier: tier))
        }
    }

    /// The headline indicators, the mapped one first (it is always among the rows).
    static func panelIndicators(_ s: ExplorerState, _ data: ExplorerData) -> [Indicator] {
        guard let shown = data.variables[s.variable].indicator else { return data.headline }
        return [shown] + data.headline.filter { $0 != shown }
    }

    /// An indicator's column header in the language (at most 10 characters).
    static func shortLabel(_ indicator: Indicator, _ t: Localizer) -> String {
        indicator.definition.shortLabel(t)
    }

    /// A series squeezed into `width` cells of eighth-blocks (or ASCII levels).
    public static func sparkline(_ series: [Double], width: Int, unicode: Bool) -> String {
        let levels: [Character] = unicode ? ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : ["_", ".", "-", "~", "=", "+", "*", "#"]
        let finite = series.filter(\.isFinite)
        guard width > 0, let low = finite.min(), let high = finite.max() else { return "" }
        var out = ""
        for i in 0..<min(width, series.count) {
            let position = series.count <= width ? i : i * (series.count - 1) / max(1, width - 1)
            let v = series[position]
            guard v.isFinite else { out.append(" "); continue }
            let level = high > low ? Int(saturating: ((v - low) / (high - low) * Double(levels.count - 1)).rounded()) : 0
            out.append(levels[level])
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
        if let unmet = result.territory(.unmetHousingNeed, year: s.year), unmet >= 1 {
            alerts.append(t("alert.unmet", ["count": t.short(unmet), "year": String(s.year)]))
        }
        if let lost = result.territory(.coastalDwellingsLost, year: result.lastYear), lost >= 1 {
            alerts.append(t("alert.coast", ["count": t.short(lost), "year": String(result.lastYear)]))
        }
        return alerts
    }

    // MARK: Mouse on the panel

    /// A click on a slider's bar sets the lever there; nil when the click is not on the panel.
    static func clickOnPanel(x: Int, y: Int, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect]? {
        guard s.mode == .map, s.panel == .workshop, !s.tooSmall else { return nil }
        let layout = panelLayout(s, data)
        for slider in layout.sliders {
            if y == slider.labelY && x >= slider.bar.x && x < slider.bar.maxX { s.focus = .levers(slider.lever); return [] }
            if slider.bar.contains(x: x, y: y) {
                s.focus = .levers(slider.lever)
                let lever = data.catalog.levers[slider.lever]
                let track = slider.bar.width - 2
                var f = Double(min(track - 1, max(0, x - slider.bar.x - 1))) / Double(max(1, track - 1))
                if lever.ambitious == .decreasing { f = 1 - f }
                let value = lever.snapped(lever.minimum + f * (lever.maximum - lever.minimum))
                var settings = s.levers
                try? settings.set(lever.id, LeverSchedule(value), catalog: data.catalog)
                let effects = setLevers(settings, detail: "\(lever.id)=\(format(value))", &s)
                return effects + requests(data, &s)
            }
        }
        return panelRect(s).contains(x: x, y: y) ? [] : nil
    }

    /// A drag that ends on a slider's bar sets the lever where it ends.
    static func dragOnPanel(fromX: Int, fromY: Int, toX: Int, toY: Int, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect]? {
        guard s.mode == .map, s.panel == .workshop, !s.tooSmall else { return nil }
        let layout = panelLayout(s, data)
        guard let slider = layout.sliders.first(where: { $0.bar.contains(x: fromX, y: fromY) }) else {
            return panelRect(s).contains(x: fromX, y: fromY) ? [] : nil
        }
        let x = min(slider.bar.maxX - 1, max(slider.bar.x, toX))
        return clickOnPanel(x: x, y: slider.bar.y, &s, data)
    }
}
