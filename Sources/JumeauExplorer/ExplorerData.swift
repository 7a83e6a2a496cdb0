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
    /// Frames (mainland, overseas) and levels (région, département, EPCI); nil for a twin
    /// of one territory without them. Setting it makes the extent the mainland's.
    public var geography: Geography? {
        didSet {
            if let mainland = geography?.frameExtents[0], !mainland.isEmpty { extent = mainland }
        }
    }
    /// Every place `g` goes to, with its name and code folded once (35,000 communes a keystroke).
    public var places = PlaceIndex()

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
        .coastalDwellingsLost, .heatExposedPopulation, .population, .dwellings,
    ]

    /// The three headline sliders (always shown), then the others ("more levers").
    static let headlineLevers = 3
}
