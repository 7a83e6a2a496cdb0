import ArgumentParser
import Foundation
import JumeauImport
import JumeauSamples
import JumeauSynth

struct Generate: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.generate.abstract"))
    }

    @Option(name: .long, help: ArgumentHelp(t("help.generate.zones")))
    var zones: Int

    @Option(name: .long, help: ArgumentHelp(t("help.generate.out")))
    var out: String

    @Option(name: .long, help: ArgumentHelp(t("help.generate.seed")))
    var seed: UInt64 = 1

    @Flag(help: ArgumentHelp(t("help.generate.force")))
    var force = false

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard (1...2_000_000).contains(zones) else { throw ValidationError(t("cli.zones_range")) }
        let lower = out.lowercased()
        guard lower.hasSuffix(".geojson") || lower.hasSuffix(".json") || lower.hasSuffix(".gpkg") else {
            throw ValidationError(t("cli.generate_out"))
        }
    }

    func run() throws {
        let territory = SyntheticTerritory(zoneCount: zones, seed: seed)
        if out.lowercased().hasSuffix(".gpkg") {
            let report = try failing { try territory.writeTwin(to: out, force: force) }
            Console.print(t("cli.generated_twin", ["path": out, "zones": t.number(Double(report.zoneCount), decimals: 0), "area": t.number(report.areaHa, decimals: 1)]))
            return
        }
        if FileManager.default.fileExists(atPath: out) && !force {
            throw CommandFailure(message: t("import.exists", ["path": out]))
        }
        let data = try failing { try territory.geoJSON() }
        try writeWhole(String(decoding: data, as: UTF8.self), to: out, protecting: nil)
        Console.print(t("cli.generated_geojson", ["path": out, "zones": t.number(Double(zones), decimals: 0), "size": t.number(Double(data.count) / 1_000_000, decimals: 1)]))
    }
}

struct Samples: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.samples.abstract"))
    }

    @Option(name: .long, help: ArgumentHelp(t("help.samples.buildInto")))
    var buildInto: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        guard let directory = buildInto else {
            for sample in SampleTerritory.all { Console.print("\(sample.id.padding(toLength: 20, withPad: " ", startingAt: 0)) \(sample.name) — \(t("sample.kind." + sample.id))") }
            return
        }
        try failing {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for sample in SampleTerritory.all {
                let path = directory + "/\(sample.id).gpkg"
                var options = sample.importOptions(destination: path)
                options.force = true
                _ = try TerritoryImporter(options: options).run()
                Console.print(path)
            }
        }
    }
}
