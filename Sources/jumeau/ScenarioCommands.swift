import ArgumentParser
import Foundation
import JumeauRender
import JumeauModel
import JumeauSimulation

struct Scenarios: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.scenarios.abstract"))
    }

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

    @Flag(help: ArgumentHelp(t("help.json")))
    var json = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let session = try TwinSession(twin)
        let saved = try failing { try session.store.scenarios() }
        let formatter = ISO8601DateFormatter()
        if json {
            let list = try saved.map { scenario -> [String: String] in
                let settings = try LeverSettings(json: scenario.leversJSON, catalog: session.catalog)
                return ["name": scenario.name, "levers": settings.summary(catalog: session.catalog), "notes": scenario.notes,
                        "author": scenario.author, "created_at": formatter.string(from: scenario.createdAt),
                        "updated_at": formatter.string(from: scenario.updatedAt)]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.print(String(decoding: try encoder.encode(list), as: UTF8.self))
            return
        }
        guard !saved.isEmpty else {
            Console.print(t("cli.scenarios.none", ["path": session.path]))
            return
        }
        let day = DateFormatter()
        day.dateFormat = t("date.day")
        var rows = [[t("cli.scenarios.name"), t("cli.scenarios.updated"), t("cli.scenarios.author"), t("cli.scenarios.levers")]]
        for scenario in saved {
            let levers = (try? LeverSettings(json: scenario.leversJSON, catalog: session.catalog).summary(catalog: session.catalog)) ?? "?"
            rows.append([Sanitize.text(scenario.name), day.string(from: scenario.updatedAt),
                         Sanitize.text(scenario.author), levers])
        }
        Console.print(TextTable.render(rows, leftAligned: 4))
        for scenario in saved where !scenario.notes.isEmpty {
            Console.print("\n" + t("cli.scenarios.notes", ["name": Sanitize.text(scenario.name), "notes": Sanitize.text(scenario.notes)]))
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

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard (2...3).contains(arguments.count) else { throw ValidationError(t("cli.compare.two")) }
        for item in (years ?? "").split(separator: ",") where Int(item.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError(t("cli.compare.years"))
        }
    }

    func run() throws {
        let twin = arguments.count == 3 ? arguments[0] : nil
        let (a, b) = (arguments[arguments.count - 2], arguments[arguments.count - 1])
        let session = try TwinSession(twin)
        let left = try session.territorySeries(try session.settings(scenario: a), scenario: a)
        let right = try session.territorySeries(try session.settings(scenario: b), scenario: b)
        let chosenYears = years.map { $0.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }
            ?? Self.defaultYears.filter { left.years.contains($0) }
        for year in chosenYears where !left.years.contains(year) {
            throw CommandFailure(message: t("cli.compare.year_outside", ["year": String(year), "first": String(left.years.first!), "last": String(left.years.last!)]), status: 2)
        }
        let shown = try parseIndicators(indicators) ?? Indicator.allCases
        Console.print(t("cli.compare.header", ["territory": Sanitize.text(session.metadata.name), "a": Sanitize.text(a), "b": Sanitize.text(b)]))
        var rows = [[t("cli.compare.indicator"), t("cli.compare.unit"), t("cli.compare.year"), "A", "B", "B − A"]]
        for indicator in shown {
            for (k, year) in chosenYears.enumerated() {
                let i = year - left.years[0]
                let va = left.values[indicator.id]![i], vb = right.values[indicator.id]![i]
                let delta = vb - va
                let sign = delta > 0 && t.number(delta) != "0" ? "+" : ""
                rows.append([k == 0 ? indicator.id : "", k == 0 ? t.shortUnit(indicator.definition.unit) : "", String(year),
                             t.number(va), t.number(vb), sign + t.number(delta)])
            }
        }
        Console.print(TextTable.render(rows, leftAligned: 2))
    }
}

struct Levers: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.levers.abstract"))
    }

    @Argument(help: ArgumentHelp(t("help.twin")))
    var twin: String?

    @OptionGroup var language: LanguageOption

    /// A lever's value at the lever's precision in the command's language (0,05 in
    /// French); a year as a year (2031, never 2,031).
    static func number(_ value: Double, _ lever: LeverDefinition) -> String {
        lever.unit == "year" ? String(Int(saturating: value)) : t.number(value, decimals: lever.decimals)
    }

    func run() throws {
        let session = try TwinSession(twin)
        // Short units keep the table within 80 columns; the full ones follow with the labels.
        var rows = [[t("cli.levers.lever"), t("cli.compare.unit"), t("cli.levers.range"), t("cli.levers.step"),
                     t("cli.levers.baseline"), t("cli.levers.ambitious")]]
        for lever in session.catalog.levers {
            let range = lever.choices.map { $0.map { Self.number($0, lever) }.joined(separator: " / ") }
                ?? "\(Self.number(lever.minimum, lever))–\(Self.number(lever.maximum, lever))"
            rows.append([lever.id, t.shortUnit(lever.unit), range, Self.number(lever.step, lever),
                         Self.number(lever.baseline, lever),
                         t(lever.ambitious == .increasing ? "cli.levers.higher" : "cli.levers.lower")])
        }
        Console.print(TextTable.render(rows, isLeftAligned: { [0, 1, 5].contains($0) }))
        Console.print("")
        for lever in session.catalog.levers {
            Console.print("  \(lever.id): \(t.pick(fr: lever.labelFR, en: lever.labelEN)) (\(t.unit(lever.unit)))")
        }
    }
}
