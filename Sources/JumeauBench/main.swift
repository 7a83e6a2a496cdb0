// Simulation benchmark (release build, single thread): a full run from the reference
// year to 2050, for each sample territory and for the 35,000-zone synthetic territory.
// Prints a Markdown table for docs/performance.md. Run with `make bench`.
import Foundation
import JumeauImport
import JumeauSamples
import JumeauSimulation
import JumeauStore
import JumeauSynth

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1_000 + Double(duration.components.attoseconds) / 1e15
}

/// Median wall time of `runs` runs, in milliseconds, after one warm-up run.
func measure(runs: Int, _ body: () -> Void) -> (median: Double, min: Double) {
    body()
    var times: [Double] = []
    let clock = ContinuousClock()
    for _ in 0..<runs {
        times.append(milliseconds(clock.measure(body)))
    }
    return (median(times), times.min()!)
}

let directory = NSTemporaryDirectory() + "jumeau-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: directory) }

func base(_ path: String) throws -> BaseState {
    let store = try TwinStore.open(at: path)
    return try BaseState(table: try store.zoneTable(), referenceYear: try store.metadata().referenceYear)
}

func bench(_ name: String, _ base: BaseState, runs: Int) -> String {
    let simulator = Simulator(base: base)
    var settings = LeverSettings()
    try? settings.set(LeverID.zan, LeverSchedule(50), catalog: simulator.catalog)
    let everything = measure(runs: runs) { _ = simulator.run(settings) }
    let territoryOnly = measure(runs: runs) { _ = simulator.run(settings, recording: []) }
    let mapOnly = measure(runs: runs) { _ = simulator.run(settings, recording: [.nafConsumption]) }
    func ms(_ value: (median: Double, min: Double)) -> String {
        let format = value.median < 1 ? "%.3f (%.3f)" : "%.1f (%.1f)"
        return String(format: format, value.median, value.min)
    }
    return "| \(name) | \(base.count) | \(ms(territoryOnly)) | \(ms(mapOnly)) | \(ms(everything)) |"
}

var rows: [String] = []
var frameRows: [String] = []
func frameRow(_ name: String, _ path: String, runs: Int) throws -> String {
    let t = try benchFrames(path, runs: runs)
    func ms(_ value: (median: Double, min: Double)) -> String { String(format: "%.2f (%.2f)", value.median, value.min) }
    return
        "| \(name) | \(t.zones) | \(String(format: "%.1f", t.firstRaster)) | \(ms(t.raster)) | \(ms(t.frame))"
        + " | \(ms(t.frameInspector)) |"
}
// `jumeau-bench --simulation`: the national simulation only, for quick iterations on the model's speed.
let simulationOnly = CommandLine.arguments.contains("--simulation")
/// The layer table's figures as a Markdown table.
func printTable(_ table: TableTimings, runs: Int) {
    func ms(_ value: (median: Double, min: Double)) -> String { String(format: "%.2f (%.2f)", value.median, value.min) }
    print(
        "Layer table at 200×60 (`T`), \(table.zones) zones, every headline indicator per zone: median (best) of"
            + " \(runs) key"
    )
    print("presses, in milliseconds, from the key to the next frame (update, derived work, state → buffer).")
    print("")
    print("| key | what it recomputes | milliseconds |")
    print("|---|---|---|")
    print("| ↓ (move the cursor) | nothing: the filtered, sorted rows are cached | \(ms(table.move)) |")
    print("| ] (sort by the column) | the row order | \(ms(table.sort)) |")
    print("| Enter on a filter (`naf_consumption_ha > 1`) | the rows kept, then their order | \(ms(table.filter)) |")
}
// `jumeau-bench --table`: the layer table at the national scale only.
if CommandLine.arguments.contains("--table") {
    let path = directory + "/table.gpkg"
    _ = try SyntheticTerritory(zoneCount: 35_000, seed: 1).writeTwin(to: path, force: true)
    printTable(try benchTable(path, base: try base(path), runs: 201), runs: 201)
    exit(0)
}
// `jumeau-bench national-runs PATH`: only the national runs with levers per territory.
if let index = CommandLine.arguments.firstIndex(of: "national-runs"), index + 1 < CommandLine.arguments.count {
    try territoryRuns(Simulator(base: try base(CommandLine.arguments[index + 1])), runs: 41)
    exit(0)
}
// `jumeau-bench server-load URL [AGENTS] [FOLLOWERS] [SECONDS]`: a twin on a server under load (issue 17).
if let index = CommandLine.arguments.firstIndex(of: "server-load"), index + 1 < CommandLine.arguments.count {
    let numbers = CommandLine.arguments.dropFirst(index + 2).compactMap(Int.init)
    try runServerLoad(
        CommandLine.arguments[index + 1], agents: numbers.first ?? 20, followers: numbers.dropFirst().first ?? 50,
        seconds: Double(numbers.dropFirst(2).first ?? 30))
    exit(0)
}
// `jumeau-bench server-open URL FILE`: reading the explorer's zones from a server and from the file.
if let index = CommandLine.arguments.firstIndex(of: "server-open"), index + 2 < CommandLine.arguments.count {
    try runServerOpen(CommandLine.arguments[index + 1], file: CommandLine.arguments[index + 2], runs: 7)
    exit(0)
}
// `jumeau-bench national PATH`: the explorer on a real national twin (issue 14), nothing else.
if let index = CommandLine.arguments.firstIndex(of: "national") {
    guard index + 1 < CommandLine.arguments.count else {
        print("usage: jumeau-bench national TWIN.gpkg")
        exit(2)
    }
    try runNational(CommandLine.arguments[index + 1])
    exit(0)
}
for sample in SampleTerritory.all where !simulationOnly {
    let path = directory + "/\(sample.id).gpkg"
    _ = try TerritoryImporter(options: sample.importOptions(destination: path)).run()
    rows.append(bench(sample.name, try base(path), runs: 501))
    frameRows.append(try frameRow(sample.name, path, runs: 201))
}
let national = directory + "/national.gpkg"
_ = try SyntheticTerritory(zoneCount: 35_000, seed: 1).writeTwin(to: national, force: true)
rows.append(bench("Synthetic, national scale", try base(national), runs: 21))
if simulationOnly {
    print(rows[0])
    exit(0)
}
frameRows.append(try frameRow("Synthetic, national scale", national, runs: 41))
let table = try benchTable(national, base: try base(national), runs: 41)

let cpu =
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
    .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
print(
    "Full run, reference year → 2050, `zan` = 50, one thread; \(cpu); "
        + "\(ISO8601DateFormatter().string(from: Date()).prefix(10))"
)
print("")
print("Median (best) of 501 runs for the samples, 21 for the national territory, in milliseconds.")
print("")
print(
    "| territory | zones | territory indicators only | + one indicator per zone, every year"
        + " | + every indicator per zone, every year |"
)
print("|---|---|---|---|---|")
for row in rows { print(row) }
print("")
print(
    "Explorer at 200×60, default theme, 256 colours, Unicode: first rasterisation of the fitted view,"
        + " then median (best)"
)
print("of 201 runs (41 for the national territory), in milliseconds.")
print("")
print(
    "| territory | zones | first rasterisation | rasterisation | frame (state → buffer) | frame with the inspector |"
)
print("|---|---|---|---|---|---|")
for row in frameRows { print(row) }
print("")
printTable(table, runs: 41)
