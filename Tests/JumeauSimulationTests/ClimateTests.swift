import Foundation
import JumeauModel
import XCTest

@testable import JumeauSimulation

/// The climate of the real-data issue (§5, docs/model.md "Climate"): the warming trajectory,
/// its calibration on public figures, and the properties a workshop relies on in every zone
/// and year, whatever the other levers.
final class ClimateTests: XCTestCase {
    let parameters = ModelParameters()

    func testTheWarmingTrajectoryFollowsTraccAndMeetsTheLeverIn2050() {
        XCTAssertEqual(Climate.tracc(2030), 2.0, accuracy: 1e-12)
        XCTAssertEqual(Climate.tracc(2050), 2.7, accuracy: 1e-12)
        XCTAssertEqual(Climate.tracc(2100), 4.0, accuracy: 1e-12)
        // From the +1.7 °C observed around 2020, its pace to 2030 carried back before.
        XCTAssertEqual(Climate.tracc(2020), 1.7, accuracy: 1e-12)
        XCTAssertEqual(Climate.tracc(2015), 1.55, accuracy: 1e-9)
        for setting in stride(from: 2.0, through: 4.0, by: 0.1) {
            XCTAssertEqual(Climate.warming(2024, by2050: setting, referenceYear: 2024), Climate.tracc(2024))
            XCTAssertEqual(Climate.warming(2050, by2050: setting, referenceYear: 2024), setting, accuracy: 1e-12)
            for year in 2025...2050 {
                XCTAssertLessThanOrEqual(
                    Climate.warming(year, by2050: setting, referenceYear: 2024),
                    Climate.warming(year, by2050: setting + 0.1, referenceYear: 2024))
            }
        }
    }

    /// The defaults reproduce the public figures they are drawn from.
    func testTheForestIsCalibratedOnTheNationalInventory() {
        let p = parameters
        func risk(_ year: Int) -> Double { Climate.diebackRisk(warming: Climate.tracc(year), p) }
        // The area at risk doubles between the inventory periods 2005–2013 and 2014–2022 as
        // mortality did (7.4 → 15.2 Mm³/yr, IGN 2024).
        XCTAssertEqual(risk(2018) / risk(2009), 15.2 / 7.4, accuracy: 0.01)
        let forest = 17.5e6, atRisk = forest * p.droughtSensitiveForestShare * risk(2018)
        // Mortality of 15.2 Mm³/yr at 1.4 tCO₂ per m³, and the sink of 39 MtCO₂/yr.
        XCTAssertEqual(atRisk * p.diebackLossPerHectareTCO2 / 1.4, 15.2e6, accuracy: 0.3e6)
        let sink = forest * p.forestSinkPerHectareTCO2 - atRisk * p.diebackLossPerHectareTCO2
        XCTAssertEqual(sink, 39e6, accuracy: 1e6)
    }

    /// France as one zone consumes the 88 % of the 4 billion m³ that is not power-plant cooling,
    /// about 2 % of its renewable resource.
    func testWaterIsCalibratedOnTheNationalUses() throws {
        let (table, _) = try Samples.table("ile-de-re")
        var columns: [String: [Double]] = [:]
        for (id, values) in table.columns { columns[id] = [values[0]] }
        let france: [String: Double] = [
            "population": 68e6, "jobs": 28e6, "area_ha": 54.9e6, "agricultural_ha": 26.7e6,
            "forest_ha": 17.5e6, "natural_ha": 3e6, "artificialized_ha": 5.2e6, "water_ha": 0.5e6,
        ]
        for (id, value) in france { columns[id] = [value] }
        columns["population_trend_pct_yr"] = nil
        let one = ZoneTable(codes: ["FR"], names: ["France"], columns: columns)
        let simulator = Simulator(base: try BaseState(table: one, referenceYear: 2024))
        let result = simulator.run()
        let use = try XCTUnwrap(result.territory(.waterDemand, year: 2024))
        XCTAssertEqual(use, 0.88 * 4_000, accuracy: 0.03 * 4_000)
        let stress = try XCTUnwrap(result.territory(.waterStress, year: 2024))
        XCTAssertEqual(stress, use / (54.9e6 * parameters.renewableWaterPerHectareM3 * 1e-6) * 100, accuracy: 1e-9)
        XCTAssertEqual(stress, 2, accuracy: 0.1)
        // The Plan eau's mark: a 10 % cut reached in 2030, held after.
        var plan = LeverSettings()
        try plan.set(LeverID.waterSobriety, LeverSchedule(10), catalog: simulator.catalog)
        let cut = simulator.run(plan)
        for year in [2030, 2040, 2050] {
            let before = try XCTUnwrap(result.territory(.waterDemand, year: year))
            XCTAssertEqual(try XCTUnwrap(cut.territory(.waterDemand, year: year)), before * 0.9, accuracy: 1e-6)
        }
        XCTAssertEqual(cut.territory(.waterDemand, year: 2024), use)
    }

    /// Runs of every sample with random other levers, at each value of one climate lever.
    func runs(
        varying id: String, _ values: [Double], seeds: ClosedRange<UInt64> = 1...3,
        _ check: (_ sample: String, _ values: (Double, Double), _ a: SimulationResult, _ b: SimulationResult)
            throws -> Void
    ) throws {
        for sample in Samples.ids {
            let simulator = Simulator(base: try Samples.base(sample))
            for seed in seeds {
                var rng = SeededGenerator(state: seed)
                var settings = try simulator.catalog.randomSettings(&rng)
                var previous: (Double, SimulationResult)?
                for value in values {
                    try settings.set(id, LeverSchedule(value), catalog: simulator.catalog)
                    let result = simulator.run(settings)
                    if let previous { try check(sample, (previous.0, value), previous.1, result) }
                    previous = (value, result)
                }
            }
        }
    }

    /// `b` is never below `a` (`higher`) or above it (`!higher`), in any zone or year.
    func assertOrdered(
        _ indicator: Indicator, _ a: SimulationResult, _ b: SimulationResult, higher: Bool, _ context: String
    ) {
        for year in a.years {
            guard let first = a.zones(indicator, year: year), let second = b.zones(indicator, year: year) else {
                return XCTFail("\(indicator.id) not recorded")
            }
            for zone in first.indices {
                let tolerance = 1e-9 * max(1, abs(first[zone]))
                if higher {
                    XCTAssertGreaterThanOrEqual(
                        second[zone], first[zone] - tolerance, "\(indicator.id) \(context) \(year) zone \(zone)")
                } else {
                    XCTAssertLessThanOrEqual(
                        second[zone], first[zone] + tolerance, "\(indicator.id) \(context) \(year) zone \(zone)")
                }
            }
            let tolerance = 1e-9 * max(1, abs(a.territory(indicator, year: year) ?? 0))
            let (x, y) = (a.territory(indicator, year: year) ?? .nan, b.territory(indicator, year: year) ?? .nan)
            XCTAssertTrue(higher ? y >= x - tolerance : y <= x + tolerance, "\(indicator.id) \(context) \(year)")
        }
    }

    /// The resource falls by 11 % per °C beyond the reference year's warming, and the sink is
    /// the healthy forest's minus what the hectares at risk lose, in every zone and year.
    func testTheResourceAndTheSinkFollowTheirEquations() throws {
        for sample in Samples.ids {
            let simulator = Simulator(base: try Samples.base(sample))
            var settings = LeverSettings()
            try settings.set(LeverID.warming, LeverSchedule(3.2), catalog: simulator.catalog)
            let result = simulator.run(settings)
            let first = try XCTUnwrap(result.years.first)
            let start = try XCTUnwrap(result.zones(.waterResource, year: first))
            var someAtRisk = false
            for year in result.years {
                let warming = Climate.warming(year, by2050: 3.2, referenceYear: first)
                let factor = 1 - parameters.waterResourceLossPerDegree * (warming - Climate.tracc(first))
                let resource = try XCTUnwrap(result.zones(.waterResource, year: year))
                let forest = try XCTUnwrap(result.zones(.forest, year: year))
                let atRisk = try XCTUnwrap(result.zones(.forestAtRisk, year: year))
                let sink = try XCTUnwrap(result.zones(.forestSink, year: year))
                for zone in resource.indices {
                    XCTAssertEqual(resource[zone], start[zone] * factor, accuracy: 1e-9 * max(1, start[zone]))
                    let expected =
                        (forest[zone] * parameters.forestSinkPerHectareTCO2
                            - atRisk[zone] * parameters.diebackLossPerHectareTCO2) / 1000
                    XCTAssertEqual(sink[zone], expected, accuracy: 1e-9 * max(1, abs(expected)), "\(sample) \(year)")
                    someAtRisk = someAtRisk || atRisk[zone] > 0
                }
            }
            XCTAssertTrue(someAtRisk, sample)
            // 3.2 °C in 2050 against TRACC's 2.7: less water, more forest at risk, strictly.
            let trend = simulator.run()
            XCTAssertLessThan(
                try XCTUnwrap(result.territory(.waterResource, year: 2050)),
                try XCTUnwrap(trend.territory(.waterResource, year: 2050)), sample)
            XCTAssertGreaterThan(
                try XCTUnwrap(result.territory(.forestAtRisk, year: 2050)),
                try XCTUnwrap(trend.territory(.forestAtRisk, year: 2050)), sample)
        }
    }

    func testMoreWarmingNeverLowersRiskOrStress() throws {
        let values = Array(stride(from: 2.0, through: 4.0, by: 0.1)).map { ($0 * 10).rounded() / 10 }
        try runs(varying: LeverID.warming, values, seeds: 1...2) { sample, pair, a, b in
            let context = "\(sample) warming \(pair.0)→\(pair.1)"
            for indicator in [
                Indicator.waterStress, .waterDeficitYears, .forestAtRisk, .heatwaveDays, .heatExposedPopulation,
            ] {
                assertOrdered(indicator, a, b, higher: true, context)
            }
            assertOrdered(.forestSink, a, b, higher: false, context)
            // Warming changes the climate, not what is built or consumed.
            XCTAssertEqual(a.zones(.waterDemand, year: 2050), b.zones(.waterDemand, year: 2050), context)
        }
    }

    func testMoreWaterSobrietyNeverRaisesDemand() throws {
        try runs(varying: LeverID.waterSobriety, Array(stride(from: 0.0, through: 40, by: 5))) { sample, pair, a, b in
            let context = "\(sample) water_sobriety \(pair.0)→\(pair.1)"
            for indicator in [Indicator.waterDemand, .waterStress, .waterDeficitYears] {
                assertOrdered(indicator, a, b, higher: false, context)
            }
            // Strictly less from the first simulated year wherever something is consumed.
            let year = a.years[1]
            let (x, y) = (a.territory(.waterDemand, year: year) ?? .nan, b.territory(.waterDemand, year: year) ?? .nan)
            XCTAssertLessThan(y, x, context)
        }
    }

    func testMoreAdaptationNeverRaisesForestAtRisk() throws {
        try runs(varying: LeverID.forestAdaptation, [0, 0.05, 0.15, 0.5, 1, 2]) { sample, pair, a, b in
            let context = "\(sample) forest_adaptation \(pair.0)→\(pair.1)"
            assertOrdered(.forestAtRisk, a, b, higher: false, context)
            assertOrdered(.forestSink, a, b, higher: true, context)
        }
    }

    /// Converting 1 %/yr of the forest (the billion-tree plan) takes every sensitive stand out
    /// of risk in the 20 years the 20 % of sensitive stands last, a point a year.
    func testTheBillionTreePlanLeavesNoStandAtRisk() throws {
        let simulator = Simulator(base: try Samples.base("medoc-atlantique"))
        var settings = LeverSettings()
        try settings.set(LeverID.forestAdaptation, LeverSchedule(1), catalog: simulator.catalog)
        let adapted = simulator.run(settings), baseline = simulator.run()
        let first = try XCTUnwrap(adapted.years.first)
        for years in [0, 1, 10, 19] {
            let year = first + years
            let warming = Climate.warming(year, by2050: 2.7, referenceYear: first)
            let sensitive = parameters.droughtSensitiveForestShare - 0.01 * Double(years)
            let forest = try XCTUnwrap(adapted.zones(.forest, year: year))
            let atRisk = try XCTUnwrap(adapted.zones(.forestAtRisk, year: year))
            for zone in forest.indices {
                XCTAssertEqual(
                    atRisk[zone], forest[zone] * sensitive * Climate.diebackRisk(warming: warming, parameters),
                    accuracy: 1e-9 * max(1, atRisk[zone]), "\(year) zone \(zone)")
            }
            XCTAssertGreaterThan(try XCTUnwrap(adapted.territory(.forestAtRisk, year: year)), 0)
        }
        XCTAssertEqual(adapted.territory(.forestAtRisk, year: first + 20), 0)
        XCTAssertGreaterThan(try XCTUnwrap(baseline.territory(.forestAtRisk, year: 2050)), 0)
        // Its sink is then the whole forest's at the healthy rate.
        let forest = try XCTUnwrap(adapted.territory(.forest, year: 2050))
        XCTAssertEqual(
            try XCTUnwrap(adapted.territory(.forestSink, year: 2050)),
            forest * parameters.forestSinkPerHectareTCO2 / 1000, accuracy: 1e-6)
    }

    /// A zone's year counts in deficit when its stress reaches the EEA's 40 %; the territory's
    /// count is the years an inhabitant lived so, on average; heatwave days follow the warming.
    func testDeficitYearsAndHeatwaveDaysFollowTheirDefinitions() throws {
        var stressedSomewhere = false
        for sample in Samples.ids {
            let simulator = Simulator(base: try Samples.base(sample))
            var settings = LeverSettings()
            try settings.set(LeverID.warming, LeverSchedule(3.5), catalog: simulator.catalog)
            let result = simulator.run(settings)
            var zoneCounts = [Double](repeating: 0, count: result.zoneCount)
            for year in result.years {
                let zones = try XCTUnwrap(result.zones(.waterStress, year: year))
                let deficits = try XCTUnwrap(result.zones(.waterDeficitYears, year: year))
                let people = try XCTUnwrap(result.zones(.population, year: year))
                for zone in zones.indices {
                    // The zone counts with a product rather than the ratio: allow a rounding at the threshold.
                    if abs(zones[zone] - parameters.waterDeficitStressPct) > 1e-9 {
                        zoneCounts[zone] += zones[zone] >= parameters.waterDeficitStressPct ? 1 : 0
                    } else {
                        zoneCounts[zone] = deficits[zone]
                    }
                    XCTAssertEqual(deficits[zone], zoneCounts[zone], "\(sample) \(year) zone \(zone)")
                }
                stressedSomewhere = stressedSomewhere || zoneCounts.contains { $0 > 0 }
                let lived = zip(people, zoneCounts).reduce(0) { $0 + $1.0 * $1.1 } / people.reduce(0, +)
                XCTAssertEqual(
                    try XCTUnwrap(result.territory(.waterDeficitYears, year: year)), lived,
                    accuracy: 1e-9 * max(1, lived))
                let warming = Climate.warming(year, by2050: 3.5, referenceYear: result.years[0])
                XCTAssertEqual(
                    try XCTUnwrap(result.territory(.heatwaveDays, year: year)),
                    Climate.heatwaveDays(warming: warming, parameters), accuracy: 1e-9)
            }
        }
        XCTAssertTrue(stressedSomewhere, "some dense commune reaches severe stress at +3.5 °C")
    }
}
