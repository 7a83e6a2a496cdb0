import JumeauModel
import JumeauRender
import JumeauReport
import JumeauSimulation

/// The timeline: the shown indicator from the reference year to 2050 for the current
/// levers, Baseline and up to three saved scenarios, and the year animation.
public struct Timeline: Sendable {
    /// The chart takes the map's place.
    public var shown = false
    /// The year moves on by itself.
    public var playing = false
    var lastPlayedTick = 0
    /// Saved scenarios drawn next to the current one and Baseline (up to three).
    public var scenarios: [String] = []

    /// Adds a saved scenario to the chart, or takes it off (the oldest goes past three).
    mutating func toggle(_ name: String) {
        if let index = scenarios.firstIndex(of: name) {
            scenarios.remove(at: index)
        } else {
            if scenarios.count == 3 { scenarios.removeFirst() }
            scenarios.append(name)
        }
    }

    /// Starts or stops the animation; from the start again when it ended at the last year.
    mutating func togglePlaying(_ map: inout MapView, _ data: ExplorerData) {
        playing.toggle()
        if playing && map.year >= data.lastYear { map.year = data.referenceYear }
    }

    /// A year every 400 ms: slow enough to read the map, fast enough to watch 2024–2050.
    mutating func tick(_ milliseconds: Int, _ map: inout MapView, _ data: ExplorerData) {
        guard playing, milliseconds - lastPlayedTick >= 400 else { return }
        lastPlayedTick = milliseconds
        if map.year >= data.lastYear { playing = false } else { map.year += 1 }
    }
}

/// The timeline's chart, drawn where the map is.
struct TimelineView: Widget {
    let state: ExplorerState
    let data: ExplorerData

    var chart: LineChart? {
        let s = state
        let screen = state.screen
        let t = screen.localizer
        guard let result = s.workshop.result else { return nil }
        let indicator = data.variables[s.map.variable].indicator ?? data.headline.first ?? .nafConsumption
        let ramp = screen.theme.ramp(5, tier: screen.tier)
        var series = [
            LineChart.Series(
                label: s.workshop.scenarioName == nil ? t("timeline.current") : s.workshop.displayName(t),
                values: Array(result.territory(indicator)),
                color: screen.theme.color(.accent, tier: screen.tier), glyph: "*")
        ]
        if let baseline = s.workshop.baseline {
            series.append(
                LineChart.Series(
                    label: t("scenario.baseline"), values: Array(baseline.territory(indicator)),
                    color: screen.theme.color(.muted, tier: screen.tier), glyph: "."))
        }
        for (i, name) in s.timeline.scenarios.enumerated() {
            guard let other = s.workshop.comparisons[name] else { continue }
            series.append(
                LineChart.Series(
                    label: Sanitize.text(name), values: Array(other.territory(indicator)),
                    color: ramp[min(ramp.count - 1, 1 + i)], glyph: ["o", "x", "+"][i % 3]))
        }
        // Before the projection, the years Cerema observed (yearly consumption only).
        var years = result.years
        let observed = indicator == .nafConsumption ? data.observedConsumption : []
        if let first = observed.first?.year, let start = years.first, first < start {
            let earlier = Array(first..<start)
            let padding = [Double](repeating: .nan, count: earlier.count)
            for index in series.indices { series[index].values = padding + series[index].values }
            let byYear = Dictionary(observed.map { ($0.year, $0.hectares) }, uniquingKeysWith: { first, _ in first })
            series.append(
                LineChart.Series(
                    label: t("timeline.observed"),
                    values: earlier.map { byYear[$0] ?? .nan } + [Double](repeating: .nan, count: years.count),
                    color: screen.theme.color(.text, tier: screen.tier), glyph: "#"))
            years = earlier + years
        }
        let milestone = Int(s.workshop.schedule(LeverID.zanMilestone, data).value)
        var chart = LineChart(
            title: "\(indicator.definition.label(t)), \(years.first ?? data.referenceYear)–\(data.lastYear)",
            unit: t.unit(indicator.definition.unit), years: years, series: series,
            cursorYear: s.map.year, milestones: [milestone, 2050], theme: screen.theme, tier: screen.tier,
            glyphs: screen.glyphs)
        chart.localizer = t
        // The same reference lines as the report's charts: the envelope and the law's trajectory.
        chart.references = ZANReferenceLines.lines(
            for: indicator, years: years, trajectory: data.lawTrajectory, t: t)
        return chart
    }

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        guard let chart else {
            buffer.fill(rect, with: Cell(" ", style: state.screen.background))
            buffer.write(
                state.localizer("status.computing") + state.screen.glyphs.ellipsis, x: rect.x + 1, y: rect.y,
                style: state.screen.style(.muted))
            return
        }
        chart.draw(into: &buffer, rect)
    }

    /// The year under a click on the chart.
    /// The year under a click on the chart (an observed year is before any map: the reference year).
    func year(atColumn x: Int) -> Int? {
        chart?.year(atColumn: x, in: state.screen.mapRect).map { max($0, data.referenceYear) }
    }
}
