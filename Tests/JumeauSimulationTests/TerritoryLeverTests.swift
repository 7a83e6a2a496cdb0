import Foundation
import JumeauModel
import JumeauSimulation
import XCTest

/// Levers set per territory (issue 15 §1): a zone runs with the values of its closest
/// enclosing territory that sets them, else the scenario's own.
final class TerritoryLeverTests: XCTestCase {
    /// Bordeaux Métropole's 28 communes as two départements of one région, interleaved so
    /// that territories are not runs of consecutive zones: "D1" holds the even zones, in
    /// two EPCIs ("E1": zones 0, 4, 8…; "E2": 2, 6, 10…); "D2" the odd ones, in no EPCI.
    func simulator() throws -> Simulator {
        var (table, referenceYear) = try Samples.table("bordeaux-metropole")
        XCTAssertEqual(table.count, 28)
        table.regions = Array(repeating: "R1", count: table.count)
        table.departments = table.codes.indices.map { $0 % 2 == 0 ? "D1" : "D2" }
        table.epcis = table.codes.indices.map { $0 % 4 == 0 ? "E1" : $0 % 2 == 0 ? "E2" : "" }
        return Simulator(base: try BaseState(table: table, referenceYear: referenceYear))
    }

    func run(_ simulator: Simulator, _ assignments: [String]) throws -> SimulationResult {
        var settings = LeverSettings()
        for assignment in assignments { try settings.apply(assignment, catalog: simulator.catalog) }
        return simulator.run(settings)
    }

    /// Zone values of every recorded indicator and year, zone by zone.
    func zoneSeries(_ result: SimulationResult, _ zone: Int) -> [Double] {
        Indicator.allCases.flatMap { indicator in
            result.years.map { result.zones(indicator, year: $0)?[zone] ?? .nan }
        }
    }

    func testATerritorysLeversChangeItsZonesOnly() throws {
        let simulator = try simulator()
        let national = try run(simulator, ["zan=50"])
        let gironde = try run(simulator, ["zan=50", "dep:D2:zan=90"])
        let everywhere = try run(simulator, ["zan=90"])
        for zone in 0..<28 {
            // Inside D2, exactly what the whole territory at 90 % gives; outside, untouched.
            let expected = zone % 2 == 0 ? national : everywhere
            XCTAssertEqual(zoneSeries(gironde, zone), zoneSeries(expected, zone), "zone \(zone)")
        }
        XCTAssertNotEqual(
            gironde.territory(.nafConsumption), national.territory(.nafConsumption), "D2's cut shows in the totals")
    }

    func testTheClosestTerritoryThatSetsALeverWins() throws {
        let simulator = try simulator()
        // The région cuts 55 %, one EPCI 70 %, its département sets only energy sobriety (a lever
        // that means the same everywhere: `renewables`, like `density`, is relative to the trend of
        // the territory that sets it).
        let result = try run(simulator, ["reg:R1:zan=55", "dep:D1:sobriety=30", "epci:E1:zan=70"])
        let e1 = try run(simulator, ["zan=70", "sobriety=30"])
        let e2 = try run(simulator, ["zan=55", "sobriety=30"])
        let d2 = try run(simulator, ["zan=55"])
        for zone in 0..<28 {
            let expected = zone % 4 == 0 ? e1 : zone % 2 == 0 ? e2 : d2
            XCTAssertEqual(zoneSeries(result, zone), zoneSeries(expected, zone), "zone \(zone)")
        }
        var settings = LeverSettings()
        for assignment in ["reg:R1:zan=55", "epci:E1:zan=70"] {
            try settings.apply(assignment, catalog: simulator.catalog)
        }
        XCTAssertEqual(
            settings.source(of: "zan", region: "R1", department: "D1", epci: "E1"), TerritoryRef(.epci, "E1"))
        XCTAssertEqual(
            settings.source(of: "zan", region: "R1", department: "D2", epci: ""), TerritoryRef(.region, "R1"))
        XCTAssertNil(settings.source(of: "density", region: "R1", department: "D1", epci: "E1"))
    }

    /// A territory set back to Baseline inside one that is not still overrides it.
    func testATerritoryAtBaselineStillOverrides() throws {
        let simulator = try simulator()
        let result = try run(simulator, ["zan=80", "dep:D2:zan=0"])
        let baseline = simulator.run()
        for zone in stride(from: 1, to: 28, by: 2) {
            XCTAssertEqual(zoneSeries(result, zone), zoneSeries(baseline, zone))
        }
    }

    func testOverridesSurviveCodesAndSavedJSON() throws {
        let catalog = try simulator().catalog
        var settings = LeverSettings()
        for assignment in ["zan=50", "reg:75:zan=55", "dep:2A:zan=60,2035:80", "epci:243300316:density=30"] {
            try settings.apply(assignment, catalog: catalog)
        }
        let code = try ScenarioCode.encode(settings, catalog: catalog)
        XCTAssertTrue(code.contains("*D22A"), code)
        XCTAssertEqual(try ScenarioCode.decode(code, catalog: catalog), settings)
        XCTAssertEqual(try ScenarioCode.decode(code.lowercased(), catalog: catalog), settings)
        XCTAssertEqual(try LeverSettings(json: settings.canonicalJSON, catalog: catalog), settings)
        XCTAssertEqual(
            settings.summary(catalog: catalog),
            "zan=50 reg:75:zan=55 dep:2A:zan=60,2035:80 epci:243300316:density=30")
        // Without territories, the saved form is the one earlier releases wrote and read.
        var plain = LeverSettings()
        try plain.apply("zan=50", catalog: catalog)
        XCTAssertFalse(plain.canonicalJSON.contains("territories"))
        XCTAssertThrowsError(try ScenarioCode.decode("J*X2AB", catalog: catalog))
        XCTAssertThrowsError(try ScenarioCode.decode("J*D9", catalog: catalog))
        XCTAssertThrowsError(try settings.apply("com:33063:zan=50", catalog: catalog))
        XCTAssertThrowsError(try settings.apply("dep::zan=50", catalog: catalog))
    }

    /// An intercommunality pooling its ZAN envelope (`zan_pooling`, per territory): its
    /// communes share one allowance, in proportion to what each would consume, so land a
    /// commune leaves unused goes where the need is; communes elsewhere are untouched.
    func testAPooledIntercommunalitySharesOneAllowance() throws {
        let simulator = try simulator()
        let separate = try run(simulator, ["zan=50"])
        let pooled = try run(simulator, ["zan=50", "epci:E1:zan_pooling=1"])
        let e1 = stride(from: 0, to: 28, by: 4).map { $0 }
        for zone in 0..<28 where !e1.contains(zone) {
            XCTAssertEqual(zoneSeries(pooled, zone), zoneSeries(separate, zone), "zone \(zone) is not in E1")
        }
        func consumed(_ result: SimulationResult, _ zone: Int, _ year: Int) -> Double {
            result.zones(.nafConsumption, year: year)?[zone] ?? .nan
        }
        for year in 2031...2040 {
            let together = e1.reduce(0) { $0 + consumed(pooled, $1, year) }
            let apart = e1.reduce(0) { $0 + consumed(separate, $1, year) }
            // Allowance a commune does not use goes to the others: more of the pool's need is met.
            XCTAssertGreaterThanOrEqual(together, apart - 1e-9, "\(year)")
        }
        // After the milestone as before it, land one commune leaves goes to another.
        let gains = e1.filter { consumed(pooled, $0, 2032) > consumed(separate, $0, 2032) + 1e-9 }
        XCTAssertFalse(gains.isEmpty, "some commune of E1 builds more with the pooled envelope")
        // The pool never spends more than its communes' envelopes together by the milestone.
        let envelope = e1.reduce(0) { sum, zone in
            let used = separate.zones(.zanBudgetUsed, year: 2031)?[zone] ?? 0
            let since = separate.zones(.nafConsumedSince2021, year: 2031)?[zone] ?? 0
            return sum + (used > 0 ? since / used * 100 : 0)
        }
        let spent = e1.reduce(0) { $0 + (pooled.zones(.nafConsumedSince2021, year: 2031)?[$1] ?? 0) }
        XCTAssertLessThanOrEqual(spent, envelope * (1 + 1e-9))
        // Pooling for the whole scenario pools every intercommunality, not the communes outside one.
        let everywhere = try run(simulator, ["zan=50", "zan_pooling=1"])
        for zone in stride(from: 1, to: 28, by: 2) {
            XCTAssertEqual(zoneSeries(everywhere, zone), zoneSeries(separate, zone), "zone \(zone) is in no EPCI")
        }
        XCTAssertNotEqual(zoneSeries(everywhere, 2), zoneSeries(separate, 2), "E2 pools too")
    }

    /// A scenario limited to an extract (`jumeau extract --with-scenarios`) runs each kept
    /// commune as before: a territory holding every one becomes the scenario's own, and a
    /// larger territory holding only some never beats it.
    func testALimitedScenarioRunsTheExtractedCommunesAsBefore() throws {
        let catalog = try simulator().catalog
        var settings = LeverSettings()
        for assignment in ["zan=50", "reg:R1:renewables=60", "dep:D1:zan=70", "epci:E1:zan=80", "epci:E9:zan=10"] {
            try settings.apply(assignment, catalog: catalog)
        }
        // E1 straddling D1 and D2: E1 holds every commune, D1 some, R1 all, E9 none.
        let limited = settings.limited(
            regions: ["R1", "R1", "R1"], departments: ["D1", "D1", "D2"], epcis: ["E1", "E1", "E1"])
        XCTAssertEqual(limited.schedules["zan"], LeverSchedule(80))
        XCTAssertEqual(limited.schedules["renewables"], LeverSchedule(60))
        XCTAssertNil(limited.territories[TerritoryRef(.department, "D1")], "D1's zan is beaten by E1's")
        XCTAssertNil(limited.territories[TerritoryRef(.epci, "E9")], "a territory holding no commune goes")
        for (dep, epci) in [("D1", "E1"), ("D2", "E1")] {
            XCTAssertEqual(
                limited.effective(region: "R1", department: dep, epci: epci),
                settings.effective(region: "R1", department: dep, epci: epci))
        }
        // A département holding some of the extract keeps what no closer territory sets.
        var partial = LeverSettings()
        for assignment in ["dep:D1:density=30", "dep:D1:zan=60"] { try partial.apply(assignment, catalog: catalog) }
        let kept = partial.limited(regions: ["R1", "R1"], departments: ["D1", "D2"], epcis: ["", ""])
        XCTAssertEqual(kept.territories[TerritoryRef(.department, "D1")]?["density"], LeverSchedule(30))
        XCTAssertEqual(kept.territories[TerritoryRef(.department, "D1")]?["zan"], LeverSchedule(60))
    }

    /// `density` and `vacancy_target` are relative to a trend: set for a territory, they are
    /// relative to its own, so its communes run in the national twin exactly as in its own
    /// twin (what `extract` writes and `merge` brings back).
    func testADensitySetForATerritoryMeansWhatItMeansInItsOwnTwin() throws {
        let national = try simulator()
        var (table, referenceYear) = try Samples.table("bordeaux-metropole")
        table.regions = Array(repeating: "R1", count: table.count)
        table.departments = table.codes.indices.map { $0 % 2 == 0 ? "D1" : "D2" }
        table.epcis = table.codes.indices.map { $0 % 4 == 0 ? "E1" : $0 % 2 == 0 ? "E2" : "" }
        let e1 = stride(from: 0, to: 28, by: 4).map { $0 }
        let local = Simulator(base: try BaseState(table: table.subset(e1), referenceYear: referenceYear))
        XCTAssertNotEqual(
            local.catalog.lever("density")?.baseline, national.catalog.lever("density")?.baseline,
            "E1's own trend differs from the whole twin's")
        let inTheWhole = try run(national, ["zan=50", "epci:E1:density=40", "epci:E1:vacancy_target=6"])
        let alone = try run(local, ["zan=50", "density=40", "vacancy_target=6"])
        for (slot, zone) in e1.enumerated() {
            XCTAssertEqual(zoneSeries(inTheWhole, zone), zoneSeries(alone, slot), "zone \(zone)")
        }
    }
}
