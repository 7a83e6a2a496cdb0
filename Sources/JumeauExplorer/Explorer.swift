import Foundation
import JumeauModel
import JumeauRender

/// A variable the map can show.
public struct MapVariable: Sendable, Equatable {
    public var id: String
    public var label: String
    public var unit: String
    /// Simulation indicators change with the year; attributes are the base year's.
    public var varies: Bool
    public init(id: String, label: String, unit: String, varies: Bool) {
        self.id = id; self.label = label; self.unit = unit; self.varies = varies
    }
}

/// The territory as the explorer draws it; fixed for a session.
public struct ExplorerData: Sendable {
    public var title: String
    public var attribution: String
    public var names: [String]
    public var outlines: [MultiPolygonCoordinates]
    public var envelopes: [Envelope]
    public var extent: Envelope
    public var variables: [MapVariable]
    public var referenceYear: Int
    public var lastYear: Int
    /// Rows shown by the inspector: label, unit and every zone's value.
    public var details: [(label: String, unit: String, values: [Double])]

    public init(title: String, attribution: String, names: [String], outlines: [MultiPolygonCoordinates],
                envelopes: [Envelope], variables: [MapVariable], referenceYear: Int, lastYear: Int,
                details: [(label: String, unit: String, values: [Double])]) {
        self.title = title; self.attribution = attribution; self.names = names; self.outlines = outlines
        self.envelopes = envelopes; self.variables = variables; self.referenceYear = referenceYear
        self.lastYear = lastYear; self.details = details
        var extent = Envelope.empty
        for envelope in envelopes { extent.include(envelope) }
        self.extent = extent
    }
}

/// Work the update asks the runtime to do off the UI thread.
public enum Effect: Equatable, Sendable {
    case rasterize(RasterRequest)
    case computeValues(ValuesRequest)
    case quit
}

public struct RasterRequest: Hashable, Sendable {
    public var viewport: Viewport
    public var columns: Int
    public var rows: Int
}

public struct ValuesRequest: Hashable, Sendable {
    public var variable: Int
    public var year: Int
}

public enum Action: Sendable {
    case input(InputEvent)
    case rasterReady(RasterRequest, ZoneRaster)
    case valuesReady(ValuesRequest, [Double])
}

public enum Panel: Sendable { case legend, inspector }

public enum Mode: Equatable, Sendable {
    case map
    case help
    case search(query: String, selected: Int)
    /// A line of text being typed: what it is for, and the text so far.
    case prompt(Prompt, text: String)
}

/// What a typed line is for.
public enum Prompt: Equatable, Sendable {
    case classBreaks

    var title: String {
        switch self {
        case .classBreaks: return "Class breaks (e.g. 1000 5000 20000; empty: quantiles)"
        }
    }
}

/// The whole state of the explorer: a value; `update` is pure.
public struct ExplorerState: Sendable {
    public var width: Int
    public var height: Int
    public var mode: Mode = .map
    public var panel: Panel = .legend
    public var variable = 0
    public var year: Int
    public var viewport: Viewport?
    public var raster: ZoneRaster?
    public var values: [Double]?
    public var rasterRequest: RasterRequest?
    public var valuesRequest: ValuesRequest?
    /// The zone picked by search, click or Enter, shown in the inspector.
    public var selected: Int?
    public var message: String?
    public var theme: Theme
    public var tier: ColorTier
    public var glyphs: Glyphs
    public var breaks: ClassBreaks = .quantiles
    public var classes = 5
    public var labels = true
    public var quitting = false

    public static let minimumWidth = 60
    public static let minimumHeight = 20

    public init(width: Int, height: Int, year: Int, theme: Theme, tier: ColorTier, glyphs: Glyphs) {
        self.width = width; self.height = height; self.year = year; self.theme = theme; self.tier = tier; self.glyphs = glyphs
    }

    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The map's area: the frame layout minus the footer line.
    public var mapRect: Rect { MapFrame.layout(width: width, height: height - 1).map }
}

public enum Explorer {
    /// The first state and the work it needs.
    public static func start(_ data: ExplorerData, width: Int, height: Int, theme: Theme, tier: ColorTier,
                             glyphs: Glyphs, variable: String? = nil, breaks: ClassBreaks = .quantiles,
                             classes: Int = 5) -> (ExplorerState, [Effect]) {
        var state = ExplorerState(width: width, height: height, year: data.referenceYear, theme: theme, tier: tier, glyphs: glyphs)
        state.breaks = breaks
        state.classes = classes
        if let variable, let index = data.variables.firstIndex(where: { $0.id == variable }) { state.variable = index }
        state.viewport = fitted(data, state)
        let effects = requests(data, &state)
        return (state, effects)
    }

    static func fitted(_ data: ExplorerData, _ state: ExplorerState) -> Viewport {
        let map = state.mapRect
        return Viewport.fitting(data.extent, columns: max(1, map.width), rows: max(1, map.height))
    }

    /// Raster and values the current state needs and does not have yet. The latest
    /// request wins: results of older ones are dropped when they arrive.
    static func requests(_ data: ExplorerData, _ state: inout ExplorerState) -> [Effect] {
        guard !state.tooSmall, let viewport = state.viewport else { return [] }
        var effects: [Effect] = []
        let map = state.mapRect
        let raster = RasterRequest(viewport: viewport, columns: map.width, rows: map.height)
        if state.rasterRequest != raster {
            state.rasterRequest = raster
            effects.append(.rasterize(raster))
        }
        let values = ValuesRequest(variable: state.variable, year: data.variables[state.variable].varies ? state.year : data.referenceYear)
        if state.valuesRequest != values {
            state.valuesRequest = values
            effects.append(.computeValues(values))
        }
        return effects
    }

    /// The zone at the map's centre, where the cursor sits.
    public static func zoneUnderCursor(_ state: ExplorerState) -> Int? {
        guard let raster = state.raster else { return nil }
        let zone = raster[raster.columns / 2, raster.rows]
        return zone >= 0 ? Int(zone) : nil
    }

    public static func update(_ state: ExplorerState, _ action: Action, data: ExplorerData) -> (ExplorerState, [Effect]) {
        var s = state
        switch action {
        case .rasterReady(let request, let raster):
            if request == s.rasterRequest { s.raster = raster }
            return (s, [])
        case .valuesReady(let request, let values):
            if request == s.valuesRequest { s.values = values }
            return (s, [])
        case .input(.resize(let width, let height)):
            s.width = width
            s.height = height
            if let viewport = s.viewport, !s.tooSmall {
                // Keep the centre and the scale; the map shows more or less around it.
                s.viewport = viewport
            }
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.click(let x, let y)):
            let map = s.mapRect
            guard map.contains(x: x, y: y), let viewport = s.viewport else { return (s, []) }
            // Centre the map on the click: the cursor readout then names that zone.
            s.viewport = viewport.panned(columns: Double(x - (map.x + map.width / 2)), rows: Double(y - (map.y + map.height / 2)))
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.drag(let fromX, let fromY, let toX, let toY)):
            let map = s.mapRect
            guard s.mode == .map, map.contains(x: fromX, y: fromY), let viewport = s.viewport else { return (s, []) }
            // The map follows the pointer: what was under the press ends under the release.
            s.viewport = viewport.panned(columns: Double(fromX - toX), rows: Double(fromY - toY))
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.wheel(let x, let y, let up)):
            let map = s.mapRect
            guard map.contains(x: x, y: y), let viewport = s.viewport else { return (s, []) }
            // Zoom around the pointer: the point under it stays under it.
            let dx = Double(x - (map.x + map.width / 2)), dy = Double(y - (map.y + map.height / 2))
            let factor = up ? 1.5 : 1 / 1.5
            s.viewport = viewport.panned(columns: dx, rows: dy).zoomed(by: factor).panned(columns: -dx, rows: -dy)
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.key(let key)):
            return handle(key, s, data)
        }
    }

    static func handle(_ key: Key, _ state: ExplorerState, _ data: ExplorerData) -> (ExplorerState, [Effect]) {
        var s = state
        s.message = nil
        // Search captures typing.
        if case .search(let query, let selected) = s.mode {
            let matches = searchMatches(query, data)
            switch key {
            case .escape: s.mode = .map
            case .enter:
                s.mode = .map
                if matches.indices.contains(selected) { flyTo(matches[selected], &s, data) } else { s.message = "no zone matches" }
            case .backspace: s.mode = .search(query: String(query.dropLast()), selected: 0)
            case .down, .tab: s.mode = .search(query: query, selected: min(selected + 1, max(0, matches.count - 1)))
            case .up, .backTab: s.mode = .search(query: query, selected: max(0, selected - 1))
            case .character(let c): s.mode = .search(query: query + String(c), selected: 0)
            default: break
            }
            let effects = requests(data, &s)
            return (s, effects)
        }
        if case .prompt(let prompt, let text) = s.mode {
            switch key {
            case .escape: s.mode = .map
            case .enter:
                s.mode = .map
                submit(prompt, text, &s, data)
            case .backspace: s.mode = .prompt(prompt, text: String(text.dropLast()))
            case .character(let c) where text.count < 200: s.mode = .prompt(prompt, text: text + String(c))
            default: break
            }
            return (s, [])
        }
        if s.mode == .help {
            if key != .character("?") && key != .f1 && key != .escape && key != .character("q") { return (s, []) }
            s.mode = .map
            return (s, [])
        }
        guard let command = Keymap.command(for: key) else { return (s, []) }
        let map = s.mapRect
        switch command {
        case .quit: s.quitting = true; return (s, [.quit])
        case .help: s.mode = .help
        case .back:
            if s.panel == .inspector { s.panel = .legend } else { s.selected = nil }
        case .panLeft: s.viewport = s.viewport?.panned(columns: -Double(max(1, map.width / 8)), rows: 0)
        case .panRight: s.viewport = s.viewport?.panned(columns: Double(max(1, map.width / 8)), rows: 0)
        case .panUp: s.viewport = s.viewport?.panned(columns: 0, rows: -Double(max(1, map.height / 6)))
        case .panDown: s.viewport = s.viewport?.panned(columns: 0, rows: Double(max(1, map.height / 6)))
        case .zoomIn: s.viewport = s.viewport?.zoomed(by: 1.5)
        case .zoomOut: s.viewport = s.viewport?.zoomed(by: 1 / 1.5)
        case .fit: s.viewport = fitted(data, s)
        case .nextVariable, .previousVariable:
            let count = data.variables.count
            s.variable = (s.variable + (command == .nextVariable ? 1 : count - 1)) % count
            s.values = nil
        case .nextYear, .previousYear:
            guard data.variables[s.variable].varies else {
                s.message = "\(data.variables[s.variable].label) is known for \(data.referenceYear) only"
                return (s, [])
            }
            s.year = min(data.lastYear, max(data.referenceYear, s.year + (command == .nextYear ? 1 : -1)))
        case .cyclePanel: s.panel = s.panel == .legend ? .inspector : .legend
        case .inspect:
            s.selected = zoneUnderCursor(s)
            s.panel = .inspector
            if s.selected == nil { s.message = "no zone under the cursor" }
        case .search: s.mode = .search(query: "", selected: 0)
        case .toggleBreaks: s.breaks = s.breaks == .quantiles ? .equalIntervals : .quantiles
        case .manualBreaks:
            var current = ""
            if case .manual(let breaks) = s.breaks { current = breaks.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }.joined(separator: " ") }
            s.mode = .prompt(.classBreaks, text: current)
        case .toggleLabels: s.labels.toggle()
        case .redraw: break
        }
        let effects = requests(data, &s)
            return (s, effects)
    }

    /// Applies a typed line; a bad one leaves the state as it was, with a message.
    static func submit(_ prompt: Prompt, _ text: String, _ s: inout ExplorerState, _ data: ExplorerData) {
        switch prompt {
        case .classBreaks:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { s.breaks = .quantiles; return }
            guard let breaks = Classification.parseBreaks(trimmed), (1...9).contains(breaks.count) else {
                s.message = "class breaks: type 1 to 9 numbers separated by spaces, like 1000 5000 20000"
                return
            }
            s.breaks = .manual(breaks)
        }
    }

    /// Zones whose name contains the query, ignoring case and accents; best first.
    public static func searchMatches(_ query: String, _ data: ExplorerData) -> [Int] {
        let needle = fold(query)
        guard !needle.isEmpty else { return [] }
        let found = data.names.indices.filter { fold(data.names[$0]).contains(needle) }
        return found.sorted { (fold(data.names[$0]).hasPrefix(needle) ? 0 : 1, data.names[$0]) < (fold(data.names[$1]).hasPrefix(needle) ? 0 : 1, data.names[$1]) }
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Centres the map on a zone and zooms so it fills about a third of it.
    static func flyTo(_ zone: Int, _ state: inout ExplorerState, _ data: ExplorerData) {
        let map = state.mapRect
        let fit = Viewport.fitting(data.envelopes[zone], columns: map.width, rows: map.height, margin: 3)
        state.viewport = fit
        state.selected = zone
        state.panel = .inspector
    }
}
