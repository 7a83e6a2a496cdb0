import ArgumentParser
import Foundation
import JumeauRender
import JumeauModel
import JumeauSimulation

struct Scenarios: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the scenarios saved in a twin.")

    @Argument(help: "Twin file or sample id (default: the default sample territory).")
    var twin: String?

    @Flag(help: "Print machine-readable JSON.")
    var json = false

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
            print(String(decoding: try encoder.encode(list), as: UTF8.self))
            return
        }
        guard !saved.isEmpty else {
            print("No saved scenario in \(session.path). Save one with: jumeau run --set zan=50 --save NAME")
            return
        }
        var rows = [["name", "updated", "author", "levers"]]
        for scenario in saved {
            let levers = (try? LeverSettings(json: scenario.leversJSON, catalog: session.catalog).summary(catalog: session.catalog)) ?? "?"
            rows.append([Sanitize.text(scenario.name), String(formatter.string(from: scenario.updatedAt).prefix(10)),
                         Sanitize.text(scenario.author), levers])
        }
        let widths = (0..<4).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
        for scenario in saved where !scenario.notes.isEmpty {
            print("\n\(Sanitize.text(scenario.name)): \(Sanitize.text(scenario.notes))")
        }
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two scenarios (saved, or 'baseline') side by side, with the differences.")

    @Argument(help: "Twin file or sample id, then the two scenarios: [TWIN] A B.")
    var arguments: [String]

    @Option(name: .long, help: "Years to compare, comma-separated.")
    var years: String = "2031,2040,2050"

    @Option(name: .long, help: "Indicators to compare, comma-separated (default: all).")
    var indicators: String?

    func validate() throws {
        guard (2...3).contains(arguments.count) else { throw ValidationError("give two scenarios: jumeau compare [TWIN] A B") }
        for item in years.split(separator: ",") where Int(item.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError("--years takes years separated by commas, like 2031,2040,2050")
        }
    }

    func run() throws {
        let twin = arguments.count == 3 ? arguments[0] : nil
        let (a, b) = (arguments[arguments.count - 2], arguments[arguments.count - 1])
        let session = try TwinSession(twin)
        let left = try session.territorySeries(try session.settings(scenario: a), scenario: a)
        let right = try session.territorySeries(try session.settings(scenario: b), scenario: b)
        let chosenYears = years.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        for year in chosenYears where !left.years.contains(year) {
            throw CommandFailure(message: "--years: \(year) is outside \(left.years.first!)–\(left.years.last!)", status: 2)
        }
        let shown = try parseIndicators(indicators) ?? Indicator.allCases
        print("\(Sanitize.text(session.metadata.name)): A = \(Sanitize.text(a)), B = \(Sanitize.text(b))")
        var rows = [["indicator", "unit", "year", "A", "B", "B − A"]]
        for indicator in shown {
            for (k, year) in chosenYears.enumerated() {
                let i = year - left.years[0]
                let va = left.values[indicator.id]![i], vb = right.values[indicator.id]![i]
                let delta = vb - va
                let sign = delta > 0 && Format.number(delta) != "0" ? "+" : ""
                rows.append([k == 0 ? indicator.id : "", k == 0 ? Localizer.english.shortUnit(indicator.definition.unit) : "", String(year),
                             Format.number(va), Format.number(vb), sign + Format.number(delta)])
            }
        }
        let widths = (0..<6).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            print(row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c < 2 ? cell + pad : pad + cell
            }.joined(separator: "  "))
        }
    }
}

struct Levers: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the policy levers of a twin with their ranges and Baselines.")

    @Argument(help: "Twin file or sample id (default: the default sample territory).")
    var twin: String?

    func run() throws {
        let session = try TwinSession(twin)
        var rows = [["lever", "unit", "range", "step", "Baseline", "more ambitious"]]
        for lever in session.catalog.levers {
            let range = lever.choices.map { $0.map { Run.plain($0) }.joined(separator: " or ") }
                ?? "\(Run.plain(lever.minimum))–\(Run.plain(lever.maximum))"
            rows.append([lever.id, lever.unit, range, Run.plain(lever.step), Run.plain(lever.baseline),
                         lever.ambitious == .increasing ? "higher" : "lower"])
        }
        print(TextTable.render(rows).split(separator: "\n").map { line in
            line.trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n"))
        print("")
        for lever in session.catalog.levers { print("  \(lever.id): \(lever.labelEN)") }
    }
}
