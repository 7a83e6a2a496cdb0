import JumeauModel

/// Which way an indicator is "better".
public enum BetterDirection: String, Sendable, Codable {
    case higher, lower, neutral
}

public struct IndicatorDefinition: Sendable, Equatable {
    public var id: String
    public var labelFR: String
    public var labelEN: String
    public var unit: String
    public var better: BetterDirection

    /// A column header of at most 11 characters, for tables that must fit 80 columns.
    public func shortLabel(_ t: Localizer = .english) -> String { t("indicator.short." + id) }

    /// The label in a language.
    public func label(_ t: Localizer) -> String { t.pick(fr: labelFR, en: labelEN) }
}

/// Every indicator the engine computes, per zone and for the territory, each year.
public enum Indicator: Int, CaseIterable, Sendable {
    case population
    case households
    case dwellings
    case newDwellings
    case unmetHousingNeed
    case nafConsumption
    case nafConsumedSince2021
    case zanBudgetUsed
    case artificialized
    case agricultural
    case natural
    case forest
    case water
    case renaturated
    case renewableProduction
    case energyConsumption
    case energySelfSufficiency
    case coastalLandLost
    case coastalDwellingsLost
    case coastalRelocations
    case heatIsland
    case heatExposedPopulation
    case waterDemand
    case waterStress
    case waterDeficitYears
    case forestAtRisk
    case forestSink
    case heatwaveDays
    case waterResource

    public var definition: IndicatorDefinition { Self.definitions[rawValue] }
    public var id: String { definition.id }

    public static func named(_ id: String) -> Indicator? { allCases.first { $0.id == id } }

    /// Indicators whose territory value is the population-weighted mean of its zones'.
    public static let populationWeighted: Set<Indicator> = [.heatIsland, .heatwaveDays, .waterDeficitYears]
    /// Indicators whose territory value is a ratio of its zones' sums.
    public static let ratios: Set<Indicator> = [.zanBudgetUsed, .energySelfSufficiency, .waterStress]
    /// Whether the territory's value is the sum of its zones'.
    public var isAdditive: Bool { !Self.populationWeighted.contains(self) && !Self.ratios.contains(self) }

    /// The indicator that carries a twin's attribute on from the reference year (the same
    /// measure, simulated): lists of what to show name it once, as the indicator.
    public static func continuing(_ attribute: String) -> Indicator? {
        attribute == StandardAttribute.nafSince2021Ha.id ? .nafConsumedSince2021 : named(attribute)
    }

    static let definitions: [IndicatorDefinition] = [
        IndicatorDefinition(id: "population", labelFR: "Population", labelEN: "Population", unit: "inhabitants", better: .neutral),
        IndicatorDefinition(id: "households", labelFR: "Ménages", labelEN: "Households", unit: "households", better: .neutral),
        IndicatorDefinition(id: "dwellings", labelFR: "Logements", labelEN: "Dwellings", unit: "dwellings", better: .neutral),
        IndicatorDefinition(id: "new_dwellings", labelFR: "Logements construits dans l'année", labelEN: "Dwellings built that year",
                            unit: "dwellings/yr", better: .neutral),
        IndicatorDefinition(id: "unmet_housing_need", labelFR: "Besoin en logements non satisfait", labelEN: "Unmet housing need",
                            unit: "dwellings", better: .lower),
        IndicatorDefinition(id: "naf_consumption_ha", labelFR: "Consommation d'ENAF de l'année", labelEN: "ENAF land consumed that year",
                            unit: "ha/yr", better: .lower),
        IndicatorDefinition(id: "naf_consumed_since_2021_ha", labelFR: "ENAF consommés depuis 2021", labelEN: "ENAF land consumed since 2021",
                            unit: "ha", better: .lower),
        IndicatorDefinition(id: "zan_budget_used_pct", labelFR: "Enveloppe ZAN 2021–2050 consommée", labelEN: "ZAN 2021–2050 envelope used",
                            unit: "%", better: .lower),
        IndicatorDefinition(id: "artificialized_ha", labelFR: "Surfaces artificialisées", labelEN: "Artificialised land",
                            unit: "ha", better: .lower),
        IndicatorDefinition(id: "agricultural_ha", labelFR: "Surfaces agricoles", labelEN: "Agricultural land",
                            unit: "ha", better: .higher),
        IndicatorDefinition(id: "natural_ha", labelFR: "Espaces naturels", labelEN: "Natural land", unit: "ha", better: .higher),
        IndicatorDefinition(id: "forest_ha", labelFR: "Forêts", labelEN: "Forest", unit: "ha", better: .higher),
        IndicatorDefinition(id: "water_ha", labelFR: "Surfaces en eau (dont terres gagnées par la mer)", labelEN: "Water (including land taken by the sea)",
                            unit: "ha", better: .neutral),
        IndicatorDefinition(id: "renaturated_ha", labelFR: "Surfaces renaturées depuis le départ", labelEN: "Land renaturated since the start",
                            unit: "ha", better: .higher),
        IndicatorDefinition(id: "renewable_production_gwh", labelFR: "Production renouvelable", labelEN: "Renewable production",
                            unit: "GWh/yr", better: .higher),
        IndicatorDefinition(id: "energy_consumption_gwh", labelFR: "Consommation d'électricité", labelEN: "Electricity consumption",
                            unit: "GWh/yr", better: .lower),
        IndicatorDefinition(id: "energy_self_sufficiency_pct", labelFR: "Autonomie énergétique", labelEN: "Energy self-sufficiency",
                            unit: "%", better: .higher),
        IndicatorDefinition(id: "coastal_land_lost_ha", labelFR: "Terres perdues par le recul du trait de côte", labelEN: "Land lost to shoreline retreat",
                            unit: "ha", better: .lower),
        IndicatorDefinition(id: "coastal_dwellings_lost", labelFR: "Logements perdus face à la mer", labelEN: "Dwellings lost to the sea",
                            unit: "dwellings", better: .lower),
        IndicatorDefinition(id: "coastal_relocations", labelFR: "Logements relocalisés par anticipation", labelEN: "Dwellings relocated ahead of the sea",
                            unit: "dwellings", better: .neutral),
        IndicatorDefinition(id: "heat_island_c", labelFR: "Îlot de chaleur urbain moyen", labelEN: "Mean urban heat island",
                            unit: "°C", better: .lower),
        // The heat island as felt over the summer, heatwave days counted (docs/model.md, "Heat").
        IndicatorDefinition(id: "heat_exposed_population",
                            labelFR: "Population exposée à un îlot de chaleur ≥ 1 °C en été",
                            labelEN: "Population in a summer heat island ≥ 1 °C", unit: "inhabitants",
                            better: .lower),
        IndicatorDefinition(id: "water_demand_hm3", labelFR: "Eau consommée (non restituée)",
                            labelEN: "Water consumed (not returned)", unit: "hm³/yr", better: .lower),
        IndicatorDefinition(id: "water_stress_pct",
                            labelFR: "Stress hydrique (consommation / eau renouvelée sur place)",
                            labelEN: "Water stress (consumption over local renewable water)", unit: "%",
                            better: .lower),
        IndicatorDefinition(id: "water_deficit_years",
                            labelFR: "Années où la consommation atteint 40 % de l'eau renouvelée sur place",
                            labelEN: "Years consuming ≥ 40 % of local renewable water", unit: "years",
                            better: .lower),
        IndicatorDefinition(id: "forest_at_risk_ha", labelFR: "Forêt à fort risque de dépérissement",
                            labelEN: "Forest at high risk of dieback", unit: "ha", better: .lower),
        IndicatorDefinition(id: "forest_sink_ktco2", labelFR: "Puits de carbone forestier",
                            labelEN: "Forest carbon sink", unit: "ktCO2/yr", better: .higher),
        IndicatorDefinition(id: "heatwave_days", labelFR: "Jours de vague de chaleur (France)",
                            labelEN: "Heatwave days (France)", unit: "days/yr", better: .lower),
        IndicatorDefinition(id: "water_resource_hm3", labelFR: "Eau renouvelée sur place (pluie efficace)",
                            labelEN: "Local renewable water (effective rain)", unit: "hm³/yr", better: .higher),
    ]
}
