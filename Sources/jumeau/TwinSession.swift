import Foundation
import JumeauModel
import JumeauSimulation
import JumeauStore

/// A twin opened for simulation: its store, base state and simulator.
struct TwinSession {
    /// The twin as messages name it: its file, or its server and schema.
    let path: String
    let location: TwinLocation
    let store: any TwinStorage
    let metadata: TerritoryMetadata
    /// The zones the command works on, read once for the simulation and the map: every
    /// zone of the twin, or those of the selection.
    let table: ZoneTable
    /// What `--epci`, `--dep`, `--reg` or `--codes` chose; nil for the whole twin.
    let selection: ResolvedSelection?
    let simulator: Simulator

    /// - Parameters:
    ///   - geometry: what the command needs of the zones' shapes (the map: outlines).
    ///   - access: `.read` leaves the file untouched; `.write` upgrades an older schema first
    ///     (and says so on standard error).
    ///   - use: what the command does with the twin, declared to other Jumeau processes.
    ///   - selection: the zones to keep, before the simulation is built (it sees no other).
    init(
        _ argument: String?, geometry: ZoneTable.GeometryForm = .envelopeOnly, access: TwinAccess = .read,
        use: TwinUse? = nil, selection: TerritorySelection? = nil
    ) throws {
        try self.init(
            TwinLocation.parse(argument), twin: argument, geometry: geometry, access: access, use: use,
            selection: selection)
    }

    /// - Parameters:
    ///   - twin: the TWIN argument as typed, for the commands messages suggest.
    ///   - reconnecting: a lost server connection is opened again (the explorer).
    init(
        _ location: TwinLocation, twin argument: String?, geometry: ZoneTable.GeometryForm = .envelopeOnly,
        access: TwinAccess = .read, use: TwinUse? = nil, selection: TerritorySelection? = nil,
        reconnecting: Bool = false
    ) throws {
        let path = location.description
        let store = try location.open(
            access: access, use: use ?? (access == .read ? .reading : .writing), reconnecting: reconnecting)
        let metadata = try failing { try store.metadata() }
        var table = try failing { try store.zoneTable(geometry: geometry) }
        var resolved: ResolvedSelection?
        if let selection {
            let units = try failing { try store.levelUnits() }
            let found = try selection.resolve(in: table, units: units, path: path, twin: argument)
            table = table.subset(found.indices)
            // Zones imported without population are left out of the simulation: a selection
            // of those alone has nothing to simulate, and says so rather than "no zones".
            if table.noData.count == table.count && !table.noData.contains(false) {
                throw CommandFailure(message: t("cli.select.no_data", ["selection": found.title,
                                                                       "count": String(table.count)]))
            }
            resolved = found
        }
        let base = try failing { try BaseState(table: table, referenceYear: metadata.referenceYear) }
        self.table = table
        self.path = path
        self.location = location
        self.store = store
        self.metadata = metadata
        self.selection = resolved
        simulator = Simulator(base: base)
    }

    /// What titles call the zones: the selection ("Bordeaux Métropole (EPCI 243300316)"),
    /// the twin's territory otherwise.
    var title: String { selection?.title ?? metadata.name }

    var catalog: LeverCatalog { simulator.catalog }

    /// A scenario's levers: "baseline" is built in; others come from the twin.
    func settings(scenario name: String) throws -> LeverSettings {
        if name.caseInsensitiveCompare("baseline") == .orderedSame { return LeverSettings() }
        guard let saved = try failing({ try store.scenario(named: name) }) else {
            let names = (try? store.scenarios().map(\.name)) ?? []
            throw CommandFailure(
                message: t(
                    "cli.no_scenario_in",
                    ["name": name, "path": path, "scenarios": (["baseline"] + names).joined(separator: ", ")]),
                status: 2)
        }
        do {
            let (settings, notes) = try LeverSettings.reading(json: saved.leversJSON, catalog: catalog)
            for note in notes { Console.note(t("cli.scenario_adjusted", ["name": name, "note": note.text(t)])) }
            return settings
        } catch {
            throw CommandFailure(
                message: t("cli.scenario_broken", ["name": name, "path": path, "cause": describe(error)]))
        }
    }

    /// A lever setting from the command line: a saved scenario, then a scenario code,
    /// then LEVER=VALUE assignments, each overriding the one before.
    func settings(scenario: String?, code: String?, assignments: [String]) throws -> LeverSettings {
        var settings = try scenario.map { try self.settings(scenario: $0) } ?? LeverSettings()
        if let code {
            let decoded: LeverSettings
            do { decoded = try ScenarioCode.decode(code, catalog: catalog) } catch {
                throw CommandFailure(message: "--levers: " + describe(error), status: 2)
            }
            for (id, schedule) in decoded.schedules { try? settings.set(id, schedule, catalog: catalog) }
            for (territory, levers) in decoded.territories {
                for (id, schedule) in levers { try? settings.set(id, schedule, for: territory, catalog: catalog) }
            }
        }
        for assignment in assignments {
            let notes: [Message]
            do { notes = try settings.apply(assignment, catalog: catalog) } catch {
                throw CommandFailure(message: describe(error), status: 2)
            }
            for note in notes { Console.note(note.text(t)) }
        }
        try checkTerritories(of: settings)
        return settings
    }

    /// Refuses levers set for a territory the twin does not hold: they would change nothing.
    func checkTerritories(of settings: LeverSettings) throws {
        for territory in settings.territories.keys.sorted()
        where !table.codes(of: territory.level).contains(territory.code) {
            let known = Set(table.codes(of: territory.level)).filter { !$0.isEmpty }.sorted().prefix(8)
            throw CommandFailure(
                message: t("cli.set.unknown_territory", [
                    "territory": territory.description, "path": path,
                    "examples": known.isEmpty
                        ? t("cli.set.no_level")
                        : known.map { "\(territory.level.rawValue):\($0)" }.joined(separator: ", "),
                ]), status: 2)
        }
    }

    /// Territory results of a lever setting: read back from the twin when a saved
    /// run has the same inputs, computed otherwise.
    func territorySeries(
        _ settings: LeverSettings, scenario: String?
    ) throws -> (years: [Int], values: [String: [Double]], saved: Bool) {
        // A saved run is read back only when it covers exactly the years a run gives now,
        // every indicator included (anything else was edited, or saved by another model).
        // A saved run covers the whole twin: never read back for a selection (its inputs
        // hash differs anyway, the base state being another).
        let years = simulator.years
        if selection == nil, let scenario, let run = try failing({ try store.latestRun(scenario: scenario) }),
            run.inputsHash == simulator.inputsHash(settings), run.years == years,
            Indicator.allCases.allSatisfy({
                run.territory[$0.id].map { $0.count == years.count && $0.allSatisfy(\.isFinite) } ?? false
            })
        {
            return (run.years, run.territory, true)
        }
        let result = simulator.run(settings, recording: [])
        var values: [String: [Double]] = [:]
        for indicator in Indicator.allCases { values[indicator.id] = Array(result.territory(indicator)) }
        return (result.years, values, false)
    }
}

/// Parses an indicator list ("a,b,c"), naming the unknown one.
func parseIndicators(_ list: String?) throws -> [Indicator]? {
    guard let list else { return nil }
    guard list.contains(where: { $0 != "," && $0 != " " }) else {
        throw CommandFailure(
            message: t(
                "cli.unknown_indicator",
                ["id": list, "indicators": Indicator.allCases.map(\.id).joined(separator: ", ")]),
            status: 2)
    }
    return try list.split(separator: ",").map { item in
        let id = item.trimmingCharacters(in: .whitespaces)
        guard let indicator = Indicator.named(id) else {
            throw CommandFailure(
                message: t(
                    "cli.unknown_indicator",
                    ["id": id, "indicators": Indicator.allCases.map(\.id).joined(separator: ", ")]), status: 2)
        }
        return indicator
    }
}
