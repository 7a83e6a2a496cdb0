// The twin of France (issue 14): the explorer's first frame, pan and zoom frames and a lever move on a
// real national twin (`jumeau-bench national PATH`), at 200×60, as `jumeau explore` does them: the
// twin opened as ExploreCommand.swift opens it, then Explorer.start / update / view with the runtime's
// rasters and runs done in line (Runtime.swift does them on worker queues).
import Foundation
import JumeauExplorer
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauStore
import JumeauThemes

/// What `jumeau explore` builds (`ExplorerData.of`, the explorer's own builder).
func nationalExplorerData(
    table: ZoneTable, definitions: [AttributeDefinition], metadata: TerritoryMetadata, simulator: Simulator,
    units: [LevelUnit], title: String, _ t: Localizer
) -> ExplorerData {
    ExplorerData.of(table: table, definitions: definitions, metadata: metadata, simulator: simulator, units: units,
                    title: title, t)
}

/// Milliseconds spent in each part of the work an input derives.
struct Work {
    var update = 0.0
    var raster = 0.0
    var simulation = 0.0
    var runs = 0
    var view = 0.0
    var total: Double { update + raster + simulation + view }
}

/// The runtime's work done in line: rasters and runs, each timed (the store is not needed here).
func settle(_ state: inout ExplorerState, _ first: [Effect], _ data: ExplorerData, _ simulator: Simulator,
            _ work: inout Work) {
    let clock = ContinuousClock()
    var queue = first
    while !queue.isEmpty {
        var more: [Effect] = []
        switch queue.removeFirst() {
        case .rasterize(let request):
            var raster: ZoneRaster?
            work.raster += milliseconds(clock.measure {
                raster = ZoneRaster(
                    zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                    columns: request.columns, rows: request.rows, frames: data.geography?.frameOfZone,
                    insets: request.insets)
            })
            work.update += milliseconds(clock.measure {
                (state, more) = Explorer.update(state, .rasterReady(request, raster!), data: data)
            })
        case .simulate(let request):
            var result: SimulationResult?
            work.simulation += milliseconds(clock.measure {
                result = simulator.run(request.settings, recording: request.recording)
            })
            work.runs += 1
            work.update += milliseconds(clock.measure {
                (state, more) = Explorer.update(state, .simulated(request, result!), data: data)
            })
        case .store, .writeFile, .writeReport, .scope, .quit: break
        }
        queue += more
    }
}

/// One launch of the explorer up to its first complete frame (the map rasterised and coloured by the
/// first runs), by part, in milliseconds.
struct Startup {
    var open = 0.0, base = 0.0, data = 0.0, places = 0.0, start = 0.0
    var work = Work()
    /// The first frame's path; the place index is built beside it, on a worker queue.
    var total: Double { open + base + data + start + work.total }
}

func nationalStartup(_ path: String, width: Int = 200, height: Int = 60) throws
    -> (Startup, ExplorerState, ExplorerData, Simulator)
{
    let clock = ContinuousClock()
    var timing = Startup()
    var store: TwinStore?
    var metadata: TerritoryMetadata?
    var table: ZoneTable?
    try timing.open = milliseconds(clock.measure {
        let opened = try TwinStore.open(at: path, access: .write, use: .explorer)
        metadata = try opened.metadata()
        table = try opened.zoneTable(geometry: .outlines)
        store = opened
    })
    var simulator: Simulator?
    try timing.base = milliseconds(clock.measure {
        simulator = Simulator(base: try BaseState(table: table!, referenceYear: metadata!.referenceYear))
    })
    var data: ExplorerData?
    try timing.data = milliseconds(clock.measure {
        let definitions = try store!.attributes()
        let units = (try? store!.levelUnits()) ?? []
        data = nationalExplorerData(
            table: table!, definitions: definitions, metadata: metadata!, simulator: simulator!, units: units,
            title: metadata!.name, .english)
    })
    timing.places = milliseconds(clock.measure { data!.indexPlaces() })
    var state: ExplorerState?
    var effects: [Effect] = []
    try timing.start = milliseconds(clock.measure {
        let theme = try Themes.load("default", environment: [:])
        (state, effects) = Explorer.start(
            data!, width: width, height: height, theme: theme, tier: .ansi256, glyphs: .unicode)
    })
    settle(&state!, effects, data!, simulator!, &timing.work)
    timing.work.view = milliseconds(clock.measure { _ = Explorer.view(state!, data: data!) })
    return (timing, state!, data!, simulator!)
}

/// Median and best of `runs` runs of an input from the same state: update, derived work, next frame.
func nationalInput(_ keys: [Key], from state: ExplorerState, _ data: ExplorerData, _ simulator: Simulator,
                   runs: Int) -> (median: Work, best: Double, runsPerInput: Int) {
    var works: [Work] = []
    for run in 0...runs {
        let clock = ContinuousClock()
        var work = Work()
        var next = state
        var effects: [Effect] = []
        for key in keys {
            work.update += milliseconds(clock.measure {
                (next, effects) = Explorer.update(next, .input(.key(key)), data: data)
            })
            settle(&next, effects, data, simulator, &work)
        }
        work.view = milliseconds(clock.measure { _ = Explorer.view(next, data: data) })
        if run > 0 { works.append(work) }  // the first is a warm-up
    }
    func mid(_ part: (Work) -> Double) -> Double { median(works.map(part)) }
    let typical = Work(update: mid(\.update), raster: mid(\.raster), simulation: mid(\.simulation),
                       runs: works[0].runs, view: mid(\.view))
    return (typical, works.map(\.total).min()!, works[0].runs)
}

func runNational(_ path: String, startups: Int = 5, runs: Int = 21) throws {
    func f(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }
    var launches: [Startup] = []
    var ready: (ExplorerState, ExplorerData, Simulator)?
    for _ in 0..<startups {
        let (timing, state, data, simulator) = try nationalStartup(path)
        launches.append(timing)
        ready = (state, data, simulator)
    }
    let (state, data, simulator) = ready!
    let map = state.map.rasterRequest.map { "\($0.columns)×\($0.rows) cells" } ?? "none"
    let theme = try Themes.load("default", environment: [:])
    let render = Explorer.start(data, width: 200, height: 61, theme: theme, tier: .ansi256, glyphs: .unicode).0
    if let request = render.map.rasterRequest {
        // Explorer.sh-style scripts read this line: the map `jumeau render --size 200x60` draws.
        print("render-map: \(request.columns) \(request.rows)")
    }
    print("")
    print("Explorer on \((path as NSString).lastPathComponent): \(data.names.count) zones, 200×60 (map \(map)),")
    print("default theme, 256 colours, Unicode; in milliseconds.")
    print("")
    print("First complete frame (\(startups) launches in one process; first launch, then median (best)):")
    print("")
    print("| part | first launch | median (best) |")
    print("|---|---|---|")
    func row(_ label: String, _ part: (Startup) -> Double) {
        let values = launches.map(part)
        print("| \(label) | \(f(values[0])) | \(f(median(values))) (\(f(values.min()!))) |")
    }
    row("open the twin: metadata, zones with outlines (TwinStore.zoneTable)") { $0.open }
    row("base state and simulator") { $0.base }
    row("explorer data: variables, details, ZAN trajectory, geography") { $0.data }
    row("place index (`g`; on a worker queue after the first frame, not counted below)") { $0.places }
    row("theme and Explorer.start") { $0.start }
    row("first rasterisation (with the overseas insets)") { $0.work.raster }
    row("first runs: Baseline and current, \(launches[0].work.runs) runs") { $0.work.simulation }
    row("updates with the raster and the runs") { $0.work.update }
    row("first frame: Explorer.view") { $0.work.view }
    row("**total, in sequence**") { $0.total }
    row("total with the raster beside the runs (the runtime's two queues)") {
        $0.total - min($0.work.raster, $0.work.simulation)
    }
    print("")
    print("Inputs on the first frame, median (best total) of \(runs) runs from the same state:")
    print("")
    print("| input | update | rasterisation | runs | frame (view) | total | best |")
    print("|---|---|---|---|---|---|---|")
    func input(_ label: String, _ keys: [Key], from start: ExplorerState) {
        let (work, best, count) = nationalInput(keys, from: start, data, simulator, runs: runs)
        let simulation = count == 0 ? "–" : "\(f(work.simulation)) (\(count))"
        print(
            "| \(label) | \(f(work.update)) | \(f(work.raster)) | \(simulation) | \(f(work.view)) | \(f(work.total))"
                + " | \(f(best)) |")
    }
    input("→ pan right (l)", [.character("l")], from: state)
    input("↓ pan down (j)", [.character("j")], from: state)
    input("+ zoom in", [.character("+")], from: state)
    input("- zoom out", [.character("-")], from: state)
    // The levers panel focused (p), as a facilitator moves ZAN, the first lever.
    var levers = state
    var work = Work()
    var effects: [Effect] = []
    (levers, effects) = Explorer.update(levers, .input(.key(.character("p"))), data: data)
    settle(&levers, effects, data, simulator, &work)
    precondition(data.catalog.levers.first?.id == LeverID.zan, "the first lever is no longer ZAN")
    input("→ on the ZAN lever: runs, indicators, recoloured map", [.right], from: levers)
    var zoomed = state
    for _ in 0..<3 {
        (zoomed, effects) = Explorer.update(zoomed, .input(.key(.character("+"))), data: data)
        settle(&zoomed, effects, data, simulator, &work)
    }
    input("→ pan right after three zooms in", [.character("l")], from: zoomed)
    input("+ zoom in after three zooms in", [.character("+")], from: zoomed)
    try territoryRuns(simulator, runs: runs)
}

/// A national run with levers set per territory (issue 15): every région its own ZAN cut,
/// as the regional plans give, a département and an EPCI their own.
func territoryRuns(_ simulator: Simulator, runs: Int) throws {
    func f(_ value: Double) -> String { String(format: value < 10 ? "%.1f" : "%.0f", value) }
    let regions = Set(simulator.base.regions).filter { !$0.isEmpty }.sorted()
    var territorial = LeverSettings()
    try territorial.apply("zan=50", catalog: simulator.catalog)
    for (index, region) in regions.enumerated() {
        try territorial.apply("reg:\(region):zan=\(40 + 5 * (index % 5))", catalog: simulator.catalog)
    }
    try territorial.apply("dep:33:zan=60", catalog: simulator.catalog)
    try territorial.apply("epci:243300316:zan=70", catalog: simulator.catalog)
    var national = LeverSettings()
    try national.apply("zan=50", catalog: simulator.catalog)
    var pooled = national
    try pooled.apply("zan_pooling=1", catalog: simulator.catalog)
    print("")
    print("National runs to 2050 (the map's indicator kept per zone), median (best) of \(runs) runs:")
    print("")
    print("| levers | groups of zones | run |")
    print("|---|---|---|")
    for (label, settings) in [
        ("zan=50 for the whole twin", national),
        ("zan=50, each of the \(regions.count) régions its own cut, dep:33 and epci:243300316 their own", territorial),
        ("zan=50, every intercommunality pooling its envelope (zan_pooling=1)", pooled),
    ] {
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0...runs {
            times.append(milliseconds(clock.measure { _ = simulator.run(settings, recording: [.nafConsumption]) }))
        }
        times.removeFirst()  // a warm-up
        print("| \(label) | \(simulator.leverGroupCount(settings)) | \(f(median(times))) (\(f(times.min()!))) |")
    }
}
