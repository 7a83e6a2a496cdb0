import ArgumentParser
import Foundation
import JumeauModel
import JumeauSimulation
import JumeauStore

/// A scenario of a local twin brought back into the national one as its territory's levers:
/// `jumeau merge bordeaux.gpkg --into france.gpkg --scenario "PLUi 2035"`.
struct Merge: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: t("help.merge.abstract"), discussion: t("help.merge.discussion"))
    }

    @Argument(help: ArgumentHelp(t("help.merge.local"), valueName: "local.gpkg"))
    var local: String

    @Option(name: .long, help: ArgumentHelp(t("help.merge.into"), valueName: "twin.gpkg"))
    var into: String

    @Option(name: .long, help: ArgumentHelp(t("help.merge.scenario")))
    var scenario: String

    @Option(name: .customLong("as"), help: ArgumentHelp(t("help.merge.as")))
    var target: String?

    @OptionGroup var language: LanguageOption

    func run() throws {
        let part = try TwinSession(local)
        let whole = try TwinSession(into, access: .write, use: .writing)
        guard let saved = try failing({ try part.store.scenario(named: scenario) }) else {
            let names = (try? part.store.scenarios().map(\.name)) ?? []
            throw CommandFailure(
                message: t(
                    "cli.merge.no_scenario",
                    [
                        "name": scenario, "path": part.path, "scenarios": names.joined(separator: ", "),
                    ]), status: 2)
        }
        let territory = try Self.territory(of: part.table.codes, in: whole, local: part.path)
        let (levers, _) = try failing { try LeverSettings.reading(json: saved.leversJSON, catalog: part.catalog) }
        let name = ScenarioName.canonical(target ?? saved.name)
        let previous = try failing { try whole.store.scenario(named: name) }
        var settings = LeverSettings()
        if let previous {
            settings = try failing {
                try LeverSettings.reading(json: previous.leversJSON, catalog: whole.catalog).settings
            }
        }
        // The territory's levers, and those of the territories inside it, are the local scenario's now.
        let inside = Set(part.table.codes)
        /// Whether every commune of a territory of the national twin is in the local one.
        func liesInside(_ other: TerritoryRef) -> Bool {
            let column = whole.table.codes(of: other.level)
            let zones = column.indices.filter { column[$0] == other.code }
            return !zones.isEmpty && zones.allSatisfy { inside.contains(whole.table.codes[$0]) }
        }
        for (old, oldLevers) in settings.territories where liesInside(old) {
            for id in oldLevers.keys { try? settings.set(id, nil, for: old, catalog: whole.catalog) }
        }
        // A territory of the local scenario must lie inside the merged one: a larger one
        // (a département the EPCI straddles) would change communes outside it.
        for sub in levers.territories.keys.sorted() {
            guard liesInside(sub) else {
                throw CommandFailure(
                    message: t(
                        "cli.merge.outside",
                        ["scenario": saved.name, "sub": sub.description, "territory": territory.description]))
            }
        }
        do {
            for (id, schedule) in levers.schedules {
                try settings.set(id, schedule, for: territory, catalog: whole.catalog)
            }
            for (sub, subLevers) in levers.territories {
                for (id, schedule) in subLevers { try settings.set(id, schedule, for: sub, catalog: whole.catalog) }
            }
        } catch {
            throw CommandFailure(message: t("cli.merge.lever", ["scenario": saved.name, "cause": describe(error)]))
        }
        try whole.checkTerritories(of: settings)
        let merged = SavedScenario(
            name: name, leversJSON: settings.canonicalJSON, notes: previous?.notes ?? saved.notes,
            author: previous?.author ?? saved.author, createdAt: previous?.createdAt ?? Date())
        let result = whole.simulator.run(settings)
        try failing { try whole.store.saveScenario(merged, run: whole.simulator.savedRun(result, settings: settings)) }
        Console.note(
            t(
                "cli.merge.done",
                [
                    "scenario": saved.name, "local": part.path, "twin": whole.path, "name": name,
                    "territory": territory.description,
                ]))
    }

    /// The région, département or EPCI of the national twin whose communes are exactly the local twin's.
    static func territory(of codes: [String], in whole: TwinSession, local: String) throws -> TerritoryRef {
        let index = Dictionary(whole.table.codes.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let missing = codes.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw CommandFailure(
                message: t(
                    "cli.merge.unknown_zones",
                    [
                        "local": local, "twin": whole.path, "count": String(missing.count),
                        "codes": missing.prefix(5).joined(separator: ", "),
                    ]))
        }
        let zones = Set(codes.compactMap { index[$0] })
        for level in [TerritoryLevel.epci, .department, .region] {
            let column = whole.table.codes(of: level)
            let found = Set(zones.map { column[$0] })
            guard found.count == 1, let code = found.first, !code.isEmpty else { continue }
            if column.indices.filter({ column[$0] == code }).count == zones.count { return TerritoryRef(level, code) }
        }
        throw CommandFailure(
            message: t(
                "cli.merge.not_a_territory",
                [
                    "local": local, "twin": whole.path, "count": String(codes.count),
                ]))
    }
}
