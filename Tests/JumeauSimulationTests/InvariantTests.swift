import Foundation
@testable import JumeauSimulation
import XCTest

final class InvariantTests: XCTestCase {
    let landClasses: [Indicator] = [.artificialized, .agricultural, .natural, .forest, .water]

    func testLandClassesSumToTheAreaEveryYearInEveryZone() throws {
        var rng = SeededGenerator(state: 11)
        for id in Samples.ids {
            let base = try Samples.base(id)
            let simulator = Simulator(base: base)
            for settings in [LeverSettings(), try simulator.catalog.randomSettings(&rng), try simulator.catalog.randomSettings(&rng)] {
                let result = simulator.run(settings)
                for year in result.years {
                    let classes = landClasses.map { result.zones($0, year: year)! }
                    for z in 0..<base.count {
                        let total = classes.reduce(0) { $0 + $1[$1.startIndex + z] }
                        XCTAssertEqual(total, base.area[z], accuracy: base.area[z] * 1e-6, "\(id) \(base.codes[z]) \(year)")
                    }
                }
            }
        }
    }

    func testNoStockEverGoesNegative() throws {
        var rng = SeededGenerator(state: 12)
        for id in Samples.ids {
            let simulator = Simulator(base: try Samples.base(id))
            for _ in 0..<8 {
                let result = simulator.run(try simulator.catalog.randomSettings(&rng))
                for indicator in Indicator.allCases {
                    for year in result.years {
                        for value in result.zones(indicator, year: year)! {
                            // A forest dying back is a carbon source: its sink may be negative.
                            guard indicator != .forestSink else { XCTAssertTrue(value.isFinite); continue }
                            XCTAssertGreaterThanOrEqual(value, -1e-9, "\(id) \(indicator.id) \(year)")
                            XCTAssertTrue(value.isFinite, "\(id) \(indicator.id) \(year)")
                        }
                    }
                }
            }
        }
    }

    func testPopulationDwellingsAndLandReconcileFromYearToYear() throws {
        var rng = SeededGenerator(state: 13)
        for id in Samples.ids {
            let base = try Samples.base(id)
            let simulator = Simulator(base: base)
            let settings = try simulator.catalog.randomSettings(&rng)
            // The lever moves every zone from its own trend by the same amount.
            let offset = (settings.schedule(LeverID.populationGrowth, catalog: simulator.catalog).value
                - (simulator.catalog.lever(LeverID.populationGrowth)?.baseline ?? .nan)) / 100
            let result = simulator.run(settings)
            for year in result.years.dropFirst() {
                let territory = { (i: Indicator, y: Int) in result.territory(i, year: y)! }
                // Each zone's population grows at its trend plus the lever's offset.
                let now = result.zones(.population, year: year)!, before = result.zones(.population, year: year - 1)!
                for zone in 0..<base.count {
                    XCTAssertEqual(now[zone], before[zone] * (1 + simulator.zoneGrowth[zone] + offset),
                                   accuracy: now[zone] * 1e-9, "\(id) \(year) zone \(zone)")
                }
                // Dwellings: last year's stock + built − reached by the sea (lost or relocated).
                let removed = territory(.coastalDwellingsLost, year) - territory(.coastalDwellingsLost, year - 1)
                    + territory(.coastalRelocations, year) - territory(.coastalRelocations, year - 1)
                XCTAssertEqual(territory(.dwellings, year),
                               territory(.dwellings, year - 1) + territory(.newDwellings, year) - removed,
                               accuracy: max(1, territory(.dwellings, year)) * 1e-9, "\(id) \(year)")
                // ENAF consumed since 2021 accumulates the yearly consumption.
                XCTAssertEqual(territory(.nafConsumedSince2021, year),
                               territory(.nafConsumedSince2021, year - 1) + territory(.nafConsumption, year),
                               accuracy: 1e-6, "\(id) \(year)")
                // Land taken by the sea becomes water.
                XCTAssertEqual(territory(.water, year) - territory(.water, year - 1),
                               territory(.coastalLandLost, year) - territory(.coastalLandLost, year - 1), accuracy: 1e-6)
            }
        }
    }

    func testMoreDensityNeverConsumesMoreLand() throws {
        try assertMonotone(lever: LeverID.density, indicator: .nafConsumedSince2021, nonIncreasing: true, seed: 21)
    }

    func testStrongerZANNeverConsumesMoreLand() throws {
        try assertMonotone(lever: LeverID.zan, indicator: .nafConsumedSince2021, nonIncreasing: true, seed: 22)
    }

    func testMoreRenewablesNeverProducesLessEnergy() throws {
        try assertMonotone(lever: LeverID.renewables, indicator: .renewableProduction, nonIncreasing: false, seed: 23)
    }

    /// Over random settings of every other lever, raising `lever` moves `indicator`
    /// (territory and every zone, every year) one way only.
    func assertMonotone(lever id: String, indicator: Indicator, nonIncreasing: Bool, seed: UInt64) throws {
        var rng = SeededGenerator(state: seed)
        for sample in Samples.ids {
            let simulator = Simulator(base: try Samples.base(sample))
            let lever = simulator.catalog.lever(id)!
            for _ in 0..<12 {
                var settings = try simulator.catalog.randomSettings(&rng)
                var previous: SimulationResult?
                var value = lever.minimum
                while value <= lever.maximum + 1e-9 {
                    try settings.set(id, LeverSchedule(min(value, lever.maximum)), catalog: simulator.catalog)
                    let result = simulator.run(settings)
                    if let previous {
                        for year in result.years {
                            let now = result.zones(indicator, year: year)!, before = previous.zones(indicator, year: year)!
                            for (a, b) in zip(now, before) {
                                // Where the ZAN budget binds, density changes nothing but rounding.
                                let tolerance = 1e-6 * max(1, abs(b))
                                if nonIncreasing {
                                    XCTAssertLessThanOrEqual(a, b + tolerance, "\(sample) \(id)=\(value) \(year)")
                                } else {
                                    XCTAssertGreaterThanOrEqual(a, b - tolerance, "\(sample) \(id)=\(value) \(year)")
                                }
                            }
                        }
                    }
                    previous = result
                    value += lever.step * 3
                }
            }
        }
    }

    func testBaselineConsumptionMatchesTheObserved2011To2020Pace() throws {
        for id in Samples.ids {
            let base = try Samples.base(id)
            let observed = base.naf2011To2020.reduce(0, +) / 10
            let result = Simulator(base: base).run()
            // The first year exactly (the calibration), then the years to the milestone: each
            // commune's own growth compounds (Bordeaux Métropole's 1.3 %/yr adds a tenth by 2034),
            // and coastal relocations start (docs/model.md).
            XCTAssertEqual(result.territory(.nafConsumption, year: 2025)!, observed, accuracy: observed * 0.02, id)
            for year in 2025...2030 {
                let simulated = result.territory(.nafConsumption, year: year)!
                XCTAssertEqual(simulated, observed, accuracy: observed * 0.10, "\(id) \(year)")
            }
        }
    }

    func testRunsAreDeterministic() throws {
        var rng = SeededGenerator(state: 31)
        let base = try Samples.base("medoc-atlantique")
        let settings = try Simulator(base: base).catalog.randomSettings(&rng)
        let a = Simulator(base: base).run(settings), b = Simulator(base: base).run(settings)
        for indicator in Indicator.allCases {
            XCTAssertEqual(a.territory(indicator).map(\.bitPattern), b.territory(indicator).map(\.bitPattern))
            for year in a.years {
                XCTAssertEqual(a.zones(indicator, year: year)!.map(\.bitPattern), b.zones(indicator, year: year)!.map(\.bitPattern))
            }
        }
    }
}
