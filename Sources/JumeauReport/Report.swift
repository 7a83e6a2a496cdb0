import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Everything a workshop report says, computed beforehand: the writers only format.
public struct ReportContent: Sendable {
    public struct Scenario: Sendable {
        public var name: String
        public var code: String
        public var notes: String
        public var settings: LeverSettings
        public var result: SimulationResult
        public init(name: String, code: String, notes: String, settings: LeverSettings, result: SimulationResult) {
            self.name = name; self.code = code; self.notes = notes; self.settings = settings; self.result = result
        }
    }
    public var territory: String
    public var zoneCount: Int
    public var areaHa: Double
    public var referenceYear: Int
    public var attribution: String
    public var catalog: LeverCatalog
    public var baseline: SimulationResult
    public var scenarios: [Scenario]
    /// The map: zone outlines (Lambert-93) and the first scenario's values of `mapIndicator` in 2050.
    public var outlines: [MultiPolygonCoordinates]
    public var names: [String]
    public var mapIndicator: Indicator
    public var attributes: [AttributeDefinition]
    public var generatedAt: Date
    /// The milestone, 2040 and 2050, those the runs reach (a twin's reference year may be later).
    public var years: [Int] { [2031, 2040, 2050].filter { $0 > referenceYear || $0 == 2050 } }
    public var indicators: [Indicator] = [.population, .dwellings, .unmetHousingNeed, .nafConsumption, .nafConsumedSince2021,
                                          .zanBudgetUsed, .artificialized, .renewableProduction, .energySelfSufficiency,
                                          .coastalDwellingsLost, .heatExposedPopulation, .waterStress,
                                          .forestAtRisk, .forestSink, .heatwaveDays]
    public var chartIndicators: [Indicator] = [.nafConsumption, .zanBudgetUsed, .energySelfSufficiency]
    /// The law's ZAN trajectory for this territory: the charts' reference line and the summary's
    /// comparison (nil: neither is shown).
    public var lawTrajectory: ZANTrajectory?
    /// Every zone's population, in zone order: the map names the most populous communes
    /// (empty: the largest by area).
    public var populations: [Double]
    /// Zones on the map's plane (empty: all): overseas zones, in their own projections, are
    /// left off a national map's mainland.
    public var onMap: [Bool] = []

    public init(territory: String, zoneCount: Int, areaHa: Double, referenceYear: Int, attribution: String, catalog: LeverCatalog,
                baseline: SimulationResult, scenarios: [Scenario], outlines: [MultiPolygonCoordinates], names: [String],
                mapIndicator: Indicator, attributes: [AttributeDefinition], generatedAt: Date,
                lawTrajectory: ZANTrajectory? = nil, populations: [Double] = []) {
        self.territory = territory; self.zoneCount = zoneCount; self.areaHa = areaHa; self.referenceYear = referenceYear
        self.attribution = attribution; self.catalog = catalog; self.baseline = baseline; self.scenarios = scenarios
        self.outlines = outlines; self.names = names; self.mapIndicator = mapIndicator; self.attributes = attributes
        self.generatedAt = generatedAt; self.lawTrajectory = lawTrajectory; self.populations = populations
    }
}

/// The lines of a report both formats share.
extension ReportContent {
    func leverRows(_ t: Localizer) -> [(label: String, unit: String, baseline: String, values: [String])] {
        // Years are written as years (2031, not 2,031).
        func text(_ value: Double, _ lever: LeverDefinition) -> String {
            lever.unit == "year" ? String(Int(value)) : t.number(value, decimals: lever.decimals)
        }
        func text(_ schedule: LeverSchedule, _ lever: LeverDefinition) -> String {
            text(schedule.value, lever) + schedule.changes.map { " → \($0.year): \(text($0.value, lever))" }.joined()
        }
        let own = catalog.levers.map { lever in
            (
                label: t.pick(fr: lever.labelFR, en: lever.labelEN), unit: t.unit(lever.unit),
                baseline: text(lever.baseline, lever),
                values: scenarios.map { text($0.settings.schedule(lever.id, catalog: catalog), lever) }
            )
        }
        // Levers territories set for their own communes, a row each ("–": inherited there).
        let territories = Set(scenarios.flatMap { $0.settings.territories.keys }).sorted().flatMap { territory in
            catalog.levers.compactMap { lever -> (label: String, unit: String, baseline: String, values: [String])? in
                let set = scenarios.map { $0.settings.territories[territory]?[lever.id] }
                guard set.contains(where: { $0 != nil }) else { return nil }
                return (
                    label: t.pick(fr: lever.labelFR, en: lever.labelEN) + " · \(territory)", unit: t.unit(lever.unit),
                    baseline: "–", values: set.map { $0.map { text($0, lever) } ?? "–" }
                )
            }
        }
        return own + territories
    }

    /// The value and its difference from Baseline, with whether it is better.
    func cell(_ indicator: Indicator, _ year: Int, _ result: SimulationResult, _ t: Localizer) -> (value: String, delta: String, better: Bool?) {
        guard let value = result.territory(indicator, year: year), let base = baseline.territory(indicator, year: year) else { return ("–", "", nil) }
        let delta = value - base
        guard abs(delta) > max(1e-9, abs(base) * 1e-6) else { return (t.number(value), "=", nil) }
        let sign = delta > 0 ? "+" : "−"
        let better: Bool? = indicator.definition.better == .neutral ? nil : (indicator.definition.better == .higher) == (delta > 0)
        return (t.number(value), sign + t.number(abs(delta)), better)
    }
}

enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in Sanitize.text(text).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
