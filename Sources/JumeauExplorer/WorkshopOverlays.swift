import Foundation
import JumeauModel
import JumeauRender
import JumeauReport
import JumeauSimulation

/// The timeline, the scenario list and the questions of workshop mode.
extension Explorer {
    static func timelineChart(_ s: ExplorerState, _ data: ExplorerData) -> LineChart? {
        guard let result = s.result else { return nil }
        let indicator = data.variables[s.variable].indicator ?? data.headline[0]
        let ramp = s.theme.ramp(5, tier: s.tier)
        let accent = s.theme.color(.accent, tier: s.tier)
        let muted = s.theme.color(.muted, tier: s.tier)
        let t = s.localizer
        var series = [LineChart.Series(label: s.scenarioName.map { Sanitize.text($0) + (s.unsaved ? " *" : "") } ?? t("timeline.current"),
                                       values: Array(result.territory(indicator)), color: accent, glyph: "*")]
        if let baseline = s.baseline {
            series.append(LineChart.Series(label: t("scenario.baseline"), values: Array(baseline.territory(indicator)), color: muted, glyph: "."))
        }
        for (i, name) in s.timelineScenarios.enumerated() {
            guard let other = s.comparisons[name] else { continue }
            series.append(LineChart.Series(label: Sanitize.text(name), values: Array(other.territory(indicator)),
                                           color: ramp[min(ramp.count - 1, 1 + i)], glyph: ["o", "x", "+"][i % 3]))
        }
        let milestone = Int(s.levers.schedule(LeverID.zanMilestone, catalog: data.catalog).value)
        var chart = LineChart(title: "\(indicator.definition.label(t)), \(data.referenceYear)–\(data.lastYear)",
                         unit: t.unit(indicator.definition.unit), years: result.years, series: series, cursorYear: s.year,
                         milestones: [milestone, 2050], theme: s.theme, tier: s.tier, glyphs: s.glyphs)
        chart.localizer = t
        // The same reference lines as the report's charts: the envelope and the law's trajectory.
        chart.references = ZANReferenceLines.lines(for: indicator, years: result.years,
                                                   trajectory: data.lawTrajectory, t: t)
        return chart
    }

    static func drawTimeline(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ rect: Rect) {
        guard let chart = timelineChart(s, data) else {
            buffer.fill(rect, with: Cell(" ", style: Style(background: s.theme.color(.background, tier: s.tier))))
            buffer.write(s.localizer("status.computing") + s.glyphs.ellipsis, x: rect.x + 1, y: rect.y, style: s.theme.style(.muted, tier: s.tier))
            return
        }
        chart.draw(into: &buffer, rect)
    }

    /// The year under a click on the timeline.
    static func timelineYear(atColumn x: Int, _ s: ExplorerState, _ data: ExplorerData) -> Int? {
        timelineChart(s, data)?.year(atColumn: x, in: s.mapRect)
    }

    static func promptTitle(_ prompt: Prompt, _ s: ExplorerState, _ data: ExplorerData) -> String {
        let t = s.localizer
        switch prompt {
        case .classBreaks: return t("prompt.breaks")
        case .leverValue(let id):
            guard let lever = data.catalog.lever(id) else { return id }
            return "\(t.pick(fr: lever.labelFR, en: lever.labelEN)) (\(format(lever.minimum))–\(format(lever.maximum)) \(t.unit(lever.unit)))"
        case .scenarioName: return t("prompt.save")
        case .scenarioNotes(let name): return t("prompt.notes", ["name": Sanitize.text(name)])
        case .renameScenario(let name): return t("prompt.rename", ["name": Sanitize.text(name)])
        case .duplicateScenario(let name): return t("prompt.duplicate", ["name": Sanitize.text(name)])
        case .tableFilter: return t("prompt.filter")
        case .tableExport: return t("prompt.export")
        case .report: return t("prompt.report")
        }
    }

    static func drawScenarios(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, selected: Int) {
        let width = min(s.width - 4, 70)
        let listRows = max(1, min(s.scenarios.count, s.height - 10))
        let rect = Rect(x: (s.width - width) / 2, y: 2, width: width, height: listRows + 6)
        let t = s.localizer
        box(&buffer, rect, s, title: t("scenarios.title"))
        let text = s.theme.style(.text, tier: s.tier), muted = s.theme.style(.muted, tier: s.tier)
        if s.scenarios.isEmpty {
            buffer.write(t("scenarios.none"), x: rect.x + 2, y: rect.y + 1, style: muted, limit: width - 4)
        }
        let first = max(0, selected - listRows + 1)
        for (row, info) in s.scenarios.enumerated().dropFirst(first).prefix(listRows) {
            let y = rect.y + 1 + row - first
            let marker = s.timelineScenarios.contains(info.name) ? "~ " : "  "
            let code = (try? ScenarioCode.encode(info.settings, catalog: data.catalog)) ?? ""
            let style = row == selected ? s.theme.style(.selection, tier: s.tier, attributes: .reverse) : text
            let line = marker + s.glyphs.plain(Sanitize.text(info.name))
            buffer.fill(Rect(x: rect.x + 1, y: y, width: width - 2, height: 1), with: Cell(" ", style: style))
            buffer.write(DisplayWidth.truncate(line, to: width - DisplayWidth.of(code) - 6, ellipsis: s.glyphs.ellipsis), x: rect.x + 2, y: y, style: style)
            buffer.write(code, x: rect.maxX - 2 - DisplayWidth.of(code), y: y, style: style)
        }
        if s.scenarios.indices.contains(selected), !s.scenarios[selected].notes.isEmpty {
            buffer.write(DisplayWidth.truncate(s.glyphs.plain(Sanitize.text(s.scenarios[selected].notes)), to: width - 4, ellipsis: s.glyphs.ellipsis),
                         x: rect.x + 2, y: rect.maxY - 4, style: muted)
        }
        buffer.write(t("scenarios.keys1"), x: rect.x + 2, y: rect.maxY - 3, style: muted, limit: width - 4)
        buffer.write(t("scenarios.keys2"), x: rect.x + 2, y: rect.maxY - 2, style: muted, limit: width - 4)
    }

    static func drawConfirm(_ buffer: inout Buffer, _ s: ExplorerState, _ question: Confirmation) {
        let lines: [String]
        let t = s.localizer
        switch question {
        case .quitUnsaved:
            lines = [t("confirm.unsaved"), t("confirm.unsaved_keys")]
        case .deleteScenario(let name):
            lines = [t("confirm.delete", ["name": Sanitize.text(name)]), t("confirm.delete_keys")]
        case .resume(_, let at):
            let formatter = DateFormatter()
            formatter.dateFormat = t("date.minute")
            lines = [t("confirm.resume", ["date": formatter.string(from: at)]), t("confirm.resume_keys")]
        }
        let width = min(s.width - 4, max(40, lines.map { DisplayWidth.of($0) }.max()! + 4))
        let rect = Rect(x: (s.width - width) / 2, y: max(1, s.height / 2 - 2), width: width, height: lines.count + 2)
        box(&buffer, rect, s, title: t("confirm.title"))
        for (i, line) in lines.enumerated() {
            buffer.write(s.glyphs.plain(line), x: rect.x + 2, y: rect.y + 1 + i,
                         style: s.theme.style(i == 0 ? .text : .accent, tier: s.tier, attributes: i == 0 ? .bold : []), limit: width - 4)
        }
    }

    /// Compare mode's panel: the headline indicators for 2031, 2040 and 2050, current
    /// levers minus the other scenario.
    static func drawComparison(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ rect: Rect, other name: String) {
        guard rect.height > 1 else { return }
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs, t = s.localizer
        buffer.write(DisplayWidth.truncate(t("compare.title", ["name": glyphs.plain(Sanitize.text(name))]), to: rect.width, ellipsis: glyphs.ellipsis),
                     x: rect.x, y: rect.y, style: theme.style(.text, tier: tier, attributes: .bold))
        guard let current = s.result, let other = s.comparisons[name] else {
            buffer.write(t("status.computing") + glyphs.ellipsis, x: rect.x, y: rect.y + 1, style: theme.style(.muted, tier: tier))
            return
        }
        let years = [2031, 2040, 2050].filter { current.yearIndex($0) != nil }
        let column = max(6, (rect.width - 10) / max(1, years.count))
        var y = rect.y + 1
        for (i, year) in years.enumerated() {
            let label = String(year)
            buffer.write(label, x: rect.x + 10 + i * column + column - 1 - label.count, y: y, style: theme.style(.muted, tier: tier))
        }
        y += 1
        for indicator in panelIndicators(s, data) where y < rect.maxY {
            buffer.write(DisplayWidth.truncate(shortLabel(indicator, t), to: 9, ellipsis: glyphs.ellipsis), x: rect.x, y: y,
                         style: theme.style(.text, tier: tier))
            for (i, year) in years.enumerated() {
                guard let a = current.territory(indicator, year: year), let b = other.territory(indicator, year: year) else { continue }
                let delta = a - b
                let better = indicator.definition.better
                let role: Theme.Role = abs(delta) < 1e-9 || better == .neutral ? .text
                    : (better == .higher) == (delta > 0) ? .good : .bad
                let text = (delta > 0 ? "+" : delta < 0 ? "-" : "") + (abs(delta) < 1e-9 ? "0" : t.short(abs(delta)))
                buffer.write(text, x: rect.x + 10 + i * column + column - 1 - DisplayWidth.of(text), y: y,
                             style: theme.style(role, tier: tier, attributes: .bold))
            }
            y += 1
        }
    }
}
