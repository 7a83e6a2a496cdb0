import JumeauSimulation

// The command line's JSON describes a lever setting the same way everywhere (`run`,
// `scenarios`, `compare`; docs/user-guide.md): `code`, the scenario code or null;
// `levers`, an object of the levers that differ from Baseline, each
// `{"value": 50, "changes": [{"year": 2031, "value": 60}]}`; `levers_text`, the same in
// the form `--set` takes; `territory_levers`, the levers régions, départements and EPCIs
// set for their own zones, by territory ("dep:33": {"zan": {...}}), empty when none.

extension LeverSettings {
    /// The scenario code; nil for a setting that has none (a value off its lever's grid, a
    /// change dated before 2000), which JSON writes null rather than failing the command.
    func code(_ catalog: LeverCatalog) -> String? {
        try? ScenarioCode.encode(self, catalog: catalog)
    }

    var territoryLevers: [String: [String: LeverSchedule]] {
        Dictionary(uniqueKeysWithValues: territories.map { ($0.key.description, $0.value) })
    }
}
