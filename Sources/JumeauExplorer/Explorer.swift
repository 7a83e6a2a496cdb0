import Foundation
import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// A variable the map can show.
public struct MapVariable: Sendable, Equatable {
    public var id: String
    public var label: String
    public var unit: String
    /// Simulation indicators change with the year and the levers; attributes are the base year's.
    public var varies: Bool
    public init(id: String, label: String, unit: String, varies: Bool) {
        self.id = id; self.label = label; self.unit = unit; self.varies = varies
    }

    var indicator: Indicator? { varies ? Indicator.named(id) : nil }
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
    /// Zone values of the variables that do not vary (the twin's attributes), by id.
    public var attributeValues: [String: [Double]]
    public var referenceYear: Int
    public var lastYear: Int
    /// Rows shown by the inspector: label, unit and every zone's value.
    public var details: [(label: String, unit: String, values: [Double])]
    /// The levers the policy panel offers, in order: the three headline sliders first.
    public var catalog: LeverCatalog
    /// Indicators the panel follows, most important first (the table's indicator columns too).
    public var headline: [Indicator]
    /// Zone codes (INSEE), in zone order; empty when unknown.
    public var codes: [String] = []
    /// The twin's attributes with their provenance (the table's catalogue).
    public var attributes: [AttributeDefinition] = []
    /// The law's ZAN trajectory for this territory, drawn on the ZAN timelines (nil: the envelope alone).
    public var lawTrajectory: ZANTrajectory?

    public init(title: String, attribution: String, names: [String], outlines: [MultiPolygonCoordinates],
                envelopes: [Envelope], variables: [MapVariable], attributeValues: [String: [Double]] = [:],
                referenceYear: Int, lastYear: Int, details: [(label: String, unit: String, values: [Double])],
                catalog: LeverCatalog, headline: [Indicator] = ExplorerData.defaultHeadline) {
        self.title = title; self.attribution = attribution; self.names = names; self.outlines = outlines
        self.envelopes = envelopes; self.variables = variables; self.attributeValues = attributeValues
        self.referenceYear = referenceYear; self.lastYear = lastYear; self.details = details
        self.catalog = catalog; self.headline = headline
        var extent = Envelope.empty
        for envelope in envelopes { extent.include(envelope) }
        self.extent = extent
    }

    public static let defaultHeadline: [Indicator] = [
        .nafConsumption, .zanBudgetUsed, .unmetHousingNeed, .energySelfSufficiency, .renewableProduction,
        .coastalDwellingsLost, .heatExposedPopulation, .population, .dwellings,
    ]

    /// The three headline sliders (always shown), then the others ("more levers").
    static let headlineLevers = 3
}

/// Work the update asks the runtime to do off the UI thread.
public enum Effect: Equatable, Sendable {
    case rasterize(RasterRequest)
    case simulate(SimulationRequest)
    case store(StoreRequest)
    /// Writes a file (the table's CSV export) whole or not at all.
    case writeFile(path: String, contents: String, rows: Int)
    /// Writes the workshop report of the current levers (HTML or Markdown by extension).
    case writeReport(ReportRequest)
    case quit
}

public struct RasterRequest: Hashable, Sendable {
    public var viewport: Viewport
    public var columns: Int
    public var rows: Int
}

/// A run of the simulation: the latest generation wins, older ones are dropped (or
/// never started) by the runtime.
public struct SimulationRequest: Equatable, Sendable {
    public enum Purpose: Equatable, Sendable { case current, baseline, comparison(String) }
    public var generation: Int
    public var settings: LeverSettings
    /// Indicators kept per zone (for the map).
    public var recording: [Indicator]
    public var purpose: Purpose
}

public struct ReportRequest: Equatable, Sendable {
    public var path: String
    public var scenarioName: String
    public var settings: LeverSettings
    public var language: Language
}

/// What the explorer asks of the twin file.
public enum StoreRequest: Equatable, Sendable {
    case journal(JournalEntry.Kind, LeverSettings, detail: String)
    case listScenarios
    case save(name: String, notes: String, settings: LeverSettings)
    case delete(String)
    case rename(String, to: String)
    /// The facilitator's view, for followers.
    case publish(SharedView)
    /// A follower reads the facilitator's view.
    case readSharedView
}

/// What the twin file answered.
public enum StoreReply: Sendable {
    case scenarios([ScenarioInfo])
    case saved(String, LeverSettings)
    /// Done or refused, with the catalogue key and arguments of the message to show.
    case done(String, [String: String])
    /// The facilitator's view as read by a follower (nil: none shared yet).
    case shared(SharedView?)
    /// A failure from below (the error's own text).
    case failed(Message)
}

/// A saved scenario as the explorer lists it.
public struct ScenarioInfo: Equatable, Sendable {
    public var name: String
    public var notes: String
    public var settings: LeverSettings
    public var updatedAt: Date
    public init(name: String, notes: String, settings: LeverSettings, updatedAt: Date) {
        self.name = name; self.notes = notes; self.settings = settings; self.updatedAt = updatedAt
    }
}

public enum Action: Sendable {
    case input(InputEvent)
    case rasterReady(RasterRequest, ZoneRaster)
    case simulated(SimulationRequest, SimulationResult)
    case stored(StoreReply)
    /// Time passes (for the year animation): milliseconds since the explorer started.
    case tick(Int)
}

public enum Panel: Sendable { case workshop, inspector }

/// What the keys act on.
public enum Focus: Equatable, Sendable {
    case map
    /// The policy panel, with the index of the selected lever in the catalogue.
    case levers(Int)
}

public enum Mode: Equatable, Sendable {
    case map
    case help
    case search(query: String, selected: Int)
    /// A line of text being typed: what it is for, and the text so far.
    case prompt(Prompt, text: String)
    case scenarios(selected: Int)
    /// A question answered by a key (y/n, save/quit/cancel).
    case confirm(Confirmation)
}

/// What a typed line is for.
public enum Prompt: Equatable, Sendable {
    case classBreaks
    case leverValue(String)
    case scenarioName
    case scenarioNotes(name: String)
    case renameScenario(String)
    case duplicateScenario(String)
    case tableFilter
    case tableExport
    case report
}

public enum Confirmation: Equatable, Sendable {
    case quitUnsaved
    case deleteScenario(String)
    case resume(LeverSettings, at: Date)
}

/// The whole state of the explorer: a value; `update` is pure.
public struct ExplorerState: Sendable {
    public var width: Int
    public var height: Int
    public var mode: Mode = .map
    public var panel: Panel = .workshop
    public var focus: Focus = .map
    public var moreLevers = false
    public var timeline = false
    public var playing = false
    var lastPlayedTick = 0
    public var variable = 0
    public var year: Int
    public var viewport: Viewport?
    public var raster: ZoneRaster?
    public var rasterRequest: RasterRequest?
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
    /// Follow mode: this explorer shows another one's view and cannot move the levers.
    public var following = false
    public var followStatus: FollowStatus = .waiting
    var lastFollowed: SharedView?
    var lastPoll = Int.min / 2
    /// This explorer publishes its view for followers (a writable twin, not following).
    public var sharing = false
    var lastPublished: SharedView?
    /// The layer table, when it is shown (over the map).
    public var table: TableState?
    /// The language of every text on screen.
    public var localizer: Localizer = .english

    // Workshop.
    public var levers = LeverSettings()
    /// The levers as last saved, loaded or started with: anything else is unsaved.
    public var savedLevers = LeverSettings()
    public var scenarioName: String?
    var undoStack: [LeverSettings] = []
    var redoStack: [LeverSettings] = []
    public var scenarios: [ScenarioInfo] = []
    /// The scenarios drawn on the timeline next to the current one and Baseline (up to three).
    public var timelineScenarios: [String] = []
    public var result: SimulationResult?
    public var resultRequest: SimulationRequest?
    public var baseline: SimulationResult?
    public var comparisons: [String: SimulationResult] = [:]
    /// The saved scenario compared with the current levers (difference map, table).
    public var compare: String?
    var comparisonRequests: [String: SimulationRequest] = [:]
    var generation = 0
    var pendingSimulation: SimulationRequest?
    /// Saving was asked for on the way out: quit once it is saved.
    var quitAfterSave = false

    public static let minimumWidth = 60
    public static let minimumHeight = 20

    public init(width: Int, height: Int, year: Int, theme: Theme, tier: ColorTier, glyphs: Glyphs) {
        self.width = width; self.height = height; self.year = year; self.theme = theme; self.tier = tier; self.glyphs = glyphs
    }

    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }
    public var unsaved: Bool { levers != savedLevers }

    /// The map's area: the frame layout minus the footer line.
    public var mapRect: Rect { MapFrame.layout(width: width, height: height - 1).map }
}

/// How the explorer starts.
public struct ExplorerOptions: Sendable {
    public var variable: String?
    public var breaks: ClassBreaks = .quantiles
    public var classes = 5
    public var levers = LeverSettings()
    /// The saved scenario the levers come from, if any (they are then not "unsaved").
    public var scenarioName: String?
    /// A resume offer from an earlier session that ended without quitting.
    public var resume: (LeverSettings, Date)?
    public var language: Language = .en
    /// Follow another explorer's view (read-only), or share this one's.
    public var follow = false
    public var share = false
    public init(variable: String? = nil, breaks: ClassBreaks = .quantiles, classes: Int = 5, levers: LeverSettings = LeverSettings(),
                resume: (LeverSettings, Date)? = nil) {
        self.variable = variable; self.breaks = breaks; self.classes = classes; self.levers = levers; self.resume = resume
    }
}

public enum Explorer {
    /// The first state and the work it needs.
    public static func start(_ data: ExplorerData, width: Int, height: Int, theme: Theme, tier: ColorTier,
                             glyphs: Glyphs, options: ExplorerOptions = ExplorerOptions()) -> (ExplorerState, [Effect]) {
        var state = ExplorerState(width: width, height: height, year: data.referenceYear, theme: theme, tier: tier, glyphs: glyphs)
        if let variable = options.variable, let index = data.variables.firstIndex(where: { $0.id == variable }) { state.variable = index }
        state.breaks = options.breaks
        state.localizer = Localizer(options.language)
        state.following = options.follow
        state.sharing = options.share && !options.follow
        state.classes = options.classes
        state.levers = options.levers
        if let name = options.scenarioName {
            state.scenarioName = name
            state.savedLevers = options.levers
        }
        if let (levers, at) = options.resume, levers != options.levers { state.mode = .confirm(.resume(levers, at: at)) }
        state.viewport = fitted(data, state)
        var effects: [Effect] = [.simulate(SimulationRequest(generation: 0, settings: LeverSettings(), recording: [], purpose: .baseline)),
                                 .store(.listScenarios)]
        effects += requests(data, &state)
        return (state, effects)
    }

    static func fitted(_ data: ExplorerData, _ state: ExplorerState) -> Viewport {
        let map = state.mapRect
        return Viewport.fitting(data.extent, columns: max(1, map.width), rows: max(1, map.height))
    }

    /// Raster and simulation the current state needs and does not have yet. The latest
    /// request wins: results of older ones are dropped when they arrive.
    static func requests(_ data: ExplorerData, _ state: inout ExplorerState) -> [Effect] {
        var effects: [Effect] = []
        if !state.tooSmall, let viewport = state.viewport {
            let map = state.mapRect
            let raster = RasterRequest(viewport: viewport, columns: map.width, rows: map.height)
            if state.rasterRequest != raster {
                state.rasterRequest = raster
                effects.append(.rasterize(raster))
            }
        }
        var recording = data.variables[state.variable].indicator.map { [$0] } ?? []
        // The table shows the headline indicators of every zone.
        if state.table != nil { recording += data.headline.filter { !recording.contains($0) } }
        // Saved scenarios on the timeline or compared are run once per setting, keeping
        // the map's indicator per zone (for the difference map).
        for name in Set(state.timelineScenarios + [state.compare].compactMap { $0 }) {
            guard let info = state.scenarios.first(where: { $0.name == name }) else { continue }
            let asked = state.comparisonRequests[name]
            if asked?.settings != info.settings || !recording.allSatisfy({ asked!.recording.contains($0) }) {
                let request = SimulationRequest(generation: 0, settings: info.settings, recording: recording, purpose: .comparison(name))
                state.comparisonRequests[name] = request
                effects.append(.simulate(request))
            }
        }
        let wanted = state.pendingSimulation ?? state.resultRequest
        if wanted?.settings != state.levers || !recording.allSatisfy({ wanted!.recording.contains($0) }) {
            state.generation += 1
            let request = SimulationRequest(generation: state.generation, settings: state.levers, recording: recording, purpose: .current)
            state.pendingSimulation = request
            effects.append(.simulate(request))
        }
        effects += publishIfChanged(data, &state)
        return effects
    }

    /// The map's values for the state's variable and year (nil until computed).
    public static func mapValues(_ state: ExplorerState, _ data: ExplorerData) -> [Double]? {
        let variable = data.variables[state.variable]
        guard let indicator = variable.indicator else { return data.attributeValues[variable.id] }
        guard let current = state.result?.zones(indicator, year: state.year) else { return nil }
        // Comparing: the difference, current levers minus the other scenario.
        if let name = state.compare {
            guard let other = state.comparisons[name]?.zones(indicator, year: state.year) else { return nil }
            return zip(current, other).map { $0 - $1 }
        }
        return current
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
        case .simulated(let request, let result):
            switch request.purpose {
            case .baseline: s.baseline = result
            case .comparison(let name): s.comparisons[name] = result
            case .current:
                guard request == s.pendingSimulation else { return (s, []) }
                s.result = result
                s.resultRequest = request
                s.pendingSimulation = nil
            }
            return (s, [])
        case .stored(let reply):
            return stored(reply, s, data)
        case .tick(let milliseconds):
            var effects: [Effect] = []
            if s.following && milliseconds - s.lastPoll >= followPollMilliseconds {
                s.lastPoll = milliseconds
                effects.append(.store(.readSharedView))
            }
            guard s.playing else { return (s, effects) }
            // A year every 400 ms: slow enough to read the map, fast enough to watch 2024–2050.
            guard milliseconds - s.lastPlayedTick >= 400 else { return (s, []) }
            s.lastPlayedTick = milliseconds
            if s.year >= data.lastYear { s.playing = false } else { s.year += 1 }
            effects += publishIfChanged(data, &s)
            return (s, effects)
        case .input(.resize(let width, let height)):
            s.width = width
            s.height = height
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.click(let x, let y)) where s.table != nil && s.mode == .map:
            let body = tableBodyRect(s)
            if body.contains(x: x, y: y) {
                let rows = tableRows(s, data)
                let row = s.table!.top + y - body.y
                if rows.indices.contains(row) { s.table!.row = row; selectRow(&s, rows) }
            }
            return (s, [])
        case .input(.wheel(_, _, let up)) where s.table != nil && s.mode == .map:
            let effects = tableKey(up ? .up : .down, &s, data) ?? []
            return (s, effects)
        case .input(.click(let x, let y)):
            if let effects = clickOnPanel(x: x, y: y, &s, data) { return (s, effects) }
            let map = s.mapRect
            guard s.mode == .map, map.contains(x: x, y: y), let viewport = s.viewport else { return (s, []) }
            if s.timeline { s.year = timelineYear(atColumn: x, s, data) ?? s.year; return (s, []) }
            // Centre the map on the click: the cursor readout then names that zone.
            s.viewport = viewport.panned(columns: Double(x - (map.x + map.width / 2)), rows: Double(y - (map.y + map.height / 2)))
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.drag(let fromX, let fromY, let toX, let toY)):
            if let effects = dragOnPanel(fromX: fromX, fromY: fromY, toX: toX, toY: toY, &s, data) { return (s, effects) }
            let map = s.mapRect
            guard s.mode == .map, !s.timeline, map.contains(x: fromX, y: fromY), let viewport = s.viewport else { return (s, []) }
            // The map follows the pointer: what was under the press ends under the release.
            s.viewport = viewport.panned(columns: Double(fromX - toX), rows: Double(fromY - toY))
            let effects = requests(data, &s)
            return (s, effects)
        case .input(.wheel(let x, let y, let up)):
            let map = s.mapRect
            guard s.mode == .map, !s.timeline, map.contains(x: x, y: y), let viewport = s.viewport else { return (s, []) }
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
        switch s.mode {
        case .search(let query, let selected):
            let matches = searchMatches(query, data)
            switch key {
            case .escape: s.mode = .map
            case .enter:
                s.mode = .map
                if matches.indices.contains(selected) { flyTo(matches[selected], &s, data) } else { s.message = s.localizer("search.none") }
            case .backspace: s.mode = .search(query: String(query.dropLast()), selected: 0)
            case .down, .tab: s.mode = .search(query: query, selected: min(selected + 1, max(0, matches.count - 1)))
            case .up, .backTab: s.mode = .search(query: query, selected: max(0, selected - 1))
            case .character(let c): s.mode = .search(query: query + String(c), selected: 0)
            default: break
            }
            let effects = requests(data, &s)
            return (s, effects)
        case .prompt(let prompt, let text):
            var effects: [Effect] = []
            switch key {
            case .escape:
                s.mode = .map
                s.quitAfterSave = false
            case .enter:
                s.mode = .map
                effects = submit(prompt, text, &s, data)
            case .backspace: s.mode = .prompt(prompt, text: String(text.dropLast()))
            case .character(let c) where text.count < 200: s.mode = .prompt(prompt, text: text + String(c))
            default: break
            }
            let all = effects + requests(data, &s)
            return (s, all)
        case .scenarios(let selected):
            let effects = scenarioListKey(key, selected: selected, &s, data)
            let all = effects + requests(data, &s)
            return (s, all)
        case .confirm(let question):
            let effects = confirmKey(key, question, &s, data)
            let all = effects + requests(data, &s)
            return (s, all)
        case .help:
            if key != .character("?") && key != .f1 && key != .escape && key != .character("q") { return (s, []) }
            s.mode = .map
            return (s, [])
        case .map:
            break
        }
        if s.table != nil, let effects = tableKey(key, &s, data) {
            let all = effects + requests(data, &s)
            return (s, all)
        }
        if case .levers(let index) = s.focus, s.table == nil, let effects = leverKey(key, index: index, &s, data) {
            let all = effects + requests(data, &s)
            return (s, all)
        }
        guard let command = Keymap.command(for: key) else { return (s, []) }
        if s.following && refusedWhileFollowing(command) {
            s.message = s.localizer("follow.refused")
            return (s, [])
        }
        let map = s.mapRect
        var effects: [Effect] = []
        switch command {
        case .quit:
            if s.unsaved {
                s.mode = .confirm(.quitUnsaved)
            } else {
                s.quitting = true
                return (s, [.quit])
            }
        case .help: s.mode = .help
        case .back:
            if s.playing { s.playing = false } else if s.timeline { s.timeline = false } else if s.compare != nil { s.compare = nil }
            else if s.panel == .inspector { s.panel = .workshop } else { s.selected = nil }
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
        case .nextYear, .previousYear, .play:
            guard data.variables[s.variable].varies || s.timeline else {
                s.message = s.localizer("message.base_year_only", ["label": data.variables[s.variable].label, "year": String(data.referenceYear)])
                return (s, [])
            }
            guard command == .play else {
                s.year = min(data.lastYear, max(data.referenceYear, s.year + (command == .nextYear ? 1 : -1)))
                break
            }
            s.playing.toggle()
            if s.playing && s.year >= data.lastYear { s.year = data.referenceYear }
        case .cyclePanel: s.panel = s.panel == .workshop ? .inspector : .workshop
        case .inspect:
            s.selected = zoneUnderCursor(s)
            s.panel = .inspector
            if s.selected == nil { s.message = s.localizer("inspector.none") }
        case .search: s.mode = .search(query: "", selected: 0)
        case .toggleBreaks: s.breaks = s.breaks == .quantiles ? .equalIntervals : .quantiles
        case .manualBreaks:
            var current = ""
            if case .manual(let breaks) = s.breaks { current = breaks.map(format).joined(separator: " ") }
            s.mode = .prompt(.classBreaks, text: current)
        case .toggleLabels: s.labels.toggle()
        case .redraw: break
        case .levers:
            s.focus = .levers(0)
            s.panel = .workshop
        case .undo: effects = undo(&s)
        case .redo: effects = redo(&s)
        case .save: s.mode = .prompt(.scenarioName, text: s.scenarioName ?? "")
        case .open:
            s.mode = .scenarios(selected: 0)
            effects = [.store(.listScenarios)]
        case .timeline: s.timeline.toggle()
        case .table: openTable(&s, data)
        case .report:
            s.mode = .prompt(.report, text: "\(fileStem(data))-report.html")
        }
        let all = effects + requests(data, &s)
            return (s, all)
    }

    /// Applies a typed line; a bad one leaves the state as it was, with a message.
    static func submit(_ prompt: Prompt, _ text: String, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch prompt {
        case .classBreaks:
            if trimmed.isEmpty { s.breaks = .quantiles; return [] }
            guard let breaks = ClassBreaks(parsing: trimmed) else {
                s.message = s.localizer("message.bad_breaks")
                return []
            }
            s.breaks = breaks
            return []
        case .leverValue(let id):
            return typedLeverValue(id, trimmed, &s, data)
        case .scenarioName, .scenarioNotes, .renameScenario, .duplicateScenario:
            return scenarioPrompt(prompt, trimmed, &s, data)
        case .tableFilter:
            applyFilter(trimmed, &s, data)
            return []
        case .tableExport:
            guard !trimmed.isEmpty else { return [] }
            let csv = tableCSV(s, data)
            return [.writeFile(path: trimmed, contents: csv.text, rows: csv.rows)]
        case .report:
            guard !trimmed.isEmpty else { return [] }
            let lower = trimmed.lowercased()
            guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".md") else {
                s.message = s.localizer("message.report_format")
                return []
            }
            let name = s.scenarioName.map { $0 + (s.unsaved ? " *" : "") } ?? s.localizer(s.levers.isBaseline ? "scenario.baseline" : "scenario.new")
            return [.writeReport(ReportRequest(path: trimmed, scenarioName: name, settings: s.levers, language: s.localizer.language))]
        }
    }

    /// Zones whose name contains the query, ignoring case and accents; best first.
    public static func searchMatches(_ query: String, _ data: ExplorerData) -> [Int] {
        let needle = Filter.fold(query)
        guard !needle.isEmpty else { return [] }
        let found = data.names.indices.filter { Filter.fold(data.names[$0]).contains(needle) }
        return found.sorted { (Filter.fold(data.names[$0]).hasPrefix(needle) ? 0 : 1, data.names[$0]) < (Filter.fold(data.names[$1]).hasPrefix(needle) ? 0 : 1, data.names[$1]) }
    }

    /// Centres the map on a zone and zooms so it fills about a third of it.
    static func flyTo(_ zone: Int, _ state: inout ExplorerState, _ data: ExplorerData) {
        let map = state.mapRect
        let fit = Viewport.fitting(data.envelopes[zone], columns: map.width, rows: map.height, margin: 3)
        state.viewport = fit
        state.selected = zone
        state.panel = .inspector
        state.timeline = false
    }
}
