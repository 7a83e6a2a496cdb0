import ArgumentParser
import Foundation
import JumeauExport
import JumeauModel
import JumeauRender
import JumeauSimulation

struct Scenarios: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.scenarios.abstract"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @Flag(help: ArgumentHelp(t("help.json")))
    var json = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let session = try TwinSession(twin)
        let saved = try failing { try session.store.scenarios() }
        let formatter = ISO8601DateFormatter()
        if json {
            struct Item: Encodable {
                let name: String
                @JSONNullable var code: String?
                let levers: [String: LeverSchedule], territory_levers: [String: [String: LeverSchedule]]
                let levers_text: String, notes: String, author: String, created_at: String, updated_at: String
            }
            let list = try saved.map { scenario -> Item in
                let settings = try LeverSettings(json: scenario.leversJSON, catalog: session.catalog)
                return Item(
                    name: scenario.name, code: settings.code(session.catalog), levers: settings.schedules,
                    territory_levers: settings.territoryLevers, levers_text: settings.summary(catalog: session.catalog),
                    notes: scenario.notes,
                    author: scenario.author, created_at: formatter.string(from: scenario.createdAt),
                    updated_at: formatter.string(from: scenario.updatedAt))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.print(String(decoding: try encoder.encode(list), as: UTF8.self))
            return
        }
        guard !saved.isEmpty else {
            Console.print(t("cli.scenarios.none", ["path": session.path]))
            return
        }
        let day = DateFormatter()
        day.dateFormat = t("date.day")
        var rows = [
            [t("cli.scenarios.name"), t("cli.scenarios.updated"), t("cli.scenarios.author"), t("cli.scenarios.levers")]
        ]
        for scenario in saved {
            let levers =
                (try? LeverSettings(json: scenario.leversJSON, catalog: session.catalog).summary(
                    catalog: session.catalog)) ?? "?"
            rows.append([
                Sanitize.text(scenario.name), day.string(from: scenario.updatedAt),
                Sanitize.text(scenario.author), levers,
            ])
        }
        Console.print(TextTable.render(rows, leftAligned: 4))
        for scenario in saved where !scenario.notes.isEmpty {
            Console.print(
                "\n"
                    + t(
                        "cli.scenarios.notes",
                        ["name": Sanitize.text(scenario.name), "notes": Sanitize.text(scenario.notes)]))
        }
    }
}

struct Compare: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.compare.abstract"))
    }

    @Argument(help: ArgumentHelp(t("help.compare.arguments")))
    var arguments: [String]

    @Option(name: .long, help: ArgumentHelp(t("help.compare.years")))
    var years: String?

    /// Without --years: the ZAN milestone, 2040 and 2050, those the twin's runs reach.
    static let defaultYears = [2031, 2040, 2050]

    @Option(name: .long, help: ArgumentHelp(t("help.compare.indicators")))
    var indicators: String?

    @Option(name: .long, help: ArgumentHelp(t("help.compare.format")))
    var format: Run.OutputFormat = .table

    @OptionGroup var selection: SelectionOption

    @OptionGroup var language: LanguageOption

    /// The indicator column's width in the table: longer labels wrap onto the rows of the
    /// following years, so that the table fits 80 columns.
    static let labelWidth = 30

    func validate() throws {
        guard (2...3).contains(arguments.count) else { throw ValidationError(t("cli.compare.two")) }
        for item in (years ?? "").split(separator: ",") where Int(item.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError(t("cli.compare.years"))
        }
    }

    /// One scenario of the comparison: its levers and its results.
    struct Side {
        var name: String
        var settings: LeverSettings
        var years: [Int]
        var values: [String: [Double]]
        var saved: Bool

        /// The indicator's value in a year of the run; NaN (shown "–", written null) when
        /// the run lacks it.
        func value(_ indicator: Indicator, _ year: Int) -> Double {
            guard let first = years.first, let series = values[indicator.id],
                series.indices.contains(year - first)
            else { return .nan }
            return series[year - first]
        }
    }

    func run() throws {
        let twin = arguments.count == 3 ? arguments[0] : nil
        let (a, b) = (arguments[arguments.count - 2], arguments[arguments.count - 1])
        let session = try TwinSession(twin, selection: selection.selection)
        func side(_ name: String) throws -> Side {
            let settings = try session.settings(scenario: name)
            let series = try session.territorySeries(settings, scenario: name)
            return Side(name: name, settings: settings, years: series.years, values: series.values, saved: series.saved)
        }
        let left = try side(a)
        let right = try side(b)
        let chosenYears =
            years.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            ?? Self.defaultYears.filter { left.years.contains($0) }
        if let first = left.years.first, let last = left.years.last {
            for year in chosenYears where !left.years.contains(year) {
                let range = ["year": String(year), "first": String(first), "last": String(last)]
                throw CommandFailure(message: t("cli.compare.year_outside", range), status: 2)
            }
        }
        let shown = try parseIndicators(indicators) ?? Indicator.allCases
        switch format {
        case .table: table(session, left, right, chosenYears, shown)
        case .csv: csv(left, right, chosenYears, shown)
        case .json: try json(session, left, right, chosenYears, shown)
        }
    }

    /// Labels and units in the command's language, numbers in its format.
    func table(_ session: TwinSession, _ left: Side, _ right: Side, _ years: [Int], _ shown: [Indicator]) {
        Console.print(
            t(
                "cli.compare.header",
                [
                    "territory": Sanitize.text(session.title),
                    "a": Sanitize.text(left.name), "b": Sanitize.text(right.name),
                ]))
        var rows = [[t("cli.compare.indicator"), t("cli.compare.unit"), t("cli.compare.year"), "A", "B", "B − A"]]
        for indicator in shown {
            let label = TextTable.wrap(indicator.definition.label(t), width: Self.labelWidth)
            for k in 0..<max(years.count, label.count) {
                var row = [k < label.count ? label[k] : "", k == 0 ? t.shortUnit(indicator.definition.unit) : ""]
                if k < years.count {
                    let va = left.value(indicator, years[k])
                    let vb = right.value(indicator, years[k])
                    let delta = vb - va
                    let sign = delta > 0 && t.number(delta) != "0" ? "+" : ""
                    row += [String(years[k]), t.number(va), t.number(vb), sign + t.number(delta)]
                } else {
                    row += ["", "", "", ""]
                }
                rows.append(row)
            }
        }
        Console.print(TextTable.render(rows, leftAligned: 2))
    }

    /// One row per indicator and year, full precision; a missing value is an empty field.
    func csv(_ left: Side, _ right: Side, _ years: [Int], _ shown: [Indicator]) {
        Console.print(CSV.line(["indicator", "unit", "year", "a", "b", "b_minus_a"]))
        for indicator in shown {
            for year in years {
                let va = left.value(indicator, year)
                let vb = right.value(indicator, year)
                Console.print(
                    CSV.line([
                        indicator.id, indicator.definition.unit, String(year),
                        CSV.number(va), CSV.number(vb), CSV.number(vb - va),
                    ]))
            }
        }
    }

    /// The documented stable form (docs/user-guide.md).
    func json(_ session: TwinSession, _ left: Side, _ right: Side, _ years: [Int], _ shown: [Indicator]) throws {
        struct Output: Encodable {
            struct Scenario: Encodable {
                let name: String
                @JSONNullable var code: String?
                let levers: [String: LeverSchedule], territory_levers: [String: [String: LeverSchedule]]
                let levers_text: String, source: String, inputs_hash: String
            }
            struct Series: Encodable {
                let label_fr: String, label_en: String, unit: String, better: String
                @JSONNumbers var a: [Double]
                @JSONNumbers var b: [Double]
                @JSONNumbers var b_minus_a: [Double]
            }
            let territory: String
            @JSONNullable var selection: ResolvedSelection.JSON?
            let model_version: String, years: [Int], a: Scenario, b: Scenario
            let indicators: [String: Series]
        }
        func scenario(_ side: Side) -> Output.Scenario {
            Output.Scenario(
                name: side.name, code: side.settings.code(session.catalog), levers: side.settings.schedules,
                territory_levers: side.settings.territoryLevers,
                levers_text: side.settings.summary(catalog: session.catalog),
                source: side.saved ? "saved" : "computed",
                inputs_hash: session.simulator.inputsHash(side.settings))
        }
        var map: [String: Output.Series] = [:]
        for indicator in shown {
            let d = indicator.definition
            let va = years.map { left.value(indicator, $0) }
            let vb = years.map { right.value(indicator, $0) }
            map[d.id] = Output.Series(
                label_fr: d.labelFR, label_en: d.labelEN, unit: d.unit, better: d.better.rawValue,
                a: va, b: vb, b_minus_a: zip(va, vb).map { $1 - $0 })
        }
        let output = Output(
            territory: session.metadata.name, selection: session.selection?.json,
            model_version: ModelVersion.current, years: years,
            a: scenario(left), b: scenario(right), indicators: map)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        Console.print(String(decoding: try encoder.encode(output), as: UTF8.self))
    }
}

struct Levers: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.levers.abstract"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @OptionGroup var language: LanguageOption

    /// A lever's value at the lever's precision in the command's language (0,05 in
    /// French); a year as a year (2031, never 2,031).
    static func number(_ value: Double, _ lever: LeverDefinition) -> String {
        lever.unit == "year" ? String(Int(saturating: value)) : t.number(value, decimals: lever.decimals)
    }

    func run() throws {
        let session = try TwinSession(twin)
        // Short units keep the table within 80 columns; the full ones follow with the labels.
        var rows = [
            [
                t("cli.levers.lever"), t("cli.compare.unit"), t("cli.levers.range"), t("cli.levers.step"),
                t("cli.levers.baseline"), t("cli.levers.ambitious"),
            ]
        ]
        for lever in session.catalog.levers {
            let range =
                lever.choices.map { $0.map { Self.number($0, lever) }.joined(separator: " / ") }
                ?? "\(Self.number(lever.minimum, lever))–\(Self.number(lever.maximum, lever))"
            rows.append([
                lever.id, t.shortUnit(lever.unit), range, Self.number(lever.step, lever),
                Self.number(lever.baseline, lever),
                t(lever.ambitious == .increasing ? "cli.levers.higher" : "cli.levers.lower"),
            ])
        }
        Console.print(TextTable.render(rows, isLeftAligned: { [0, 1, 5].contains($0) }))
        Console.print("")
        for lever in session.catalog.levers {
            Console.print("  \(lever.id): \(t.pick(fr: lever.labelFR, en: lever.labelEN)) (\(t.unit(lever.unit)))")
        }
    }
}
