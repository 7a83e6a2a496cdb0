import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// The timeline, the scenario list and the questions of workshop mode.
extension Explorer {
    static func timelineChart(_ s: ExplorerState, _ data: ExplorerData) -> LineChart? {
        guard let result = s.result else { return nil }
        let indicator = data.variables[s.variable].indicator ?? data.headline[0]
        let ramp = s.theme.ramp(5, tier: s.tier)
        let accent = s.theme.color(.accent, tier: s.tier)
        let muted = s.theme.color(.muted, tier: s.tier)
        var series = [LineChart.Series(label: s.scenarioName.map { Sanitize.text($0) + (s.unsaved ? " *" : "") } ?? "current",
                                       values: Array(result.territory(indicator)), color: accent, glyph: "*")]
        if let baseline = s.baseline {
            series.append(LineChart.Series(label: "Baseline", values: Array(baseline.territory(indicator)), color: muted, glyph: "."))
        }
        for (i, name) in s.timelineScenarios.enumerated() {
            guard let other = s.comparisons[name] else { continue }
            series.append(LineChart.Series(label: Sanitize.text(name), values: Array(other.territory(indicator)),
                                           color: ramp[min(ramp.count - 1, 1 + i)], glyph: ["o", "x", "+"][i % 3]))
        }
        let milestone = Int(s.levers.schedule(LeverID.zanMilestone, catalog: data.catalog).value)
        return LineChart(title: "\(indicator.definition.labelEN), \(data.referenceYear)–\(data.lastYear)",
                         unit: indicator.definition.unit, years: result.years, series: series, cursorYear: s.year,
                         milestones: [milestone, 2050], theme: s.theme, tier: s.tier, glyphs: s.glyphs)
    }

    static func drawTimeline(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ rect: Rect) {
        guard let chart = timelineChart(s, data) else {
            buffer.fill(rect, with: Cell(" ", style: Style(background: s.theme.color(.background, tier: s.tier))))
            buffer.write("computing" + s.glyphs.ellipsis, x: rect.x + 1, y: rect.y, style: s.theme.style(.muted, tier: s.tier))
            return
        }
        chart.draw(into: &buffer, rect)
    }

    /// The year under a click on the timeline.
    static func timelineYear(atColumn x: Int, _ s: ExplorerState, _ data: ExplorerData) -> Int? {
        timelineChart(s, data)?.year(atColumn: x, in: s.mapRect)
    }

    static func promptTitle(_ prompt: Prompt, _ data: ExplorerData) -> String {
        switch prompt {
        case .classBreaks: return "Class breaks (e.g. 1000 5000 20000; empty: quantiles)"
        case .leverValue(let id):
            guard let lever = data.catalog.lever(id) else { return id }
            return "\(lever.labelEN) (\(format(lever.minimum))–\(format(lever.maximum)) \(lever.unit))"
        case .scenarioName: return "Save as (scenario name)"
        case .scenarioNotes(let name): return "Notes for '\(Sanitize.text(name))' (Enter to save)"
        case .renameScenario(let name): return "Rename '\(Sanitize.text(name))' to"
        case .duplicateScenario(let name): return "Copy '\(Sanitize.text(name))' as"
        }
    }

    static func drawScenarios(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, selected: Int) {
        let width = min(s.width - 4, 70)
        let listRows = max(1, min(s.scenarios.count, s.height - 10))
        let rect = Rect(x: (s.width - width) / 2, y: 2, width: width, height: listRows + 6)
        box(&buffer, rect, s, title: "Scenarios")
        let text = s.theme.style(.text, tier: s.tier), muted = s.theme.style(.muted, tier: s.tier)
        if s.scenarios.isEmpty {
            buffer.write("No saved scenario yet: press s on the map to save one.", x: rect.x + 2, y: rect.y + 1, style: muted, limit: width - 4)
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
        buffer.write("Enter open  r rename  D duplicate  d delete", x: rect.x + 2, y: rect.maxY - 3, style: muted, limit: width - 4)
        buffer.write("t on/off the timeline (~)  c compare  Esc close", x: rect.x + 2, y: rect.maxY - 2, style: muted, limit: width - 4)
    }

    static func drawConfirm(_ buffer: inout Buffer, _ s: ExplorerState, _ question: Confirmation) {
        let lines: [String]
        switch question {
        case .quitUnsaved:
            lines = ["The levers have changed since the last save.", "s: save first   q: quit without saving   Esc: stay"]
        case .deleteScenario(let name):
            lines = ["Delete the scenario '\(Sanitize.text(name))'?", "y: delete   n or Esc: keep it"]
        case .resume(_, let at):
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm"
            lines = ["The session of \(formatter.string(from: at)) ended without saving its levers.", "Resume them? y: resume   n: start from the twin's Baseline"]
        }
        let width = min(s.width - 4, max(40, lines.map { DisplayWidth.of($0) }.max()! + 4))
        let rect = Rect(x: (s.width - width) / 2, y: max(1, s.height / 2 - 2), width: width, height: lines.count + 2)
        box(&buffer, rect, s, title: "Question")
        for (i, line) in lines.enumerated() {
            buffer.write(s.glyphs.plain(line), x: rect.x + 2, y: rect.y + 1 + i,
                         style: s.theme.style(i == 0 ? .text : .accent, tier: s.tier, attributes: i == 0 ? .bold : []), limit: width - 4)
        }
    }

    /// Compare mode's panel: the headline indicators for 2031, 2040 and 2050, current
    /// levers minus the other scenario.
    static func drawComparison(_ buffer: inout Buffer, _ s: ExplorerState, _ data: ExplorerData, _ rect: Rect, other name: String) {
        guard rect.height > 1 else { return }
        let theme = s.theme, tier = s.tier, glyphs = s.glyphs
        buffer.write(DisplayWidth.truncate("Current - " + glyphs.plain(Sanitize.text(name)), to: rect.width, ellipsis: glyphs.ellipsis),
                     x: rect.x, y: rect.y, style: theme.style(.text, tier: tier, attributes: .bold))
        guard let current = s.result, let other = s.comparisons[name] else {
            buffer.write("computing" + glyphs.ellipsis, x: rect.x, y: rect.y + 1, style: theme.style(.muted, tier: tier))
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
            buffer.write(DisplayWidth.truncate(indicator.definition.shortLabel, to: 9, ellipsis: glyphs.ellipsis), x: rect.x, y: y,
                         style: theme.style(.text, tier: tier))
            for (i, year) in years.enumerated() {
                guard let a = current.territory(indicator, year: year), let b = other.territory(indicator, year: year) else { continue }
                let delta = a - b
                let better = indicator.definition.better
                let role: Theme.Role = abs(delta) < 1e-9 || better == .neutral ? .text
                    : (better == .higher) == (delta > 0) ? .good : .bad
                let text = (delta > 0 ? "+" : delta < 0 ? "-" : "") + (abs(delta) < 1e-9 ? "0" : NumberText.short(abs(delta)))
                buffer.write(text, x: rect.x + 10 + i * column + column - 1 - DisplayWidth.of(text), y: y,
                             style: theme.style(role, tier: tier, attributes: .bold))
            }
            y += 1
        }
    }
}
