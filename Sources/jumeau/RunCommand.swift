import ArgumentParser
import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

struct Run: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.run.abstract"),
            discussion: t("help.run.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @OptionGroup var lever: LeverOptions

    @OptionGroup var selection: SelectionOption

    @Option(name: .long, help: ArgumentHelp(t("help.run.to")))
    var to: Int?

    @Option(name: .long, help: ArgumentHelp(t("help.run.format")))
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp(t("help.run.indicators")))
    var indicators: String?

    @Option(name: .long, help: ArgumentHelp(t("help.run.save")))
    var save: String?

    @Option(name: .long, help: ArgumentHelp(t("help.run.notes")))
    var notes: String = ""

    @Option(name: .long, help: ArgumentHelp(t("help.run.author")))
    var author: String?

    @OptionGroup var language: LanguageOption

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func validate() throws {
        if let save {
            guard !save.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(t("cli.run.save_name"))
            }
            guard save.caseInsensitiveCompare("baseline") != .orderedSame else {
                throw ValidationError(t("cli.run.save_baseline"))
            }
            guard !save.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ValidationError(t("cli.run.save_control"))
            }
            guard save.count <= ScenarioName.maximumLength else { throw ValidationError(t("cli.run.save_long")) }
            // A saved scenario is the whole twin's: its results are read back by `run`,
            // `compare` and the explorer as the twin's, so a selection's would pass for them.
            if let option = selection.optionName {
                throw ValidationError(t("cli.run.save_selection", ["option": option]))
            }
        }
    }

    func run() throws {
        let session = try TwinSession(twin, access: save == nil ? .read : .write, selection: selection.selection)
        let choice = try lever.settings(in: session)
        let settings = choice.settings
        let reference = session.metadata.referenceYear
        let last = to ?? 2050
        guard last > reference && last <= 2050 else {
            throw CommandFailure(
                message: t("cli.year_range", ["option": "--to", "first": String(reference + 1), "last": "2050"]),
                status: 2)
        }
        let chosen = try parseIndicators(indicators)

        // Exactly a saved scenario: its saved results are read back when its inputs have not changed.
        let scenarioForReadBack = choice.name == nil ? nil : lever.scenario
        let series = try session.territorySeries(settings, scenario: scenarioForReadBack)
        if let save {
            let result = session.simulator.run(settings)
            let saved = SavedScenario(
                name: ScenarioName.canonical(save), leversJSON: settings.canonicalJSON, notes: notes,
                author: author ?? ProcessInfo.processInfo.environment["USER"] ?? "")
            try failing {
                try session.store.saveScenario(saved, run: session.simulator.savedRun(result, settings: settings))
            }
            Console.note(t("cli.run.saved", ["name": Sanitize.text(save), "path": session.path]))
        }

        let count = last - series.years[0] + 1
        let years = Array(series.years.prefix(count))
        let coastal = session.simulator.base.coastline.contains { $0 > 0 }
        let headline: [Indicator] =
            [
                .population, .dwellings, .unmetHousingNeed, .nafConsumption, .zanBudgetUsed,
                .energySelfSufficiency,
            ] + (coastal ? [.coastalDwellingsLost] : [])
        let shown = chosen ?? (format == .table ? headline : Indicator.allCases)
        let values = shown.map { Array(series.values[$0.id]!.prefix(count)) }

        switch format {
        case .csv:
            Console.print((["year"] + shown.map(\.id)).joined(separator: ","))
            for (row, year) in years.enumerated() {
                Console.print(([String(year)] + values.map { Self.plain($0[row]) }).joined(separator: ","))
            }
        case .json:
            struct Output: Encodable {
                struct Series: Encodable {
                    let label_fr: String, label_en: String, unit: String, better: String
                    @JSONNumbers var values: [Double]
                }
                let territory: String, scenario: String?
                @JSONNullable var selection: ResolvedSelection.JSON?
                @JSONNullable var code: String?
                let levers: [String: LeverSchedule], territory_levers: [String: [String: LeverSchedule]]
                let levers_text: String, model_version: String, inputs_hash: String
                let source: String, years: [Int], indicators: [String: Series]
            }
            var map: [String: Output.Series] = [:]
            for (indicator, series) in zip(shown, values) {
                let d = indicator.definition
                map[d.id] = Output.Series(
                    label_fr: d.labelFR, label_en: d.labelEN, unit: d.unit, better: d.better.rawValue, values: series)
            }
            let output = Output(
                territory: session.metadata.name, scenario: lever.scenario, selection: session.selection?.json,
                code: settings.code(session.catalog), levers: settings.schedules,
                territory_levers: settings.territoryLevers, levers_text: settings.summary(catalog: session.catalog),
                model_version: ModelVersion.current, inputs_hash: session.simulator.inputsHash(settings),
                source: series.saved ? "saved" : "computed", years: years, indicators: map)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(output), as: UTF8.self))
        case .table:
            let saved = series.saved ? " " + t("run.saved_results") : ""
            Console.print("\(Sanitize.text(session.title)) — \(settings.summary(catalog: session.catalog))\(saved)")
            var table: [[String]] = [
                [t("run.year")] + shown.map { $0.definition.shortLabel(t) },
                [""] + shown.map { t.shortUnit($0.definition.unit) },
            ]
            for (row, year) in years.enumerated() {
                table.append([String(year)] + values.map { t.number($0[row]) })
            }
            Console.print(TextTable.render(table))
            Console.print("")
            for indicator in shown {
                let d = indicator.definition
                let short = d.shortLabel(t)
                Console.print(
                    "  \(short)\(String(repeating: " ", count: max(1, 12 - short.count)))\(d.id): \(d.label(t)) (\(t.unit(d.unit)))"
                )
            }
        }
    }

    /// Full precision for scripts, shortest round-trip form.
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
