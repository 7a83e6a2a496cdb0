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
    /// The level drawn, forced with `L`; nil: the one that fits the scale.
    public var level: TerritoryLevel?

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
        let inset = Self.insetColumns(data, map)
        var view = Viewport.fitting(data.extent, columns: max(1, map.width - inset), rows: max(1, map.height))
        // The mainland sits right of the overseas insets' column.
        if inset > 0 { view = view.panned(columns: -Double(inset) / 2, rows: 0) }
        viewport = view
        fitted = true
    }

    /// Columns the overseas insets take at the left of a national view (0 without overseas zones).
    static func insetColumns(_ data: ExplorerData, _ map: Rect) -> Int {
        guard data.geography?.hasOverseas == true, map.width >= 30, map.height >= 10 else { return 0 }
        // Room for the longest name (Guadeloupe, Martinique, La Réunion) and the line beside it.
        return min(30, max(11, map.width / 5))
    }

    /// The overseas départements as insets down the left of the map, each fitted in its
    /// own projection, while the view shows the mainland at about the national scale.
    func insets(_ data: ExplorerData, _ screen: Screen) -> [RasterInset] {
        guard let geography = data.geography, let viewport, viewport.frame == 0 else { return [] }
        let map = screen.mapRect
        let width = Self.insetColumns(data, map)
        guard width > 0 else { return [] }
        let national = Viewport.fitting(data.extent, columns: max(1, map.width - width), rows: max(1, map.height))
        guard viewport.metresPerPixel >= national.metresPerPixel / 2 else { return [] }
        let frames = geography.frameExtents.keys.filter { $0 != 0 }.sorted()
        let rows = map.height / max(1, frames.count)
        guard rows >= 2 else { return [] }
        return frames.enumerated().compactMap { slot, frame in
            guard let extent = geography.frameExtents[frame] else { return nil }
            // The name takes the top row and the scale the bottom one: the territory fits between.
            let view = Viewport.fitting(extent, columns: width - 1, rows: max(1, rows - 1), margin: 1.1, frame: frame)
            return RasterInset(label: Geography.name(ofFrame: frame), viewport: view, x: 0, y: slot * rows,
                               columns: width - 1, rows: rows)
        }
    }

    /// The level the map draws: forced, or the one that fits the scale.
    func shownLevel(_ data: ExplorerData) -> TerritoryLevel {
        guard let geography = data.geography else { return .commune }
        if let level, level == .commune || geography.levels[level] != nil { return level }
        return geography.automaticLevel(metresPerPixel: viewport?.metresPerPixel ?? 0)
    }

    /// `L`: automatic, then each level the twin has, coarsest first.
    mutating func cycleLevel(_ data: ExplorerData) {
        guard let geography = data.geography else { return }
        let choices: [TerritoryLevel?] = [nil] + TerritoryLevel.allCases.filter {
            $0 == .commune || geography.levels[$0] != nil
        }
        let index = choices.firstIndex { $0 == level } ?? 0
        level = choices[(index + 1) % choices.count]
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
        viewport = Viewport.fitting(data.envelopes[zone], columns: map.width, rows: map.height, margin: 3,
                                    frame: data.geography?.frameOfZone[zone] ?? 0)
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

    /// The values of a level's units (a département's, a région's) for the variable and year,
    /// by the rules of territory totals; nil until computed.
    func groupValues(_ groups: LevelGroups, _ data: ExplorerData, _ workshop: Workshop) -> [Double]? {
        let shown = data.variables[variable]
        guard let indicator = shown.indicator else {
            guard let values = data.attributeValues[shown.id] else { return nil }
            return LevelAggregation.attribute(values, id: shown.id, unit: shown.unit,
                                              population: data.attributeValues[StandardAttribute.population.id],
                                              groups: groups)
        }
        func of(_ result: SimulationResult?) -> [Double]? {
            guard let result, result.zones(indicator, year: year) != nil else { return nil }
            return LevelAggregation.indicator(indicator, groups: groups) { result.zones($0, year: year) }
        }
        guard let current = of(workshop.result) else { return nil }
        if let name = workshop.compare {
            guard let other = of(workshop.comparisons[name]) else { return nil }
            return zip(current, other).map { $0 - $1 }
        }
        return current
    }

    /// The classes of a level's units, from the Baseline's units when the zones' would be.
    func groupClassification(_ values: [Double], _ groups: LevelGroups, _ data: ExplorerData,
                             _ workshop: Workshop) -> (Classification, ClassSource) {
        if case .manual = classes.breaks { return (classes.breaks.classify(values, classes: classes.count), .manual) }
        if classes.fromBaseline, workshop.compare == nil, let indicator = data.variables[variable].indicator,
           let baseline = workshop.baseline, baseline.zones(indicator, year: year) != nil {
            let base = LevelAggregation.indicator(indicator, groups: groups) { baseline.zones($0, year: year) }
            var classification = classes.breaks.classify(base, classes: classes.count)
            classification.openEnded = true
            return (classification, .baseline)
        }
        return (classes.breaks.classify(values, classes: classes.count),
                data.variables[variable].varies ? .shown : .data)
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
