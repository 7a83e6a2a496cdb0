import ArgumentParser
import Foundation
import JumeauExport
import JumeauModel
import JumeauReport
import JumeauSimulation

struct Report: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.report.abstract"),
            discussion: t("help.report.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @Option(name: .long, help: ArgumentHelp(t("help.report.scenario")))
    var scenario: [String] = []

    @Option(name: .long, help: ArgumentHelp(t("help.report.out")))
    var out: String

    @Option(name: .long, help: ArgumentHelp(t("help.report.indicator")))
    var indicator: String = Indicator.nafConsumedSince2021.id

    @OptionGroup var selection: SelectionOption

    @OptionGroup var language: LanguageOption

    enum Format { case html, markdown }

    var format: Format? {
        switch URL(fileURLWithPath: out).pathExtension.lowercased() {
        case "html", "htm": return .html
        case "md", "markdown": return .markdown
        default: return nil
        }
    }

    func validate() throws {
        guard !scenario.isEmpty else { throw ValidationError(t("cli.report.no_scenario")) }
        guard format != nil else { throw ValidationError(t("cli.report.format", ["path": out])) }
    }

    func run() throws {
        guard let mapped = Indicator.named(indicator) else {
            throw CommandFailure(message: t("cli.unknown_indicator", ["id": indicator, "indicators": Indicator.allCases.map(\.id).joined(separator: ", ")]), status: 2)
        }
        let session = try TwinSession(twin, geometry: .outlines, selection: selection.selection)
        var scenarios: [ReportContent.Scenario] = []
        for name in scenario {
            let settings = try session.settings(scenario: name)
            let notes = (try? session.store.scenario(named: name))??.notes ?? ""
            let code = try failing { try ScenarioCode.encode(settings, catalog: session.catalog) }
            let label = name.caseInsensitiveCompare("baseline") == .orderedSame ? t("scenario.baseline") : name
            scenarios.append(.init(name: label, code: code, notes: notes, settings: settings,
                                   result: session.simulator.run(settings, recording: [mapped])))
        }
        let table = session.table
        var content = ReportContent(territory: session.title, zoneCount: table.count,
                                    areaHa: table.columns[StandardAttribute.areaHa.id]?.reduce(0, +) ?? 0,
                                    referenceYear: session.metadata.referenceYear, attribution: session.metadata.attribution,
                                    catalog: session.catalog, baseline: session.simulator.run(LeverSettings(), recording: []),
                                    scenarios: scenarios, outlines: table.outlines.outlines, names: table.names,
                                    mapIndicator: mapped,
                                    attributes: try failing { try session.store.attributes() }, generatedAt: Date(),
                                    lawTrajectory: session.simulator.zanTrajectory(),
                                    populations: table.columns[StandardAttribute.population.id] ?? [])
        if table.srsIDs.contains(CRS.lambert93) { content.onMap = table.srsIDs.map { $0 == CRS.lambert93 } }
        let text = format! == .html ? ReportWriter.html(content, t) : ReportWriter.markdown(content, t)
        try writeWhole(text, to: out, protecting: session.path)
        Console.note(t("message.report_written", ["path": out]))
    }
}

/// Writes a file whole or not at all, never over the twin it comes from (`OutputFile`).
func writeWhole(_ text: String, to path: String, protecting twin: String?) throws {
    do {
        try OutputFile.write(Data(text.utf8), to: path, protecting: twin.map { [$0] } ?? [])
    } catch let error as OutputError {
        throw CommandFailure(message: describe(error), status: error.isMisuse ? 2 : 1)
    }
}
