import Foundation
import JumeauImport
import JumeauModel
import JumeauStore
import XCTest

@testable import JumeauSimulation

/// The model fixes of the real-data issue (docs/model.md): no jump at the ZAN milestone,
/// heat exposure that never moves a whole town for a small change.
final class ModelFixTests: XCTestCase {
    func settings(_ simulator: Simulator, _ assignments: [String]) throws -> LeverSettings {
        var settings = LeverSettings()
        for assignment in assignments { try settings.apply(assignment, catalog: simulator.catalog) }
        return settings
    }

    /// The first year after the milestone never allows more than the last year before: no
    /// commune, and so no territory, consumes more in the milestone year than the year before.
    func testNoJumpInConsumptionAtTheMilestone() throws {
        for id in Samples.ids {
            let simulator = Simulator(base: try Samples.base(id))
            for cut in [30, 50, 70, 90] {
                for milestone in [2031, 2034] {
                    let levers = ["zan=\(cut)", "zan_milestone=\(milestone)"]
                    let result = simulator.run(try settings(simulator, levers))
                    guard let before = result.zones(.nafConsumption, year: milestone - 1),
                        let after = result.zones(.nafConsumption, year: milestone)
                    else { return XCTFail("\(id): no consumption recorded") }
                    // A commune below its allowance consumes what its growing need asks (under 2 % more
                    // a year); a jump, as the new period's fresh envelope gave (+31 %), is more.
                    for zone in before.indices {
                        XCTAssertLessThanOrEqual(
                            after[zone], before[zone] * 1.02 + 1e-9, "\(id) \(levers) zone \(zone)")
                    }
                    // Then down to net zero, never up by more than the need's growth.
                    for year in milestone..<2050 {
                        let this = result.territory(.nafConsumption, year: year) ?? .nan
                        let next = result.territory(.nafConsumption, year: year + 1) ?? .nan
                        XCTAssertLessThanOrEqual(next, this * 1.02 + 1e-9, "\(id) \(levers) \(year + 1)")
                    }
                    XCTAssertEqual(result.territory(.nafConsumption, year: 2050) ?? .nan, 0, accuracy: 1e-9)
                }
            }
        }
    }

    /// Exposure is a share of the population rising linearly from 0.5 °C to 1.5 °C of heat
    /// island as felt over the summer: a small change of artificialised land moves a small
    /// number of people.
    func testHeatExposureIsContinuous() throws {
        let parameters = ModelParameters()
        let start = parameters.heatExposureThresholdC - parameters.heatExposureBandC / 2
        for id in Samples.ids {
            let simulator = Simulator(base: try Samples.base(id))
            let runs = try ["renaturation=0", "renaturation=0.01", "renaturation=0.02"].map {
                simulator.run(try settings(simulator, [$0]))
            }
            for result in runs {
                for year in result.years {
                    guard let heat = result.zones(.heatIsland, year: year),
                        let exposed = result.zones(.heatExposedPopulation, year: year),
                        let people = result.zones(.population, year: year)
                    else { return XCTFail("\(id): not recorded") }
                    let felt = Climate.heatIslandFelt(heatwaveDays: result.territory(.heatwaveDays, year: year) ?? .nan,
                                                      parameters)
                    for zone in heat.indices {
                        let share = min(1, max(0, (heat[zone] * felt - start) / parameters.heatExposureBandC))
                        XCTAssertEqual(exposed[zone], people[zone] * share, accuracy: 1e-6 * max(1, people[zone]))
                    }
                }
            }
            // A 0.01 %/yr renaturation step moves exposure by at most what its heat change allows.
            for (a, b) in zip(runs, runs.dropFirst()) {
                for year in a.years {
                    guard let heatA = a.zones(.heatIsland, year: year), let heatB = b.zones(.heatIsland, year: year),
                        let people = a.zones(.population, year: year)
                    else { return XCTFail("\(id): not recorded") }
                    let felt = Climate.heatIslandFelt(heatwaveDays: a.territory(.heatwaveDays, year: year) ?? .nan,
                                                      parameters)
                    let bound = heatA.indices.reduce(0) {
                        $0 + people[$1] * abs(heatA[$1] - heatB[$1]) * felt / parameters.heatExposureBandC
                    }
                    let moved = abs(
                        (a.territory(.heatExposedPopulation, year: year) ?? .nan)
                            - (b.territory(.heatExposedPopulation, year: year) ?? .nan))
                    XCTAssertLessThanOrEqual(moved, bound + 1e-6, "\(id) \(year)")
                }
            }
        }
    }
}

/// Each territory's own trend (issue "numbers a mayor recognises", §2): the Baseline grows
/// every commune at its observed 2017–2023 pace, and `population_growth` moves them together.
final class OwnTrendTests: XCTestCase {
    func firstYearGrowth(_ result: SimulationResult) -> Double {
        let years = result.years
        guard years.count > 1, let start = result.territory(.population, year: years[0]),
            let next = result.territory(.population, year: years[1])
        else { return .nan }
        return (next / start - 1) * 100
    }

    func testBordeauxMetropoleGrowsAtItsObservedPace() throws {
        // 791,958 inhabitants in 2017, 854,334 in 2023: +1.27 %/yr (the sample carries both vintages).
        let simulator = Simulator(base: try Samples.base("bordeaux-metropole"))
        XCTAssertEqual(firstYearGrowth(simulator.run()), 1.27, accuracy: 0.05)
        XCTAssertEqual(simulator.catalog.lever(LeverID.populationGrowth)?.baseline ?? .nan, 1.29, accuracy: 1e-9)
        // The Médoc's coast grows faster (+1.60 %/yr), the Île de Ré slower (+0.55 %/yr). Each commune
        // keeps its own pace, so the fastest, now larger, weigh more than over 2017–2023: a little faster.
        let medoc = firstYearGrowth(Simulator(base: try Samples.base("medoc-atlantique")).run())
        let re = firstYearGrowth(Simulator(base: try Samples.base("ile-de-re")).run())
        XCTAssertEqual(medoc, 1.6, accuracy: 0.15)
        XCTAssertEqual(re, 0.55, accuracy: 0.15)
        XCTAssertGreaterThan(medoc, 1.27 + 0.1)
        XCTAssertLessThan(re, 1.27 - 0.3)
    }

    func testTheGrowthLeverMovesEveryCommuneFromItsOwnTrend() throws {
        let base = try Samples.base("bordeaux-metropole")
        let simulator = Simulator(base: base)
        let baseline = simulator.catalog.lever(LeverID.populationGrowth)?.baseline ?? .nan
        var settings = LeverSettings()
        try settings.set(LeverID.populationGrowth, LeverSchedule(baseline + 0.5), catalog: simulator.catalog)
        let trend = simulator.run()
        let faster = simulator.run(settings)
        guard let before = trend.zones(.population, year: trend.years[1]),
            let after = faster.zones(.population, year: faster.years[1])
        else { return XCTFail("populations not recorded") }
        for zone in 0..<base.count {
            let own = base.populationTrend[zone]
            XCTAssertTrue(own.isFinite, "zone \(zone) has its trend")
            XCTAssertEqual(before[zone] / base.population[zone] - 1, simulator.zoneGrowth[zone], accuracy: 1e-12)
            XCTAssertEqual((after[zone] - before[zone]) / base.population[zone], 0.005, accuracy: 1e-12, "zone \(zone)")
        }
    }

    /// A twin without two vintages keeps INSEE's national projection for every commune.
    func testWithoutVintagesTheNationalProjectionStands() throws {
        var (table, referenceYear) = try Samples.table("bordeaux-metropole")
        table.columns["population_trend_pct_yr"] = nil
        let simulator = Simulator(base: try BaseState(table: table, referenceYear: referenceYear))
        XCTAssertEqual(firstYearGrowth(simulator.run()), 0.12, accuracy: 1e-9)
        XCTAssertEqual(simulator.catalog.lever(LeverID.populationGrowth)?.baseline ?? .nan, 0.12, accuracy: 1e-9)
    }
}

/// The same from the files as INSEE publishes them (../shared/data), read without --key or --columns.
final class OwnTrendFromPublishedFilesTests: XCTestCase {
    func testBordeauxMetropoleBuiltFromTheSharedDataGrowsAtItsObservedPace() throws {
        let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let data = here.appendingPathComponent("../../../shared/data").standardized.path
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: data + "/populations-legales-2017.csv"), "no ../shared/data")
        let directory = NSTemporaryDirectory() + "jumeau-trend-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let boundaries = here.appendingPathComponent("../../sample-territories/bordeaux-metropole.geojson").standardized
            .path
        var options = ImportOptions(sources: [try ImportSource.file(boundaries)], destination: directory + "/bm.gpkg")
        options.attributeTables = try ["populations-legales-2023.csv", "populations-legales-2017.csv"].map {
            AttributeTableSource(source: try ImportSource.file(data + "/" + $0), key: "", skipUnmatchedRows: true)
        }
        _ = try TerritoryImporter(options: options).run()
        let store = try TwinStore.open(at: options.destination)
        let base = try BaseState(table: try store.zoneTable(), referenceYear: try store.metadata().referenceYear)
        XCTAssertEqual(base.population.reduce(0, +), 854_334)
        let result = Simulator(base: base).run()
        let start = result.territory(.population, year: result.years[0]) ?? .nan
        let next = result.territory(.population, year: result.years[1]) ?? .nan
        XCTAssertEqual((next / start - 1) * 100, 100 * (pow(854_334 / 791_958.0, 1.0 / 6) - 1), accuracy: 0.05)
    }
}

/// Renewables' Baseline follows the recent installation pace (issue "numbers a mayor
/// recognises", §4): a rural coast without turbines does not reach self-sufficiency by itself.
final class RenewablesTrendTests: XCTestCase {
    func testTheMedocBaselineStaysBelowSelfSufficiency() throws {
        let simulator = Simulator(base: try Samples.base("medoc-atlantique"))
        let baseline = simulator.run()
        XCTAssertLessThan(baseline.territory(.energySelfSufficiency, year: 2050) ?? .nan, 100)
        // More than 100 % comes from the lever: the whole potential built.
        var everything = LeverSettings()
        try everything.set(LeverID.renewables, LeverSchedule(100), catalog: simulator.catalog)
        XCTAssertGreaterThan(simulator.run(everything).territory(.energySelfSufficiency, year: 2050) ?? .nan, 100)
    }

    func testEachZoneAddsItsRecentPaceAndNoTurbineWhereThereIsNone() throws {
        let base = try Samples.base("medoc-atlantique")
        let simulator = Simulator(base: base)
        let result = simulator.run(LeverSettings(), recording: Indicator.allCases)
        let parameters = ModelParameters()
        let first = result.years[0]
        let next = result.years[1]
        guard let output0 = result.zones(.renewableProduction, year: first),
            let output1 = result.zones(.renewableProduction, year: next)
        else { return XCTFail("not recorded") }
        for zone in 0..<base.count {
            let trend = simulator.renewableTrends[zone]
            let years = Double(parameters.endYear - base.referenceYear)
            // The whole PV trend: the park's share a year, for every year to 2050, within the potentials.
            let added = trend.roof.rise + trend.groundArt.rise + trend.groundEnaf.rise
            XCTAssertLessThanOrEqual(added, base.installedPV[zone] * parameters.pvYearlyAdditionsShare * years + 1e-9)
            XCTAssertEqual(trend.wind.rise, 0, "no wind installed, none at Baseline (zone \(zone))")
            XCTAssertGreaterThanOrEqual(output1[zone], output0[zone] - 1e-9)
        }
        // The lever's Baseline is the share of the potential the pace reaches: the Médoc's is small.
        let share = simulator.catalog.lever(LeverID.renewables)?.baseline ?? .nan
        XCTAssertLessThan(share, 10)
        XCTAssertEqual(share, RenewableTrend.sharePercent(simulator.renewableTrends, in: 0..<base.count), accuracy: 0.5)
    }

    /// More ambition never produces less, in every zone and year (below and above the Baseline).
    func testMoreRenewablesNeverProducesLess() throws {
        for id in Samples.ids {
            let simulator = Simulator(base: try Samples.base(id))
            var previous: SimulationResult?
            for value in stride(from: 0.0, through: 100, by: 5) {
                var settings = LeverSettings()
                try settings.set(LeverID.renewables, LeverSchedule(value), catalog: simulator.catalog)
                let result = simulator.run(settings)
                if let previous {
                    for year in result.years {
                        let now = result.zones(.renewableProduction, year: year) ?? []
                        let before = previous.zones(.renewableProduction, year: year) ?? []
                        for zone in now.indices {
                            XCTAssertGreaterThanOrEqual(
                                now[zone], before[zone] - 1e-9, "\(id) \(value) \(year) \(zone)")
                        }
                    }
                }
                previous = result
            }
        }
    }
}
