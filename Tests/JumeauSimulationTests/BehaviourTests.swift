import Foundation
import JumeauSimulation
import XCTest

/// What a workshop expects the sliders to do.
final class BehaviourTests: XCTestCase {
    func settings(_ simulator: Simulator, _ values: [String: Double]) throws -> LeverSettings {
        var settings = LeverSettings()
        for (id, value) in values { try settings.set(id, LeverSchedule(value), catalog: simulator.catalog) }
        return settings
    }

    func testTheLawsHalvingKeepsTheFirstDecadeWithinItsBudget() throws {
        for id in Samples.ids {
            let base = try Samples.base(id)
            let simulator = Simulator(base: base)
            let result = simulator.run(try settings(simulator, [LeverID.zan: 50]))
            // Each commune: half its 2011–2020 consumption, and at least the 1 ha guarantee.
            let budget = base.naf2011To2020.map { max(1, $0 * 0.5) }.reduce(0, +)
            let used = result.territory(.nafConsumedSince2021, year: 2030)!
            let already = base.nafSince2021.reduce(0, +)
            XCTAssertLessThanOrEqual(used, max(budget, already) + 1e-6, id)
            // Net zero in 2050: no consumption left (no renaturation at Baseline).
            XCTAssertEqual(result.territory(.nafConsumption, year: 2050)!, 0, accuracy: 1e-9, id)
            // The trend would have used more.
            XCTAssertGreaterThan(simulator.run().territory(.nafConsumedSince2021, year: 2050)!,
                                 result.territory(.nafConsumedSince2021, year: 2050)!, id)
        }
    }

    func testHousingTheBudgetCannotHostIsReportedAsUnmet() throws {
        let simulator = Simulator(base: try Samples.base("bordeaux-metropole"))
        let strict = simulator.run(try settings(simulator, [LeverID.zan: 100, LeverID.infillShare: 0]))
        XCTAssertGreaterThan(strict.territory(.unmetHousingNeed, year: 2050)!, 100)
        // Even the trend runs out of land in the city centre, but far less.
        XCTAssertLessThan(simulator.run().territory(.unmetHousingNeed, year: 2050)!, strict.territory(.unmetHousingNeed, year: 2050)! / 5)
        // Denser building hosts the same need on less land: less unmet need (at the law's cut:
        // at 100 %, communes that spent their first envelope before the reference year get no
        // land at all, dense or not).
        let law = simulator.run(try settings(simulator, [LeverID.zan: 50, LeverID.infillShare: 0]))
        let denser = simulator.run(
            try settings(simulator, [LeverID.zan: 50, LeverID.infillShare: 0, LeverID.density: 80]))
        let lawUnmet = try XCTUnwrap(law.territory(.unmetHousingNeed, year: 2050))
        XCTAssertGreaterThan(lawUnmet, 0)
        XCTAssertLessThan(try XCTUnwrap(denser.territory(.unmetHousingNeed, year: 2050)), lawUnmet)
    }

    func testAZANBudgetShowsAsExceededAtBaseline() throws {
        // Baseline keeps the trend; the envelope indicator measures it against the law.
        let result = Simulator(base: try Samples.base("grand-annecy")).run()
        XCTAssertGreaterThan(result.territory(.zanBudgetUsed, year: 2050)!, 100)
    }

    func testThe2034MilestoneLetsTheFirstPeriodRunLonger() throws {
        let simulator = Simulator(base: try Samples.base("grand-annecy"))
        let by2031 = simulator.run(try settings(simulator, [LeverID.zan: 50]))
        let by2034 = simulator.run(try settings(simulator, [LeverID.zan: 50, LeverID.zanMilestone: 2034]))
        // A longer first period at the same pace: more land consumed by 2050, still net zero then.
        XCTAssertGreaterThan(by2034.territory(.nafConsumedSince2021, year: 2050)!, by2031.territory(.nafConsumedSince2021, year: 2050)!)
        XCTAssertEqual(by2034.territory(.nafConsumption, year: 2050)!, 0, accuracy: 1e-9)
    }

    func testALeverCanFollowASchedule() throws {
        let simulator = Simulator(base: try Samples.base("bordeaux-metropole"))
        var scheduled = LeverSettings()
        try scheduled.set(LeverID.zan, LeverSchedule(0, changes: [.init(year: 2030, value: 80)]), catalog: simulator.catalog)
        let result = simulator.run(scheduled)
        let trend = simulator.run()
        XCTAssertEqual(result.territory(.nafConsumption, year: 2029)!, trend.territory(.nafConsumption, year: 2029)!, accuracy: 1e-9)
        XCTAssertLessThan(result.territory(.nafConsumption, year: 2031)!, trend.territory(.nafConsumption, year: 2031)! * 0.8)
        XCTAssertThrowsError(try scheduled.set(LeverID.zan, LeverSchedule(0, changes: [.init(year: 2030, value: 180)]),
                                               catalog: simulator.catalog))
    }

    func testTheCoastRetreatsAndTakesDwellingsUnlessTheyAreRelocated() throws {
        let simulator = Simulator(base: try Samples.base("medoc-atlantique"))
        let trend = simulator.run()
        let lost = trend.territory(.coastalDwellingsLost, year: 2050)!
        XCTAssertGreaterThan(lost, 0)
        XCTAssertGreaterThan(trend.territory(.coastalLandLost, year: 2050)!, 10)
        // Faster sea-level rise, more losses.
        let high = simulator.run(try settings(simulator, [LeverID.seaLevelRise: 0.5]))
        XCTAssertGreaterThan(high.territory(.coastalDwellingsLost, year: 2050)!, lost)
        // Managed retreat: relocated ahead, none lost, and their households rehoused.
        let retreat = simulator.run(try settings(simulator, [LeverID.managedRetreat: 100]))
        XCTAssertEqual(retreat.territory(.coastalDwellingsLost, year: 2050)!, 0, accuracy: 1e-9)
        XCTAssertEqual(retreat.territory(.coastalRelocations, year: 2050)!, lost, accuracy: lost * 1e-9)
        XCTAssertEqual(trend.territory(.unmetHousingNeed, year: 2050)!, 0, accuracy: 1e-6)
        // Inland territories lose nothing.
        XCTAssertEqual(Simulator(base: try Samples.base("grand-annecy")).run().territory(.coastalLandLost, year: 2050)!, 0)
    }

    func testRenewablesAtFullPotentialProduceThePotentialsOutput() throws {
        let base = try Samples.base("ile-de-re")
        let simulator = Simulator(base: base)
        let full = simulator.run(try settings(simulator, [LeverID.renewables: 100]))
        var expected = 0.0
        for z in 0..<base.count {
            let pv = max(base.rooftopPotential[z], min(base.installedPV[z], base.rooftopPotential[z]))
                + base.groundArtificialPotential[z] + max(base.groundPotential[z], base.installedPV[z] - min(base.installedPV[z], base.rooftopPotential[z]))
            expected += (pv * base.pvYield[z] + max(base.windPotential[z], base.installedWind[z]) * 2_200) / 1_000
        }
        XCTAssertEqual(full.territory(.renewableProduction, year: 2050)!, expected, accuracy: expected * 1e-9)
        XCTAssertGreaterThan(full.territory(.energySelfSufficiency, year: 2050)!,
                             simulator.run().territory(.energySelfSufficiency, year: 2050)!)
        // Ground PV on artificialised land only: no land taken for PV.
        let onlyArtificial = simulator.run(try settings(simulator, [LeverID.renewables: 100, LeverID.groundPVArtificialOnly: 1]))
        XCTAssertLessThan(onlyArtificial.territory(.nafConsumedSince2021, year: 2050)!, full.territory(.nafConsumedSince2021, year: 2050)!)
    }

    func testSobrietyCutsConsumptionByItsShareIn2050() throws {
        let simulator = Simulator(base: try Samples.base("grand-annecy"))
        let trend = simulator.run(), sober = simulator.run(try settings(simulator, [LeverID.sobriety: 30]))
        XCTAssertEqual(sober.territory(.energyConsumption, year: 2050)!, trend.territory(.energyConsumption, year: 2050)! * 0.7,
                       accuracy: 1e-6)
    }

    func testRenaturationCoolsTheHeatIsland() throws {
        let simulator = Simulator(base: try Samples.base("bordeaux-metropole"))
        let trend = simulator.run(), green = simulator.run(try settings(simulator, [LeverID.renaturation: 0.5]))
        XCTAssertLessThan(green.territory(.heatIsland, year: 2050)!, trend.territory(.heatIsland, year: 2050)!)
        XCTAssertGreaterThan(green.territory(.renaturated, year: 2050)!, 0)
        // The city of Bordeaux lives in a heat island; rural Saint-Vincent-de-Paul does not.
        let codes = simulator.base.codes
        let heat = trend.zones(.heatIsland, year: 2024)!
        XCTAssertGreaterThanOrEqual(heat[heat.startIndex + codes.firstIndex(of: "33063")!], 1.0)
        XCTAssertLessThan(heat[heat.startIndex + codes.firstIndex(of: "33487")!], 1.0)
        XCTAssertGreaterThan(trend.territory(.heatExposedPopulation, year: 2024)!, 260_000)
    }

    func testUnknownLeversAndOutOfRangeValuesAreRefused() throws {
        let simulator = Simulator(base: try Samples.base("ile-de-re"))
        var settings = LeverSettings()
        XCTAssertThrowsError(try settings.set("zanz", LeverSchedule(10), catalog: simulator.catalog)) { error in
            XCTAssertTrue("\(error)".contains("unknown lever 'zanz'"), "\(error)")
        }
        XCTAssertThrowsError(try settings.set(LeverID.density, LeverSchedule(200), catalog: simulator.catalog)) { error in
            XCTAssertEqual("\(error)", "density = 200 is out of range (5–100 dwellings/ha)")
        }
        XCTAssertThrowsError(try settings.set(LeverID.zanMilestone, LeverSchedule(2032), catalog: simulator.catalog))
        try settings.set(LeverID.zan, LeverSchedule(0), catalog: simulator.catalog)
        XCTAssertTrue(settings.isBaseline, "a lever at its Baseline is not a change")
    }

    func testIndicatorsHaveTheIdsTheExplorerAndScriptsUse() {
        let required = ["population", "households", "dwellings", "unmet_housing_need", "naf_consumption_ha",
                        "naf_consumed_since_2021_ha", "zan_budget_used_pct", "artificialized_ha", "renewable_production_gwh",
                        "energy_consumption_gwh", "energy_self_sufficiency_pct", "coastal_dwellings_lost", "heat_island_c"]
        let ids = Indicator.allCases.map(\.id)
        for id in required { XCTAssertTrue(ids.contains(id), id) }
        XCTAssertEqual(Set(ids).count, ids.count)
        for indicator in Indicator.allCases {
            XCTAssertFalse(indicator.definition.labelFR.isEmpty)
            XCTAssertFalse(indicator.definition.labelEN.isEmpty)
            XCTAssertFalse(indicator.definition.unit.isEmpty)
        }
    }
}
