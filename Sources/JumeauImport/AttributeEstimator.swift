import Foundation
import JumeauModel

/// The standard attributes of one zone, by position: nil is "no value".
public struct StandardValues: Sendable {
    private var storage = [Double?](repeating: nil, count: StandardAttribute.allCases.count)
    public init() {}
    public subscript(attribute: StandardAttribute) -> Double? {
        get { storage[attribute.ordinal] }
        set { storage[attribute.ordinal] = newValue }
    }
}

/// What the estimator knows about a zone besides its attribute values.
public struct ZoneFacts: Sendable {
    public var code: String
    /// Area from the geometry, ha.
    public var areaHa: Double
    /// Latitude of the zone's centroid, degrees (drives the PV yield).
    public var latitude: Double
    /// Coastline from the boundaries of a whole country (Coastline.swift), km; nil: unknown.
    public var coastlineKm: Double?
    public init(code: String, areaHa: Double, latitude: Double) {
        self.code = code; self.areaHa = areaHa; self.latitude = latitude
    }
}

/// Fills in the attributes no open file provides, by a documented, deterministic
/// method calibrated on public national figures (docs/data.md gives every formula
/// and its source). The same method serves the sample territories and any import.
public enum AttributeEstimator {
    /// Persons per household in France, 2021 (INSEE).
    static let nationalHouseholdSize = 2.16
    /// Vacant dwellings, share of all dwellings (INSEE, 2023: 3.1 M of 37.8 M).
    static let vacancyShare = 0.082
    /// Second homes, share of all dwellings: national (INSEE 2023, ≈ 9.8 %), and
    /// the higher shares of coastal and mountain communes.
    static let secondHomeShare = (national: 0.098, coastal: 0.35, mountain: 0.20)
    /// Jobs per inhabitant in France (≈ 28 M jobs for 68 M inhabitants, INSEE).
    static let jobsPerInhabitant = 0.41
    /// Density (inhabitants per ha) at which half a commune is artificialised: the share is
    /// `d / (d + 13.2)`, which gives France's communes together the 3.55 Mha the former
    /// per-inhabitant rule gave, but a dense city 80 % rather than 57 % (docs/data.md).
    static let halfArtificialisedDensity = 13.23
    /// Density at which half of what is not artificialised is urban green rather than
    /// fields and woods (docs/data.md).
    static let halfUrbanDensity = 5.0
    /// ENAF consumed per inhabitant and year, m²: `c(P) = 4.185 × (P / 14,300)^−0.054`, times
    /// the commune's ENAF share over 90 % (at most 1: land is only consumed where some is
    /// left), fitted on Cerema's nine real rows (log RMSE 0.18) under France's 20,000 ha/yr.
    static let consumptionFit = (perInhabitantM2: 4.185, referencePopulation: 14_300.0, exponent: -0.054)
    /// The ENAF share of a commune above which consumption is not held back by land left.
    static let openLandShare = 0.9
    /// National ENAF consumption 2021–2023 relative to the 2011–2020 yearly average (Cerema).
    static let recentConsumptionRatio = 0.87
    /// Housing's share of ENAF consumption (Cerema: 63–67 %).
    static let housingShareOfConsumption = 65.0

    /// Shares of the non-artificialised land among agricultural, forest, natural and
    /// water land, by département: rounded orders of magnitude read from Corine Land
    /// Cover maps, to be replaced by OCS GE where it is published.
    static let landProfiles: [String: (agricultural: Double, forest: Double, natural: Double, water: Double)] = [
        "17": (0.75, 0.08, 0.12, 0.05),
        "29": (0.70, 0.14, 0.13, 0.03),
        "33": (0.30, 0.55, 0.08, 0.07),
        "50": (0.82, 0.05, 0.10, 0.03),
        "74": (0.35, 0.40, 0.20, 0.05),
        "85": (0.80, 0.07, 0.09, 0.04),
    ]
    static let nationalLandProfile = (agricultural: 0.58, forest: 0.32, natural: 0.08, water: 0.02)
    static let mountainDepartments: Set<String> = ["04", "05", "06", "09", "2A", "2B", "38", "64", "65", "66", "73", "74"]

    static func department(of code: String) -> String { String(code.prefix(2)) }

    public static func householdSize(population: Double) -> Double {
        min(2.6, max(1.7, nationalHouseholdSize * pow(max(population, 1) / 10_000, -0.03)))
    }

    /// PV yield, kWh per kWp per year, falling from 1,300 at 43° N to 850 in the north
    /// (PVGIS / RTE ranges).
    public static func pvYield(latitude: Double) -> Double {
        min(1_350, max(850, 1_300 - (latitude - 43.0) * 80))
    }

    /// Estimates every standard attribute missing from `values` (by id). Returns the
    /// completed values and the ids that were estimated. Population must be present.
    public static func complete(_ values: [String: Double], facts: ZoneFacts, referenceYear: Int)
        -> (values: [String: Double], estimated: Set<String>)
    {
        var standard = StandardValues()
        for attribute in StandardAttribute.allCases { standard[attribute] = values[attribute.id] }
        let estimated = complete(&standard, facts: facts, referenceYear: referenceYear)
        var out = values
        for attribute in StandardAttribute.allCases { out[attribute.id] = standard[attribute] }
        return (out, Set(estimated.map(\.id)))
    }

    /// The same on a fixed array of standard values: no hashing, for national imports.
    public static func complete(_ v: inout StandardValues, facts: ZoneFacts, referenceYear: Int) -> [StandardAttribute] {
        var estimated: [StandardAttribute] = []
        func fill(_ attribute: StandardAttribute, _ compute: () -> Double) {
            if v[attribute] == nil {
                v[attribute] = max(0, compute())
                estimated.append(attribute)
            }
        }
        let population = max(0, v[.population] ?? 0)
        let area = max(facts.areaHa, 0.0001)
        let density = population / area
        let dep = department(of: facts.code)
        let mountain = mountainDepartments.contains(dep)

        // Coast: from the country's boundaries when the import holds it whole; otherwise no
        // open file gives it and the zone is taken as inland.
        fill(.coastlineKm) { facts.coastlineKm ?? 0 }
        let coastal = (v[.coastlineKm] ?? 0) > 0
        fill(.erosionMPerYear) { coastal ? coastalErosion : 0 }

        // Housing.
        fill(.households) { population / householdSize(population: population) }
        let secondShare = coastal ? secondHomeShare.coastal : (mountain ? secondHomeShare.mountain : secondHomeShare.national)
        let households = v[.households]!
        fill(.dwellings) { households / (1 - vacancyShare - secondShare) }
        let dwellings = v[.dwellings]!
        fill(.vacantDwellings) { dwellings * vacancyShare }
        fill(.secondHomes) { dwellings * secondShare }
        fill(.jobs) { population * jobsPerInhabitant * min(2.0, max(0.5, pow(max(population, 1) / 10_000, 0.12))) }

        // Land cover: artificialised land from population density, the rest by profile.
        completeLandCover(&v, &estimated, population: population, area: area, density: density, department: dep)

        // Land consumption: less where little natural, farm or forest land is left.
        let open = ((v[.agriculturalHa] ?? 0) + (v[.naturalHa] ?? 0) + (v[.forestHa] ?? 0)) / area
        let yearly = population * consumptionFit.perInhabitantM2
            * pow(max(population, 1) / consumptionFit.referencePopulation, consumptionFit.exponent)
            * min(1, open / openLandShare) / 10_000
        fill(.naf2011To2020Ha) { yearly * 10 }
        let decade = v[.naf2011To2020Ha]!
        fill(.nafSince2021Ha) { decade / 10 * recentConsumptionRatio * Double(max(0, referenceYear - 2021)) }
        fill(.nafHousingSharePct) { housingShareOfConsumption }

        // Energy.
        let artificial = v[.artificializedHa]!
        let agricultural = v[.agriculturalHa]!
        let natural = v[.naturalHa]!
        fill(.pvYieldKWhPerKWp) { pvYield(latitude: facts.latitude) }
        // Roofs ≈ 20 % of artificialised land, 30 % of roof usable, 0.2 kWp/m² → 0.12 MWp/ha.
        fill(.rooftopPVPotentialMWp) { artificial * 0.12 }
        // 0.5 % of farmland and natural land suitable, at 1.5 ha per MWp (ADEME: 1–2 ha/MWp):
        // ≈ 115 GWp over France, the order of RTE's most solar 2050 scenario for ground PV.
        fill(.groundPVPotentialMWp) { (agricultural + natural) * 0.005 / 1.5 }
        // 2 % of artificialised land (car parks, brownfields), same density.
        fill(.groundPVArtificialPotentialMWp) { artificial * 0.02 / 1.5 }
        // 5 % of farmland eligible, turbines ≈ 300 m apart (≈ 0.3 MW/ha); none in dense
        // towns, less in mountains.
        fill(.windPotentialMW) { agricultural * 0.05 * 0.3 * max(0, 1 - density / 5) * (mountain ? 0.3 : 1) }
        let rooftop = v[.rooftopPVPotentialMWp]!
        let ground = v[.groundPVPotentialMWp]!
        // ≈ 20 GWp of PV in France at the end of 2023 (SDES): 0.29 kWp per inhabitant.
        fill(.installedPVMWp) { min(population * 0.000_29, rooftop + ground) }
        // Wind farms are concentrated (north and east): without a per-commune source,
        // none is assumed rather than spreading national capacity everywhere.
        fill(.installedWindMW) { 0 }
        return estimated
    }

    /// Makes the five land-cover classes sum exactly to the area: estimated classes
    /// share what observed ones leave; observed classes that overflow are scaled down.
    static func completeLandCover(_ v: inout StandardValues, _ estimated: inout [StandardAttribute],
                                  population: Double, area: Double, density: Double, department: String) {
        let classes = StandardAttribute.landCover
        let profile = landProfiles[department] ?? nationalLandProfile
        // What a dense commune has left unbuilt is parks and gardens (natural), not fields and woods.
        let urban = density / (density + halfUrbanDensity)
        func weight(_ c: StandardAttribute) -> Double {
            switch c {
            case .agriculturalHa: return profile.agricultural * (1 - urban)
            case .forestHa: return profile.forest * (1 - urban)
            case .naturalHa: return profile.natural + urban * (profile.agricultural + profile.forest)
            case .waterHa: return profile.water
            default: return 0
            }
        }
        if v[.artificializedHa] == nil {
            let share = density / (density + halfArtificialisedDensity)
            v[.artificializedHa] = area * min(0.9, max(0.02, share))
            estimated.append(.artificializedHa)
        }
        let missing = classes.filter { v[$0] == nil }
        let given = classes.filter { v[$0] != nil }
        var givenSum = given.reduce(0) { $0 + max(0, v[$1]!) }
        if givenSum > area || missing.isEmpty {
            // Scale the given classes to the area so the balance holds exactly.
            let factor = givenSum > 0 ? area / givenSum : 0
            for c in given { v[c] = max(0, v[c]!) * factor }
            givenSum = area
        }
        let remainder = max(0, area - givenSum)
        let weightSum = missing.reduce(0) { $0 + weight($1) }
        for c in missing {
            let share = weightSum > 0 ? weight(c) / weightSum : 1 / Double(missing.count)
            v[c] = remainder * share
            estimated.append(c)
        }
        // Absorb floating-point residue in the largest class.
        let total = classes.reduce(0) { $0 + v[$1]! }
        if let largest = classes.max(by: { v[$0]! < v[$1]! }) {
            v[largest] = v[largest]! + area - total
        }
    }

    /// Shoreline retreat of a coastal commune without data, m/yr: 19 % of France's coast
    /// retreats (Cerema), at speeds of 0.1 to 8 m/yr; 0.5 m/yr on that fifth, spread over
    /// the whole coast, is 0.1 m/yr.
    static let coastalErosion = 0.1

    /// Provenance of an estimated standard attribute (docs/data.md has the details).
    /// - Parameter coastFromBoundaries: coastlines were measured on a whole country's boundaries.
    public static func definition(_ attribute: StandardAttribute, coastFromBoundaries: Bool = false)
        -> AttributeDefinition
    {
        let method: String
        switch attribute {
        case .population: method = "required input"
        case .households: method = "population / persons per household; 2.16 (INSEE 2021) × (population / 10,000)^−0.03, within 1.7–2.6"
        case .dwellings: method = "households / (1 − vacancy 8.2 % − second homes 9.8 %, 35 % on the coast, 20 % in mountains) (INSEE)"
        case .vacantDwellings: method = "8.2 % of dwellings (INSEE 2023)"
        case .secondHomes: method = "9.8 % of dwellings (INSEE 2023); 35 % in coastal zones, 20 % in mountain départements"
        case .jobs: method = "0.41 jobs per inhabitant (INSEE) × (population / 10,000)^0.12, within ×0.5–×2"
        case .areaHa: method = "planar area of the geometry in Lambert-93 (GEOS)"
        case .artificializedHa:
            method = "area × d / (d + 13.2), d the density in inhabitants per ha, within 2–90 % of the area"
        case .agriculturalHa, .forestHa, .naturalHa, .waterHa:
            method = "non-artificialised land split by the département's land profile (rounded, Corine Land Cover), "
                + "fields and woods turning to urban green with density (half at 5 inh/ha); classes sum to the area"
        case .naf2011To2020Ha:
            method = "10 × population × 4.185 m² × (population / 14,300)^−0.054 × min(1, ENAF share / 90 %), "
                + "fitted on Cerema's commune rows under France's 20,000 ha/yr"
        case .nafSince2021Ha: method = "yearly 2011–2020 pace × 0.87 (national 2021–2023 slowdown, Cerema) × years since 2021"
        case .nafHousingSharePct: method = "65 % (Cerema, national: 63–67 %)"
        case .rooftopPVPotentialMWp: method = "0.12 MWp per ha artificialised (20 % roofs, 30 % usable, 0.2 kWp/m²)"
        case .groundPVPotentialMWp: method = "0.5 % of agricultural and natural land at 1.5 ha/MWp (ADEME: 1–2 ha/MWp)"
        case .groundPVArtificialPotentialMWp: method = "2 % of artificialised land at 1.5 ha/MWp"
        case .windPotentialMW: method = "5 % of agricultural land at 0.3 MW/ha (turbines ≈ 300 m apart), none above 5 inh/ha, ×0.3 in mountains"
        case .pvYieldKWhPerKWp: method = "1,300 − 80 × (latitude − 43°), within 850–1,350 (PVGIS, RTE)"
        case .installedPVMWp: method = "0.29 kWp per inhabitant (≈ 20 GWp in France end 2023, SDES)"
        case .installedWindMW: method = "no per-commune source here: none assumed (supply installed_wind_mw in an attributes CSV)"
        case .coastlineKm where coastFromBoundaries:
            method = "boundary shared with no other commune of the country, land borders left out (docs/data.md)"
        case .erosionMPerYear:
            method = "0.1 m/yr where coastline_km > 0 (19 % of the coast retreats, Cerema; 0.5 m/yr there), 0 inland"
        case .coastlineKm: method = "no coastal data supplied: taken as inland (0)"
        }
        let geometry = attribute == .areaHa
        return AttributeDefinition(id: attribute.id, labelFR: attribute.labelFR, labelEN: attribute.labelEN,
                                   unit: attribute.unit,
                                   source: (geometry ? StandardProvenance.zoneGeometry : .jumeauEstimate).text(),
                                   licence: (geometry ? StandardProvenance.asTheGeometry : .derivedLicence).text(),
                                   year: nil,
                                   status: geometry ? .computed : .estimated, method: method)
    }
}
