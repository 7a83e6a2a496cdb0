import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// A variable the map can show.
public struct MapVariable: Sendable, Equatable {
    public var id: String
    public var label: String
    public var unit: String
    /// Simulation indicators change with the year and the levers; attributes are the base year's.
    public var varies: Bool
    public init(id: String, label: String, unit: String, varies: Bool) {
        self.id = id; self.label = label; self.unit = unit; self.varies = varies
    }

    var indicator: Indicator? { varies ? Indicator.named(id) : nil }
}

/// The territory as the explorer draws it; fixed for a session.
public struct ExplorerData: Sendable {
    public var title: String
    public var attribution: String
    public var names: [String]
    public var outlines: ZoneRings
    public var envelopes: [Envelope]
    public var extent: Envelope
    public var variables: [MapVariable]
    /// Zone values of the variables that do not vary (the twin's attributes), by id.
    public var attributeValues: [String: [Double]]
    public var referenceYear: Int
    public var lastYear: Int
    /// Rows shown by the inspector: label, unit and every zone's value.
    public var details: [(label: String, unit: String, values: [Double])]
    /// The levers the policy panel offers, in order: the three headline sliders first.
    public var catalog: LeverCatalog
    /// Indicators the panel follows, most important first (the table's indicator columns too).
    public var headline: [Indicator]
    /// Zone codes (INSEE), in zone order; empty when unknown.
    public var codes: [String] = []
    /// The twin's attributes with their provenance (the table's catalogue and the picker).
    public var attributes: [AttributeDefinition] = []
    /// The law's ZAN trajectory for this territory, drawn on the ZAN timelines (nil: the envelope alone).
    public var lawTrajectory: ZANTrajectory?
    /// ENAF consumed each observed year before the projection, ha (the twin's
    /// `naf_consumed_<year>_ha` series from Cerema's file, summed over the zones).
    public var observedConsumption: [(year: Int, hectares: Double)] = []
    /// Frames (mainland, overseas) and levels (région, département, EPCI); nil for a twin
    /// of one territory without them. Setting it makes the extent the mainland's.
    public var geography: Geography? {
        didSet {
            if let mainland = geography?.frameExtents[0], !mainland.isEmpty { extent = mainland }
        }
    }
    /// Every place `g` goes to, with its name and code folded once (35,000 communes a keystroke).
    public var places = PlaceIndex()
    /// The région, département or EPCI `g` went to: the panel edits its own levers (nil:
    /// the scenario's, for the whole twin or a commune).
    public var leverTerritory: LeverTerritory?

    /// Indexes the places `g` offers: call once the names, codes and geography are set.
    public mutating func indexPlaces() { places = PlaceIndex(self) }

    public init(title: String, attribution: String, names: [String], outlines: ZoneRings,
                envelopes: [Envelope], variables: [MapVariable], attributeValues: [String: [Double]] = [:],
                referenceYear: Int, lastYear: Int, details: [(label: String, unit: String, values: [Double])],
                catalog: LeverCatalog, headline: [Indicator] = ExplorerData.defaultHeadline) {
        self.title = title; self.attribution = attribution; self.names = names; self.outlines = outlines
        self.envelopes = envelopes; self.variables = variables; self.attributeValues = attributeValues
        self.referenceYear = referenceYear; self.lastYear = lastYear; self.details = details
        self.catalog = catalog; self.headline = headline
        var extent = Envelope.empty
        for envelope in envelopes { extent.include(envelope) }
        self.extent = extent
    }

    public static let defaultHeadline: [Indicator] = [
        .nafConsumption, .zanBudgetUsed, .unmetHousingNeed, .energySelfSufficiency, .renewableProduction,
        .coastalDwellingsLost, .heatExposedPopulation, .population, .dwellings, .waterStress, .forestAtRisk,
        .heatwaveDays,
    ]

    /// The three headline sliders (always shown), then the others ("more levers").
    static let headlineLevers = 3
}

/// A territory whose levers the panel edits, with the codes of the territories enclosing
/// it (each of its zones runs with the closest one's value: `LeverSettings.effective`).
public struct LeverTerritory: Sendable, Equatable {
    public var territory: TerritoryRef
    public var name: String
    /// Its région, département and EPCI codes, itself included ("" for the levels under it).
    public var region: String
    public var department: String
    public var epci: String
    /// Names of the enclosing territories, for "from Nouvelle-Aquitaine".
    public var names: [TerritoryRef: String]

    /// The territory of a place of the whole twin, when it is a région, département or EPCI.
    public init?(_ place: Place, in whole: ExplorerData) {
        guard case .unit(let level, let index) = place, level != .commune,
            let geography = whole.geography, let groups = geography.levels[level], index < groups.codes.count,
            let first = place.zones(whole).first
        else { return nil }
        territory = TerritoryRef(level, groups.codes[index])
        name = groups.names[index]
        var codes: [TerritoryLevel: String] = [:]
        var names: [TerritoryRef: String] = [:]
        for enclosing in [TerritoryLevel.region, .department, .epci] where enclosing <= level {
            guard let units = geography.levels[enclosing], first < units.groupOfZone.count else { continue }
            let group = Int(units.groupOfZone[first])
            guard group >= 0 else { continue }
            codes[enclosing] = units.codes[group]
            names[TerritoryRef(enclosing, units.codes[group])] = units.names[group]
        }
        region = codes[.region] ?? ""
        department = codes[.department] ?? ""
        epci = codes[.epci] ?? ""
        self.names = names
    }
}
