// Explorer frame benchmark: the first rasterisation of a twin into a 200×60 map and
// one frame (state → cell buffer) once rasterised, as the explorer draws it.
import JumeauExplorer
import JumeauGeometry
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauStore
import JumeauThemes

enum BenchError: Error { case noRaster }

struct FrameTimings {
    var zones: Int
    var firstRaster: Double
    var raster: (median: Double, min: Double)
    var frame: (median: Double, min: Double)
    var frameInspector: (median: Double, min: Double)
}

func explorerData(_ path: String) throws -> ExplorerData {
    let store = try TwinStore.open(at: path)
    let zones = try store.zoneTable(attributeIDs: ["population"], geometry: .outlines)
    let population = zones.columns["population"]!
    return ExplorerData(title: try store.metadata().name, attribution: "", names: zones.names,
                        outlines: zones.outlines, envelopes: zones.envelopes,
                        variables: [
                            MapVariable(id: "population", label: "Population", unit: "inhabitants", varies: false)
                        ],
                        attributeValues: ["population": population], referenceYear: 2024, lastYear: 2050,
                        details: [(label: "Population", unit: "inhabitants", values: population)],
                        catalog: LeverCatalog(densityTrend: 25, vacancyTrend: 8))
}

func benchFrames(_ path: String, width: Int = 200, height: Int = 60, runs: Int) throws -> FrameTimings {
    let data = try explorerData(path)
    let theme = try Themes.load("default", environment: [:])
    var (state, effects) = Explorer.start(
        data, width: width, height: height, theme: theme, tier: .ansi256, glyphs: .unicode)
    let clock = ContinuousClock()
    var raster: ZoneRaster?
    var firstRaster = 0.0
    for effect in effects {
        switch effect {
        case .rasterize(let request):
            firstRaster = milliseconds(clock.measure {
                raster = ZoneRaster(zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                                    columns: request.columns, rows: request.rows, frames: data.geography?.frameOfZone,
                                    insets: request.insets)
            })
            state = Explorer.update(state, .rasterReady(request, raster!), data: data).0
        case .simulate, .store, .writeFile, .writeReport, .scope, .quit: break
        }
    }
    guard let request = state.map.rasterRequest else { throw BenchError.noRaster }
    let rasterTimes = measure(runs: runs) {
        _ = ZoneRaster(zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                       columns: request.columns, rows: request.rows)
    }
    let frame = measure(runs: runs) { _ = Explorer.view(state, data: data) }
    state.map.panel = .inspector
    let inspector = measure(runs: runs) { _ = Explorer.view(state, data: data) }
    return FrameTimings(zones: data.names.count, firstRaster: firstRaster, raster: rasterTimes, frame: frame,
                        frameInspector: inspector)
}
