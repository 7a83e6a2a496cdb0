import ArgumentParser
import Foundation
import JumeauExport
import JumeauGeometry
import JumeauModel
import JumeauRender
import JumeauSimulation

struct Export: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.export.abstract"),
            discussion: t("help.export.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @OptionGroup var lever: LeverOptions

    @OptionGroup var selection: SelectionOption

    @OptionGroup var language: LanguageOption

    @Option(name: .long, help: ArgumentHelp(t("help.export.year")))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp(t("help.export.format")))
    var format: ExportFormat?

    @Option(name: .long, help: ArgumentHelp(t("help.export.indicators")))
    var indicators: String?

    @Option(name: .long, help: ArgumentHelp(t("help.export.out")))
    var out: String

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case geojson, csv }

    var resolvedFormat: ExportFormat? {
        if let format { return format }
        switch URL(fileURLWithPath: out).pathExtension.lowercased() {
        case "geojson", "json": return .geojson
        case "csv": return .csv
        default: return nil
        }
    }

    func validate() throws {
        guard resolvedFormat != nil else {
            throw ValidationError(t("cli.export_format", ["path": out]))
        }
    }

    func run() throws {
        let format = resolvedFormat!
        let session = try TwinSession(
            twin, geometry: format == .geojson ? .outlines : .envelopeOnly, selection: selection.selection)
        let choice = try lever.settings(in: session)
        let reference = session.metadata.referenceYear
        let shownYear = year ?? 2050
        guard shownYear >= reference && shownYear <= 2050 else {
            throw CommandFailure(message: t("cli.year_range", ["option": "--year", "first": String(reference), "last": "2050"]), status: 2)
        }
        let chosen = try parseIndicators(indicators) ?? Indicator.allCases
        let result = session.simulator.run(choice.settings, to: shownYear, recording: chosen)
        let columns = chosen.map(\.id)
        let perIndicator = chosen.map { result.zones($0, year: shownYear)! }
        let table = session.table
        let code = try failing { try ScenarioCode.encode(choice.settings, catalog: session.catalog) }
        let scenarioLabel = choice.name ?? code

        let text: String
        switch format {
        case .csv:
            let header = ["code", "name", "scenario", "levers", "year"] + columns
            let rows = (0..<table.count).map { zone in
                [table.codes[zone], table.names[zone], scenarioLabel, code, String(shownYear)] + perIndicator.map { CSV.number($0[zone]) }
            }
            text = CSV.table(header: header, rows: rows)
        case .geojson:
            // Overseas zones come in their own projection: each plane has its projector.
            var projectors: [Int: Projector] = [:]
            var zones: [ExportedZone] = []
            zones.reserveCapacity(table.count)
            for zone in 0..<table.count {
                let epsg = table.srsIDs[zone]
                let projector = try projectors[epsg] ?? failing { try Projector(from: epsg, to: CRS.wgs84) }
                projectors[epsg] = projector
                let shape = try failing { try projector.transform(table.outlines.outline(zone)) }
                zones.append(ExportedZone(code: table.codes[zone], name: table.names[zone], shape: shape,
                                          values: perIndicator.map { $0[zone] }))
            }
            text = GeoJSON.featureCollection(zones, columns: columns,
                                             shared: ([("scenario", scenarioLabel), ("levers", code)], [("year", Double(shownYear))]))
        }

        if out == "-" {
            Console.write(text)
            return
        }
        try writeWhole(text, to: out, protecting: session.path)
        Console.note(t("cli.exported", ["count": String(table.count), "scenario": Sanitize.text(scenarioLabel), "year": String(shownYear), "path": out]))
    }
}
