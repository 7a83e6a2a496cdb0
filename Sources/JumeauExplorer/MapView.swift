import JumeauModel
import JumeauRender
import JumeauSimulation

/// How the map's classes are drawn.
public struct ClassSetting: Equatable, Sendable {
    public var breaks: ClassBreaks = .quantiles
    public var count = 5
    /// Breaks taken from the Baseline of the year shown, so that they stay put while the
    /// levers move and the map shows the change; false: from the values shown (recomputed
    /// at every run), a choice the user makes with `c`.
    public var fromBaseline = true
    public init(breaks: ClassBreaks = .quantiles, count: Int = 5) {
        self.breaks = breaks
        self.count = count
    }
}

/// The map: where it looks, what it shows, which zone is selected.
public struct MapView: Sendable {
    public enum Panel: Sendable { case workshop, inspector }

    public var viewport: Viewport?
    /// The view is the fitted one (at start and after `0`): a resize fits it again.
    public var fitted = true
    public var raster: ZoneRaster?
    public var rasterRequest: RasterRequest?
    /// The index of the variable shown, in `ExplorerData.variables`.
    public var variable = 0
    public var year: Int
    public var classes = ClassSetting()
    public var labels = true
    /// The zone picked by search, click or Enter, shown in the inspector.
    public var selected: Int?
    public var panel: Panel = .workshop

    public init(year: Int) { self.year = year }

    /// The zone at the map's centre, where the cursor sits.
    public var zoneUnderCursor: Int? {
        guard let raster else { return nil }
        let zone = raster[raster.columns / 2, raster.rows]
        return zone >= 0 ? Int(zone) : nil
    }

    /// The year the map's values are for: an attribute is the base year's only.
    func shownYear(_ data: ExplorerData) -> Int { data.variables[variable].varies ? year : data.referenceYear }

    // MARK: Moving

    mutating func fit(_ data: ExplorerData, _ screen: Screen) {
        let map = screen.mapRect
        viewport = Viewport.fitting(data.extent, columns: max(1, map.width), rows: max(1, map.height))
        fitted = true
    }

    mutating func move(_ transform: (Viewport) -> Viewport) {
        guard let viewport else { return }
        self.viewport = transform(viewport)
        fitted = false
    }

    /// After a resize: a fitted view is fitted again; any other keeps its centre and scale.
    mutating func resized(_ data: ExplorerData, _ screen: Screen) {
        if fitted { fit(data, screen) }
    }

    /// Centres the map on a zone and zooms so it fills about a third of it.
    mutating func fly(to zone: Int, _ data: ExplorerData, _ screen: Screen) {
        let map = screen.mapRect
        viewport = Viewport.fitting(data.envelopes[zone], columns: map.width, rows: map.height, margin: 3)
        fitted = false
        selected = zone
        panel = .inspector
    }

    /// A step of the keyboard: an eighth of the map sideways, a sixth up or down.
    mutating func pan(_ command: Command, _ screen: Screen) {
        let map = screen.mapRect
        let across = Double(max(1, map.width / 8))
        let down = Double(max(1, map.height / 6))
        switch command {
        case .panLeft: move { $0.panned(columns: -across, rows: 0) }
        case .panRight: move { $0.panned(columns: across, rows: 0) }
        case .panUp: move { $0.panned(columns: 0, rows: -down) }
        case .panDown: move { $0.panned(columns: 0, rows: down) }
        case .zoomIn: move { $0.zoomed(by: 1.5) }
        case .zoomOut: move { $0.zoomed(by: 1 / 1.5) }
        default: break
        }
    }

    /// The wheel zooms around the pointer: the point under it stays under it.
    mutating func wheel(x: Int, y: Int, up: Bool, _ screen: Screen) {
        let map = screen.mapRect
        let dx = Double(x - (map.x + map.width / 2))
        let dy = Double(y - (map.y + map.height / 2))
        move { $0.panned(columns: dx, rows: dy).zoomed(by: up ? 1.5 : 1 / 1.5).panned(columns: -dx, rows: -dy) }
    }

    /// A click centres the map on it: the cursor readout then names that zone.
    mutating func centre(x: Int, y: Int, _ screen: Screen) {
        let map = screen.mapRect
        move { $0.panned(columns: Double(x - (map.x + map.width / 2)), rows: Double(y - (map.y + map.height / 2))) }
    }

    /// The map follows the pointer: what was under the press ends under the release.
    mutating func drag(fromX: Int, fromY: Int, toX: Int, toY: Int) {
        move { $0.panned(columns: Double(fromX - toX), rows: Double(fromY - toY)) }
    }

    // MARK: Values and classes

    /// The map's values for the variable and year (nil until computed): the current run,
    /// or its difference from a compared scenario.
    func values(_ data: ExplorerData, _ workshop: Workshop) -> [Double]? {
        let shown = data.variables[variable]
        guard let indicator = shown.indicator else { return data.attributeValues[shown.id] }
        guard let current = workshop.result?.zones(indicator, year: year) else { return nil }
        if let name = workshop.compare {
            guard let other = workshop.comparisons[name]?.zones(indicator, year: year) else { return nil }
            return zip(current, other).map { $0 - $1 }
        }
        return current
    }

    /// The classes of the values shown and what they were taken from. While the levers
    /// move, an indicator's classes come from the Baseline of the year shown: a cut that
    /// applies everywhere then moves zones between classes instead of leaving each in its own.
    func classification(_ values: [Double], _ data: ExplorerData, _ workshop: Workshop) -> (Classification, ClassSource)
    {
        if case .manual = classes.breaks { return (classes.breaks.classify(values, classes: classes.count), .manual) }
        if classes.fromBaseline, workshop.compare == nil, let indicator = data.variables[variable].indicator,
            let base = workshop.baseline?.zones(indicator, year: year)
        {
            var classification = classes.breaks.classify(Array(base), classes: classes.count)
            // Values of other levers may fall outside the Baseline's range: the end classes are open.
            classification.openEnded = true
            return (classification, .baseline)
        }
        return (
            classes.breaks.classify(values, classes: classes.count), data.variables[variable].varies ? .shown : .data
        )
    }

    /// What the classes were taken from, said in the legend.
    public enum ClassSource: Sendable { case baseline, shown, manual, data }
}
