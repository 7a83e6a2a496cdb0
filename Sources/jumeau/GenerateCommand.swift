import ArgumentParser
import Foundation
import JumeauImport
import JumeauSamples
import JumeauSynth

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic territory (benchmark fixture) as GeoJSON or a twin.")

    @Option(name: .long, help: "Number of zones (35000 ≈ the communes of France).")
    var zones: Int

    @Option(name: .long, help: "Output file: .geojson or .gpkg.")
    var out: String

    @Option(name: .long, help: "Seed: the same seed gives the same territory.")
    var seed: UInt64 = 1

    @Flag(help: "Replace an existing output file.")
    var force = false

    func validate() throws {
        guard (1...2_000_000).contains(zones) else { throw ValidationError("--zones must be between 1 and 2,000,000") }
        let lower = out.lowercased()
        guard lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".gpkg") else {
            throw ValidationError("--out must end in .geojson or .gpkg")
        }
    }

    func run() throws {
        let territory = SyntheticTerritory(zoneCount: zones, seed: seed)
        if out.lowercased().hasSuffix(".gpkg") {
            let report = try failing { try territory.writeTwin(to: out, force: force) }
            print("\(out): \(Format.integer(report.zoneCount)) zones, \(Format.number(report.areaHa, decimals: 1)) ha")
            return
        }
        if FileManager.default.fileExists(atPath: out) && !force {
            throw CommandFailure(message: "\(out) already exists; add --force to replace it")
        }
        let data = try failing { try territory.geoJSON() }
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw CommandFailure(message: "\(out): cannot write (\(error.localizedDescription))")
        }
        print("\(out): \(Format.integer(zones)) zones, \(Format.number(Double(data.count) / 1_000_000, decimals: 1)) MB")
    }
}

struct Samples: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the sample territories, or build them into a directory.")

    @Option(name: .long, help: "Build every sample twin into this directory (default: list them).")
    var buildInto: String?

    func run() throws {
        guard let directory = buildInto else {
            for sample in SampleTerritory.all { print("\(sample.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(sample.name) — \(sample.kind)") }
            return
        }
        try failing {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for sample in SampleTerritory.all {
                let path = directory + "/\(sample.id).gpkg"
                var options = sample.importOptions(destination: path)
                options.force = true
                _ = try TerritoryImporter(options: options).run()
                print(path)
            }
        }
    }
}
