import JumeauModel
import JumeauRender
import JumeauSimulation

extension ExplorerData {
    /// What the explorer shows of a twin, or of a part of it (`g`): indicators first (they
    /// move with the year), then the twin's own attributes, the inspector's rows, the law's
    /// ZAN trajectory, and the frames and levels of a twin spanning several territories.
    public static func of(
        table: ZoneTable, definitions: [AttributeDefinition], metadata: TerritoryMetadata, simulator: Simulator,
        units: [LevelUnit], title: String, _ t: Localizer
    ) -> ExplorerData {
        var variables = Indicator.allCases.map {
            MapVariable(id: $0.id, label: $0.definition.label(t), unit: $0.definition.unit, varies: true)
        }
        for attribute in definitions where Indicator.continuing(attribute.id) == nil {
            variables.append(
                MapVariable(
                    id: attribute.id, label: t.pick(fr: attribute.labelFR, en: attribute.labelEN), unit: attribute.unit,
                    varies: false))
        }
        let shown = [
            "population", "households", "dwellings", "jobs", "area_ha", "artificialized_ha", "naf_2011_2020_ha",
            "coastline_km", "erosion_m_per_yr",
        ]
        let details = shown.compactMap { id -> (label: String, unit: String, values: [Double])? in
            guard let definition = definitions.first(where: { $0.id == id }),
                let values = table.columns[id]
            else { return nil }
            let unit = t.unit(definition.unit)
            return (
                t.pick(fr: definition.labelFR, en: definition.labelEN) + (unit.isEmpty ? "" : " (\(unit))"),
                definition.unit, values
            )
        }
        var data = ExplorerData(
            title: title, attribution: metadata.attribution,
            names: table.names.map { Sanitize.text($0) }, outlines: table.outlines, envelopes: table.envelopes,
            variables: variables, attributeValues: table.columns,
            referenceYear: metadata.referenceYear, lastYear: 2050, details: details,
            catalog: simulator.catalog)
        data.codes = table.codes
        data.attributes = definitions
        data.lawTrajectory = simulator.zanTrajectory()
        data.observedConsumption = observedConsumption(table.columns, before: metadata.referenceYear)
        // Régions, départements, EPCIs and overseas frames: only a twin spanning several has them.
        let geography = Geography(
            envelopes: table.envelopes, srsIDs: table.srsIDs, departments: table.departments,
            levelCodes: [.region: table.regions, .department: table.departments, .epci: table.epcis],
            units: units)
        if geography.hasOverseas || !geography.levels.isEmpty { data.geography = geography }
        return data
    }

    /// The yearly series Cerema's file gave (`naf_consumed_<year>_ha`), summed over the zones,
    /// for the years before the reference year; empty unless every zone has it.
    static func observedConsumption(_ columns: [String: [Double]], before referenceYear: Int)
        -> [(year: Int, hectares: Double)]
    {
        columns.compactMap { id, values -> (year: Int, hectares: Double)? in
            guard id.hasPrefix("naf_consumed_"), id.hasSuffix("_ha"), id.count == 20,
                let year = Int(id.dropFirst(13).prefix(4)), year < referenceYear, values.allSatisfy(\.isFinite)
            else { return nil }
            return (year, values.reduce(0, +))
        }.sorted { $0.year < $1.year }
    }
}
