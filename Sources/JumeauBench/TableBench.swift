// Layer table benchmark (issue 13): the frame after a key press in the table, at the
// national scale. Moving the cursor reuses the cached rows; sorting recomputes them.
import JumeauExplorer
import JumeauGeometry
import JumeauRender
import JumeauSimulation
import JumeauThemes

struct TableTimings {
    var zones: Int
    var move: (median: Double, min: Double)
    var sort: (median: Double, min: Double)
    var filter: (median: Double, min: Double)
}

func benchTable(_ path: String, base: BaseState, runs: Int) throws -> TableTimings {
    let simulator = Simulator(base: base)
    var data = try explorerData(path)
    data.catalog = simulator.catalog
    data.variables =
        Indicator.allCases.map { MapVariable(id: $0.id, label: $0.id, unit: $0.definition.unit, varies: true) }
        + data.variables
    let theme = try Themes.load("default", environment: [:])
    var (state, effects) = Explorer.start(data, width: 200, height: 60, theme: theme, tier: .ansi256, glyphs: .unicode)
    // The runtime's work, done here in line: rasters and runs (the store is not needed).
    func settle(_ first: [Effect]) {
        var queue = first
        while !queue.isEmpty {
            var more: [Effect] = []
            switch queue.removeFirst() {
            case .rasterize(let request):
                let raster = ZoneRaster(
                    zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                    columns: request.columns, rows: request.rows, frames: data.geography?.frameOfZone,
                    insets: request.insets)
                (state, more) = Explorer.update(state, .rasterReady(request, raster), data: data)
            case .simulate(let request):
                let result = simulator.run(request.settings, recording: request.recording)
                (state, more) = Explorer.update(state, .simulated(request, result), data: data)
            case .store, .writeFile, .writeReport, .scope, .quit: break
            }
            queue += more
        }
    }
    settle(effects)
    (state, effects) = Explorer.update(state, .input(.key(.character("T"))), data: data)
    settle(effects)
    (state, effects) = Explorer.update(state, .input(.key(.right)), data: data)
    settle(effects)
    let table = state
    /// One key press: the update, the work it derives, and the next frame.
    func press(_ key: Key) -> () -> Void {
        {
            let next = Explorer.update(table, .input(.key(key)), data: data).0
            _ = Explorer.view(next, data: data)
        }
    }
    var filtered = table
    for key in [Key.character("f")] + "naf_consumption_ha > 1".map({ Key.character($0) }) {
        filtered = Explorer.update(filtered, .input(.key(key)), data: data).0
    }
    let filter = measure(runs: runs) {
        let next = Explorer.update(filtered, .input(.key(.enter)), data: data).0
        _ = Explorer.view(next, data: data)
    }
    return TableTimings(
        zones: data.names.count, move: measure(runs: runs, press(.down)),
        sort: measure(runs: runs, press(.character("]"))), filter: filter)
}
