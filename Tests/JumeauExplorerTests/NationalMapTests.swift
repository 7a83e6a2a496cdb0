import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes
import XCTest

@testable import JumeauExplorer

/// France in miniature: six régions of two départements, each département two EPCIs of two
/// communes (10 km squares, Lambert-93), and three overseas communes in their own
/// projections (two in Guadeloupe, one in La Réunion).
enum MiniFrance {
    static let mainlandCount = 48

    struct Zone {
        var code: String, name: String, dep: String, reg: String, epci: String, srs: Int
        var outline: MultiPolygonCoordinates
        var population: Double
    }

    static let zones: [Zone] = {
        var zones: [Zone] = []
        // Régions on a 2 × 3 grid, 40 × 20 km each: two départements side by side.
        for region in 0..<6 {
            let rx = Double(region % 2) * 40_000
            let ry = Double(region / 2) * 20_000
            for half in 0..<2 {
                let dep = String(format: "%02d", region * 2 + half + 1)
                for commune in 0..<4 {
                    let x = 700_000 + rx + Double(half) * 20_000 + Double(commune % 2) * 10_000
                    let y = 6_500_000 + ry + Double(commune / 2) * 10_000
                    // One EPCI a row of two communes; populations grow fast with the région.
                    let epci = "2\(dep)0000\(commune / 2)"
                    zones.append(
                        Zone(
                            code: dep + String(format: "%03d", commune + 1), name: "Commune \(dep)-\(commune)",
                            dep: dep, reg: "R\(region)", epci: epci, srs: CRS.lambert93,
                            outline: Fixture.square(x, y, 10_000),
                            population: Double((region + 1) * (region + 1)) * 1_000 + Double(commune) * 10))
                }
            }
        }
        zones.append(
            Zone(
                code: "97101", name: "Les Abymes", dep: "971", reg: "01", epci: "249710047", srs: 5490,
                outline: Fixture.square(650_000, 1_790_000, 10_000), population: 50_000))
        zones.append(
            Zone(
                code: "97102", name: "Anse-Bertrand", dep: "971", reg: "01", epci: "249710047", srs: 5490,
                outline: Fixture.square(660_000, 1_790_000, 10_000), population: 4_000))
        zones.append(
            Zone(
                code: "97411", name: "Saint-Denis", dep: "974", reg: "04", epci: "249740077", srs: 2975,
                outline: Fixture.square(340_000, 7_680_000, 10_000), population: 150_000))
        return zones
    }()

    static let units: [LevelUnit] =
        (0..<6).map { LevelUnit(level: .region, code: "R\($0)", name: "Région \($0)") }
        + [
            LevelUnit(level: .region, code: "01", name: "Guadeloupe"),
            LevelUnit(level: .region, code: "04", name: "La Réunion"),
            LevelUnit(level: .department, code: "971", name: "Guadeloupe"),
            LevelUnit(level: .department, code: "974", name: "La Réunion"),
            LevelUnit(level: .department, code: "03", name: "Allier"),
        ]

    static var table: ZoneTable {
        let population = zones.map(\.population)
        var columns: [String: [Double]] = [:]
        func set(_ attribute: StandardAttribute, _ values: [Double]) { columns[attribute.id] = values }
        let n = zones.count
        set(.population, population)
        set(.households, population.map { $0 / 2.2 })
        set(.dwellings, population.map { $0 / 2.2 * 1.15 })
        set(.vacantDwellings, population.map { $0 / 2.2 * 0.08 })
        set(.secondHomes, population.map { $0 / 2.2 * 0.05 })
        set(.jobs, population.map { $0 * 0.4 })
        set(.areaHa, Array(repeating: 10_000, count: n))
        set(.artificializedHa, population.map { min(6_000, 200 + $0 / 20) })
        set(.agriculturalHa, population.map { 6_000 - min(6_000, 200 + $0 / 20) / 2 })
        set(.naturalHa, Array(repeating: 1_500, count: n))
        set(.forestHa, Array(repeating: 1_000, count: n))
        set(.waterHa, Array(repeating: 50, count: n))
        set(.naf2011To2020Ha, population.map { $0 / 200 })
        set(.nafSince2021Ha, population.map { $0 / 600 })
        set(.nafHousingSharePct, Array(repeating: 65, count: n))
        set(.rooftopPVPotentialMWp, population.map { $0 / 100 })
        set(.groundPVPotentialMWp, Array(repeating: 30, count: n))
        set(.groundPVArtificialPotentialMWp, Array(repeating: 5, count: n))
        set(.windPotentialMW, Array(repeating: 10, count: n))
        set(.pvYieldKWhPerKWp, Array(repeating: 1_300, count: n))
        set(.installedPVMWp, population.map { $0 / 5_000 })
        set(.installedWindMW, Array(repeating: 0, count: n))
        set(.coastlineKm, Array(repeating: 0, count: n))
        set(.erosionMPerYear, Array(repeating: 0, count: n))
        var table = ZoneTable(
            codes: zones.map(\.code), names: zones.map(\.name), outlines: ZoneRings(zones.map(\.outline)),
            envelopes: zones.map(\.outline.envelope), columns: columns)
        table.departments = zones.map(\.dep)
        table.regions = zones.map(\.reg)
        table.epcis = zones.map(\.epci)
        table.srsIDs = zones.map(\.srs)
        return table
    }

    static let variables = [
        MapVariable(id: "population", label: "Population", unit: "inhabitants", varies: true),
        MapVariable(id: "energy_self_sufficiency_pct", label: "Energy self-sufficiency", unit: "%", varies: true),
        MapVariable(id: "area_ha", label: "Area", unit: "ha", varies: false),
    ]

    /// What `jumeau explore` builds from a twin, for the whole of it or a part.
    static func data(_ table: ZoneTable, title: String, simulator: Simulator) -> ExplorerData {
        var data = ExplorerData(
            title: title, attribution: "test", names: table.names, outlines: table.outlines,
            envelopes: table.envelopes, variables: variables, attributeValues: table.columns,
            referenceYear: 2024, lastYear: 2050, details: [], catalog: simulator.catalog)
        data.codes = table.codes
        let geography = Geography(
            envelopes: table.envelopes, srsIDs: table.srsIDs, departments: table.departments,
            levelCodes: [
                .region: table.regions, .department: table.departments,
                .epci: table.epcis,
            ],
            units: units)
        if geography.hasOverseas || !geography.levels.isEmpty { data.geography = geography }
        data.indexPlaces()
        return data
    }

    static let simulator = Simulator(base: try! BaseState(table: table, referenceYear: 2024))
    static let whole = data(table, title: "France", simulator: simulator)
}

final class NationalMapTests: XCTestCase {
    let theme = try! Themes.load("default", environment: [:])

    /// Runs effects in place with the real rasteriser and simulation, as the workers would.
    func settle(
        _ state: ExplorerState, _ effects: [Effect], _ data: ExplorerData, _ simulator: Simulator
    )
        -> (ExplorerState, [Effect])
    {
        var s = state
        var queue = effects
        var unhandled: [Effect] = []
        while !queue.isEmpty {
            var more: [Effect] = []
            switch queue.removeFirst() {
            case .rasterize(let r):
                let raster = ZoneRaster(
                    zones: data.outlines, envelopes: data.envelopes, viewport: r.viewport,
                    columns: r.columns, rows: r.rows, frames: data.geography?.frameOfZone,
                    insets: r.insets)
                (s, more) = Explorer.update(s, .rasterReady(r, raster), data: data)
            case .simulate(let r):
                let result = simulator.run(r.settings, recording: r.recording)
                (s, more) = Explorer.update(s, .simulated(r, result), data: data)
            case let other: unhandled.append(other)
            }
            queue += more
        }
        return (s, unhandled)
    }

    func start(_ width: Int, _ height: Int, tier: ColorTier = .truecolor) -> ExplorerState {
        let (state, effects) = Explorer.start(
            MiniFrance.whole, width: width, height: height, theme: theme, tier: tier,
            glyphs: .unicode)
        return settle(state, effects, MiniFrance.whole, MiniFrance.simulator).0
    }

    func press(
        _ state: ExplorerState, _ keys: Key..., data: ExplorerData = MiniFrance.whole,
        simulator: Simulator = MiniFrance.simulator
    ) -> (ExplorerState, [Effect]) {
        var s = state
        var left: [Effect] = []
        for key in keys {
            let (next, effects) = Explorer.update(s, .input(.key(key)), data: data)
            let settled = settle(next, effects, data, simulator)
            s = settled.0
            left += settled.1
        }
        return (s, left)
    }

    func testTheNationalViewShowsTheMainlandWithTheOverseasDépartementsAsLabelledInsets() throws {
        let state = start(80, 24)
        let raster = try XCTUnwrap(state.map.raster)
        XCTAssertEqual(raster.insets.map(\.label), ["Guadeloupe", "La Réunion"])
        let overseas = Set((MiniFrance.mainlandCount..<MiniFrance.zones.count).map(Int32.init))
        // Overseas zones appear in their insets only; mainland zones outside them.
        for y in 0..<raster.pixelRows {
            for x in 0..<raster.columns {
                let id = raster[x, y]
                guard id >= 0 else { continue }
                let inInset = raster.insets.contains {
                    x >= $0.x && x < $0.x + $0.columns && y / 2 >= $0.y
                        && y / 2 < $0.y + $0.rows
                }
                XCTAssertEqual(overseas.contains(id), inInset, "zone \(id) at \(x),\(y)")
            }
        }
        // Both overseas départements are drawn, each at its own stated scale.
        for zone in overseas {
            XCTAssertTrue(raster.ids.contains(zone), "zone \(zone) drawn")
        }
        let screen = Explorer.view(state, data: MiniFrance.whole).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("Guadeloupe"))
        XCTAssertTrue(screen.contains("La Réunion"))
        XCTAssertTrue(screen.contains(" km"), "an inset states its scale")
        // Zoomed in, the insets go: the mainland fills the map.
        let zoomed = press(state, .character("+"), .character("+")).0
        XCTAssertEqual(zoomed.map.raster?.insets.count, 0)
    }

    func testTheLevelDrawnFollowsTheScaleAndLForcesOne() throws {
        let geography = try XCTUnwrap(MiniFrance.whole.geography)
        XCTAssertEqual(geography.automaticLevel(metresPerPixel: 1_000), .commune)
        XCTAssertEqual(geography.automaticLevel(metresPerPixel: 3_000), .epci)
        XCTAssertEqual(geography.automaticLevel(metresPerPixel: 4_500), .department)
        XCTAssertEqual(geography.automaticLevel(metresPerPixel: 6_000), .region)
        XCTAssertEqual(geography.automaticLevel(metresPerPixel: 50_000), .region)

        var (state, _) = press(start(100, 40), .character("L"))
        XCTAssertEqual(state.map.level, .region)
        XCTAssertEqual(state.message, "level drawn: régions (L again to change)")
        var screen = Explorer.view(state, data: MiniFrance.whole).lines
        XCTAssertTrue(screen[0].contains("régions (L)"), screen[0])
        // Eight régions (six on the mainland, two overseas) are the map's units now, each named.
        let regions = try XCTUnwrap(MiniFrance.whole.geography?.levels[.region])
        XCTAssertEqual(regions.codes.count, 8)
        let values = try XCTUnwrap(state.map.groupValues(regions, MiniFrance.whole, state.workshop))
        XCTAssertEqual(values.filter(\.isFinite).count, 8)
        XCTAssertTrue(screen.joined().contains("Région 4"))
        for _ in 0..<4 { state = press(state, .character("L")).0 }
        XCTAssertNil(state.map.level, "back to automatic after every level")
        screen = Explorer.view(state, data: MiniFrance.whole).lines
        XCTAssertFalse(screen[0].contains("(L)"))
    }

    /// One unit holding every zone must give the simulator's own territory figures: the
    /// rules are those of territory totals.
    func testAUnitsValueFollowsTheRulesOfTerritoryTotals() throws {
        let result = MiniFrance.simulator.run(LeverSettings(), recording: Indicator.allCases)
        let everything = LevelGroups(
            level: .region, codeOfZone: Array(repeating: "FR", count: MiniFrance.zones.count),
            names: [:], envelopes: MiniFrance.whole.envelopes,
            frames: MiniFrance.whole.geography!.frameOfZone)
        for year in [2024, 2031, 2050] {
            for indicator in Indicator.allCases {
                let unit = LevelAggregation.indicator(indicator, groups: everything) { result.zones($0, year: year) }
                let territory = try XCTUnwrap(result.territory(indicator, year: year))
                XCTAssertEqual(unit[0], territory, accuracy: max(1e-6, abs(territory) * 1e-9), "\(indicator) \(year)")
            }
        }
        // A share of two zones is the ratio of their sums, not the mean of their shares.
        let two = LevelGroups(
            level: .epci, codeOfZone: ["a", "a", "b"], names: [:],
            envelopes: Array(repeating: Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1), count: 3),
            frames: [0, 0, 0])
        let zones: [Indicator: [Double]] = [
            .energySelfSufficiency: [100, 10, 50], .renewableProduction: [100, 10, 5],
            .energyConsumption: [100, 100, 10], .heatIsland: [2, 0, 1], .population: [3_000, 1_000, 10],
        ]
        let share = LevelAggregation.indicator(.energySelfSufficiency, groups: two) { zones[$0] }
        XCTAssertEqual(share[0], 55, accuracy: 1e-9)
        let heat = LevelAggregation.indicator(.heatIsland, groups: two) { zones[$0] }
        XCTAssertEqual(heat[0], 1.5, accuracy: 1e-9, "population-weighted")
        let yield = LevelAggregation.attribute(
            [1_000, 1_400, 1_200], id: "pv_yield_kwh_per_kwp", unit: "kWh/kWp/yr",
            population: [1, 3, 1], groups: two)
        XCTAssertEqual(yield[0], 1_300, accuracy: 1e-9)
        let area = LevelAggregation.attribute([10, .nan, 5], id: "area_ha", unit: "ha", population: nil, groups: two)
        XCTAssertEqual(area, [10, 5], "sums leave zones without a value out")
    }

    func testOutlinesAreDrawnOnlyBetweenZonesOfOneClass() {
        let outlines = [Fixture.square(0, 0, 10), Fixture.square(10, 0, 10)]
        let raster = ZoneRaster(
            zones: outlines, envelopes: outlines.map(\.envelope),
            viewport: Viewport(center: Point2(x: 10, y: 5), metresPerPixel: 1), columns: 20, rows: 5)
        func borderCells(_ values: [Double]) -> Int {
            let frame = MapFrame(
                title: "t", indicatorLabel: "v", unit: "", year: 2024, values: values,
                names: ["a", "b"], classification: ClassBreaks.manual([5]).classify(values, classes: 2),
                raster: raster, theme: theme, tier: .truecolor, glyphs: .unicode, attribution: "")
            let buffer = frame.render(width: 60, height: 10)
            let border = theme.color(.border, tier: .truecolor)
            var count = 0
            for y in 1..<6 {
                for x in 0..<20
                where buffer[x, y].style.background == border
                    || buffer[x, y].style.foreground == border
                { count += 1 }
            }
            return count
        }
        XCTAssertGreaterThan(borderCells([1, 2]), 0, "two zones of one class are told apart by an outline")
        XCTAssertEqual(borderCells([1, 9]), 0, "the change of colour is the limit")
    }

    func testGoToFindsPlacesByCodeOrNameAndTheirPath() throws {
        let data = MiniFrance.whole
        let byCode = PlaceSearch.matches("971", data)
        XCTAssertEqual(byCode.first?.name, "Guadeloupe")
        XCTAssertEqual(byCode.first?.place.level, .department)
        let accentless = PlaceSearch.matches("la reunion", data)
        XCTAssertEqual(accentless.first?.place.level, .region, "larger levels first")
        XCTAssertTrue(accentless.contains { $0.place.level == .department })
        let commune = try XCTUnwrap(PlaceSearch.matches("97411", data).first)
        XCTAssertEqual(commune.place.path(data), ["France", "La Réunion", "La Réunion", "249740077", "Saint-Denis"])
        XCTAssertEqual(PlaceSearch.matches("france", data).first?.place, .whole)
        XCTAssertTrue(PlaceSearch.matches("zzz", data).isEmpty)
    }

    /// `g`, a name, Enter: the explorer asks for the territory; once given, every run is
    /// asked again for it and what was asked for the whole twin is dropped.
    func testGoingToATerritoryRescopesTheRunsAndDropsStaleOnes() throws {
        var state = start(100, 30)
        XCTAssertNotNil(state.workshop.result)
        var effects: [Effect]
        (state, effects) = press(
            state, .character("g"), .character("r"), .character("é"), .character("g"),
            .character("i"), .character("o"), .character("n"), .character(" "),
            .character("3"), .enter)
        guard case .scope(let place?) = effects.last else { return XCTFail("no scope asked: \(effects)") }
        XCTAssertEqual(place, .unit(.region, MiniFrance.whole.geography!.levels[.region]!.codes.firstIndex(of: "R3")!))
        let zones = place.zones(MiniFrance.whole)
        XCTAssertEqual(zones.count, 8)
        let part = MiniFrance.table.subset(zones)
        let local = Simulator(base: try BaseState(table: part, referenceYear: 2024))
        var data = MiniFrance.data(part, title: place.path(MiniFrance.whole).joined(separator: " › "), simulator: local)
        data.places = MiniFrance.whole.places
        let old = state.workshop.pendingSimulation ?? state.workshop.resultRequest
        var next: [Effect]
        (state, next) = Explorer.rescoped(state, data: data)
        XCTAssertNil(state.workshop.result)
        XCTAssertNil(state.map.raster)
        // A run asked before, for the whole twin, arrives late: dropped.
        if let old {
            let stale = MiniFrance.simulator.run(old.settings, recording: old.recording)
            state = Explorer.update(state, .simulated(old, stale), data: data).0
            XCTAssertNil(state.workshop.result)
        }
        state = settle(state, next, data, local).0
        let result = try XCTUnwrap(state.workshop.result)
        XCTAssertEqual(result.zoneCount, 8)
        XCTAssertEqual(
            result.territory(.population, year: 2024)!, part.columns["population"]!.reduce(0, +),
            accuracy: 1e-6)
        let screen = Explorer.view(state, data: data).lines
        XCTAssertTrue(screen[0].hasPrefix("France › Région 3"), screen[0])
    }

    /// In a territory `g` went to, the panel edits that territory's own levers (issue 15 §1):
    /// it shows the value its communes run with and where it comes from; a step makes it
    /// the territory's own, `r` lets it inherit again; the scenario's and the région's stay.
    func testInATerritoryThePanelEditsItsOwnLeversAndShowsWhereTheyComeFrom() throws {
        var state = start(100, 30)
        let catalog = MiniFrance.simulator.catalog
        var levers = LeverSettings()
        for assignment in ["zan=50", "reg:R1:zan=55"] { try levers.apply(assignment, catalog: catalog) }
        state.workshop.levers = levers
        let epcis = try XCTUnwrap(MiniFrance.whole.geography?.levels[.epci])
        let place = Place.unit(.epci, try XCTUnwrap(epcis.codes.firstIndex(of: "20300000")))
        let part = MiniFrance.table.subset(place.zones(MiniFrance.whole))
        XCTAssertEqual(part.departments, ["03", "03"])
        let local = Simulator(base: try BaseState(table: part, referenceYear: 2024))
        var data = MiniFrance.data(part, title: "EPCI", simulator: local)
        data.leverTerritory = LeverTerritory(place, in: MiniFrance.whole)
        let territory = TerritoryRef(.epci, "20300000")
        XCTAssertEqual(data.leverTerritory?.territory, territory)
        XCTAssertEqual(data.leverTerritory?.region, "R1")
        XCTAssertEqual(data.leverTerritory?.department, "03")
        var effects: [Effect]
        (state, effects) = Explorer.rescoped(state, data: data)
        state = settle(state, effects, data, local).0
        state = press(state, .character("p"), data: data, simulator: local).0
        func screen() -> String { Explorer.view(state, data: data).lines.joined(separator: "\n") }
        XCTAssertTrue(screen().contains("55 % ↑"), screen())
        XCTAssertTrue(screen().contains("from Région 1"), screen())

        state = press(state, .right, data: data, simulator: local).0
        XCTAssertEqual(state.workshop.levers.territories[territory]?["zan"], LeverSchedule(60))
        XCTAssertEqual(state.workshop.levers.schedules["zan"], LeverSchedule(50), "the scenario's own stays")
        XCTAssertEqual(state.workshop.levers.territories[TerritoryRef(.region, "R1")]?["zan"], LeverSchedule(55))
        XCTAssertEqual(state.workshop.resultRequest?.settings, state.workshop.levers, "the territory's run has it")
        XCTAssertTrue(screen().contains("set for 20300000"), screen())
        XCTAssertFalse(screen().contains("60 % ↑"), screen())

        state = press(state, .character("r"), data: data, simulator: local).0
        XCTAssertNil(state.workshop.levers.territories[territory])
        XCTAssertTrue(screen().contains("55 % ↑"), screen())
        // A first step from an inherited value at a lever's end still makes it the territory's.
        XCTAssertNil(LeverTerritory(.whole, in: MiniFrance.whole))
        XCTAssertNil(LeverTerritory(.zone(0), in: MiniFrance.whole))
    }
}
