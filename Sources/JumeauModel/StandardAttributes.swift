import Foundation

/// The attributes the simulation reads, with their units. Their provenance
/// (source, status) is filled in by whoever supplies the values.
public enum StandardAttribute: String, CaseIterable, Sendable {
    case population
    case households
    case dwellings
    case vacantDwellings = "vacant_dwellings"
    case secondHomes = "second_homes"
    case jobs
    case areaHa = "area_ha"
    case artificializedHa = "artificialized_ha"
    case agriculturalHa = "agricultural_ha"
    case naturalHa = "natural_ha"
    case forestHa = "forest_ha"
    case waterHa = "water_ha"
    case naf2011To2020Ha = "naf_2011_2020_ha"
    case nafSince2021Ha = "naf_since_2021_ha"
    case nafHousingSharePct = "naf_housing_share_pct"
    case rooftopPVPotentialMWp = "rooftop_pv_potential_mwp"
    case groundPVPotentialMWp = "ground_pv_potential_mwp"
    case groundPVArtificialPotentialMWp = "ground_pv_artificial_potential_mwp"
    case windPotentialMW = "wind_potential_mw"
    case pvYieldKWhPerKWp = "pv_yield_kwh_per_kwp"
    case installedPVMWp = "installed_pv_mwp"
    case installedWindMW = "installed_wind_mw"
    case coastlineKm = "coastline_km"
    case erosionMPerYear = "erosion_m_per_yr"

    public var id: String { rawValue }

    /// Position in `allCases`: an index for arrays of per-attribute values.
    public var ordinal: Int {
        switch self {
        case .population: return 0
        case .households: return 1
        case .dwellings: return 2
        case .vacantDwellings: return 3
        case .secondHomes: return 4
        case .jobs: return 5
        case .areaHa: return 6
        case .artificializedHa: return 7
        case .agriculturalHa: return 8
        case .naturalHa: return 9
        case .forestHa: return 10
        case .waterHa: return 11
        case .naf2011To2020Ha: return 12
        case .nafSince2021Ha: return 13
        case .nafHousingSharePct: return 14
        case .rooftopPVPotentialMWp: return 15
        case .groundPVPotentialMWp: return 16
        case .groundPVArtificialPotentialMWp: return 17
        case .windPotentialMW: return 18
        case .pvYieldKWhPerKWp: return 19
        case .installedPVMWp: return 20
        case .installedWindMW: return 21
        case .coastlineKm: return 22
        case .erosionMPerYear: return 23
        }
    }


    /// The five land-cover classes, which sum to `area_ha` in every zone.
    public static let landCover: [StandardAttribute] = [
        .artificializedHa, .agriculturalHa, .naturalHa, .forestHa, .waterHa,
    ]

    /// The values a zone can physically hold (docs/data.md): counts of people, dwellings
    /// and jobs below 10⁹, land within 10⁸ ha (a million km²), shares 0–100 %, a PV yield
    /// below 3,000 kWh/kWp/yr, a shoreline moving less than a kilometre a year. A value
    /// outside is refused at import and when a twin is read for a simulation.
    public var validRange: ClosedRange<Double> {
        switch self {
        case .population, .households, .dwellings, .vacantDwellings, .secondHomes, .jobs: return 0...1e9
        case .areaHa, .artificializedHa, .agriculturalHa, .naturalHa, .forestHa, .waterHa,
             .naf2011To2020Ha, .nafSince2021Ha: return 0...1e8
        case .nafHousingSharePct: return 0...100
        case .rooftopPVPotentialMWp, .groundPVPotentialMWp, .groundPVArtificialPotentialMWp, .windPotentialMW,
             .installedPVMWp, .installedWindMW: return 0...1e7
        case .pvYieldKWhPerKWp: return 0...3000
        case .coastlineKm: return 0...1e5
        case .erosionMPerYear: return -1000...1000
        }
    }

    /// Whether a zone's value is one it can hold (finite, within `validRange`; an area is positive).
    public func accepts(_ value: Double) -> Bool {
        value.isFinite && validRange.contains(value) && (self != .areaHa || value > 0)
    }

    /// Whether the zones' values add up to a figure for the territory: counts, areas,
    /// capacities and lengths do; a share, a yield or a rate does not (ten communes at
    /// 65 % are not at 650 %), and its mean over the zones is shown instead (`jumeau info`).
    public var aggregation: AttributeAggregation {
        switch self {
        case .population, .households, .dwellings, .vacantDwellings, .secondHomes, .jobs,
             .areaHa, .artificializedHa, .agriculturalHa, .naturalHa, .forestHa, .waterHa,
             .naf2011To2020Ha, .nafSince2021Ha,
             .rooftopPVPotentialMWp, .groundPVPotentialMWp, .groundPVArtificialPotentialMWp, .windPotentialMW,
             .installedPVMWp, .installedWindMW, .coastlineKm: return .sum
        case .nafHousingSharePct, .pvYieldKWhPerKWp, .erosionMPerYear: return .mean
        }
    }

    public var labelFR: String { Self.labels[self]!.fr }
    public var labelEN: String { Self.labels[self]!.en }
    public var unit: String { Self.labels[self]!.unit }

    private static let labels: [StandardAttribute: (fr: String, en: String, unit: String)] = [
        .population: ("Population municipale", "Municipal population", "inhabitants"),
        .households: ("Ménages", "Households", "households"),
        .dwellings: ("Logements", "Dwellings", "dwellings"),
        .vacantDwellings: ("Logements vacants", "Vacant dwellings", "dwellings"),
        .secondHomes: ("Résidences secondaires", "Second homes", "dwellings"),
        .jobs: ("Emplois", "Jobs", "jobs"),
        .areaHa: ("Superficie", "Area", "ha"),
        .artificializedHa: ("Surfaces artificialisées", "Artificialised land", "ha"),
        .agriculturalHa: ("Surfaces agricoles", "Agricultural land", "ha"),
        .naturalHa: ("Espaces naturels", "Natural land", "ha"),
        .forestHa: ("Forêts", "Forest", "ha"),
        .waterHa: ("Surfaces en eau", "Water", "ha"),
        .naf2011To2020Ha: ("Consommation d'ENAF 2011–2020", "ENAF land consumed 2011–2020", "ha"),
        .nafSince2021Ha: ("Consommation d'ENAF depuis 2021", "ENAF land consumed since 2021", "ha"),
        .nafHousingSharePct: ("Part de l'habitat dans la consommation d'ENAF", "Housing share of ENAF consumption", "%"),
        .rooftopPVPotentialMWp: ("Potentiel photovoltaïque en toiture", "Rooftop PV potential", "MWp"),
        .groundPVPotentialMWp: ("Potentiel photovoltaïque au sol", "Ground-mounted PV potential", "MWp"),
        .groundPVArtificialPotentialMWp: ("Potentiel PV au sol sur terrains artificialisés", "Ground PV potential on artificialised land", "MWp"),
        .windPotentialMW: ("Potentiel éolien terrestre", "Onshore wind potential", "MW"),
        .pvYieldKWhPerKWp: ("Productible photovoltaïque", "PV yield", "kWh/kWp/yr"),
        .installedPVMWp: ("Photovoltaïque installé", "Installed PV", "MWp"),
        .installedWindMW: ("Éolien installé", "Installed wind", "MW"),
        .coastlineKm: ("Linéaire côtier", "Coastline length", "km"),
        .erosionMPerYear: ("Recul du trait de côte", "Shoreline retreat rate", "m/yr"),
    ]
}

/// How the zones' values of an attribute make one figure for the whole territory.
public enum AttributeAggregation: String, Sendable, CaseIterable {
    /// Quantities that add up across zones: the territory's figure is their sum.
    case sum
    /// Values that do not add up (shares, yields, rates, densities, temperatures): the
    /// territory's figure is their mean over the zones that have one, unweighted.
    case mean

    /// The rule for any attribute: a standard attribute knows its own; another one is
    /// judged by its unit (`unit(_:)`), the only thing a twin says about it.
    public static func of(id: String, unit: String) -> AttributeAggregation {
        StandardAttribute(rawValue: id)?.aggregation ?? Self.unit(unit)
    }

    /// The rule from a unit, for attributes imported beyond the standard ones
    /// (docs/data.md): a share (`%`, `‰`), an angle or a temperature (`°`, `°C`) and a
    /// ratio (`dwellings/ha`, `€/inhabitant`, `kWh/kWp/yr`, a speed such as `m/yr`) give the
    /// mean; counts, areas, lengths, capacities, amounts, no unit at all, and yearly flows
    /// of a quantity (`GWh/yr`, `ha/yr`, `dwellings/yr`) give the sum.
    public static func unit(_ unit: String) -> AttributeAggregation {
        let text = unit.lowercased().trimmingCharacters(in: .whitespaces)
        if text.contains("%") || text.contains("‰") || text.hasPrefix("°") || degrees.contains(text) { return .mean }
        let parts = text.replacingOccurrences(of: " per ", with: "/").replacingOccurrences(of: " par ", with: "/")
            .split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1 else { return .sum }
        // A quantity per unit of time adds up (the yearly output of two communes is their
        // sum), unless that quantity is a distance: then it is a speed.
        let flow = parts.dropFirst().allSatisfy { timeUnits.contains($0) } && !lengthUnits.contains(parts[0])
        return flow ? .sum : .mean
    }

    private static let degrees: Set<String> = ["deg", "degree", "degrees", "degré", "degrés", "rad", "radian",
                                               "radians"]
    private static let timeUnits: Set<String> = [
        "yr", "year", "years", "y", "a", "an", "ans", "année", "années", "month", "months", "mois", "week", "weeks",
        "semaine", "semaines", "day", "days", "d", "j", "jour", "jours", "h", "hour", "hours", "heure", "heures", "s",
    ]
    private static let lengthUnits: Set<String> = ["m", "km", "cm", "mm"]
}
