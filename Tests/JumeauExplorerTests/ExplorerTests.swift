import Foundation
import JumeauExplorer
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes
import XCTest

/// A terminal in memory: scripted input, the frames it was sent.
final class FakeTerminal: TerminalDisplay, @unchecked Sendable {
    var size: (width: Int, height: Int)
    var events: [InputEvent]
    var frames: [Buffer] = []
    var stopRequested = false
    init(width: Int, height: Int, events: [InputEvent]) { size = (width, height); self.events = events }
    func draw(_ buffer: Buffer) { frames.append(buffer) }
    func nextEvent(timeout milliseconds: Int) -> InputEvent? {
        if events.isEmpty { usleep(UInt32(milliseconds) * 1000); return nil }
        return events.removeFirst()
    }
}

/// The twin's scenarios and journal, in memory.
final class MemoryStore: WorkshopStore, @unchecked Sendable {
    var saved: [String: (notes: String, settings: LeverSettings)] = [:]
    var journalEntries: [(JournalEntry.Kind, LeverSettings, String)] = []
    func scenarios() throws -> [ScenarioInfo] {
        saved.keys.sorted().map { ScenarioInfo(name: $0, notes: saved[$0]!.notes, settings: saved[$0]!.settings, updatedAt: Date()) }
    }
    func save(name: String, notes: String, settings: LeverSettings) throws { saved[name] = (notes, settings) }
    func delete(_ name: String) throws { saved[name] = nil }
    func rename(_ name: String, to newName: String) throws { saved[newName] = saved[name]; saved[name] = nil }
    func journal(_ kind: JournalEntry.Kind, _ settings: LeverSettings, detail: String) throws { journalEntries.append((kind, settings, detail)) }
    var shared: SharedView?
    var publications = 0
    func publish(_ view: SharedView) throws { shared = view; publications += 1 }
    func sharedView() throws -> SharedView? { shared }
}

enum Fixture {
    static func square(_ x: Double, _ y: Double, _ size: Double) -> MultiPolygonCoordinates {
        MultiPolygonCoordinates(polygons: [PolygonRings(rings: [[Point2(x: x, y: y), Point2(x: x + size, y: y),
            Point2(x: x + size, y: y + size), Point2(x: x, y: y + size), Point2(x: x, y: y)]])])
    }

    static let names = ["Ars-en-Ré", "Loix", "La Flotte", "Saint-Martin-de-Ré", "Le Bois-Plage-en-Ré", "La Couarde-sur-Mer",
                        "Rivedoux-Plage", "Sainte-Marie-de-Ré", "Les Portes-en-Ré"]

    /// Nine communes of 2,500 ha (5 km squares), 100 to 900 inhabitants, the first on the coast.
    static let simulator: Simulator = {
        let population = (1...9).map { Double($0) * 100 }
        var columns: [String: [Double]] = [:]
        func set(_ attribute: StandardAttribute, _ values: [Double]) { columns[attribute.id] = values }
        set(.population, population)
        set(.households, population.map { $0 / 2.2 })
        set(.dwellings, population.map { $0 / 2.2 * 1.15 })
        set(.vacantDwellings, population.map { $0 / 2.2 * 0.08 })
        set(.secondHomes, population.map { $0 / 2.2 * 0.05 })
        set(.jobs, population.map { $0 * 0.4 })
        set(.areaHa, Array(repeating: 2_500, count: 9))
        set(.artificializedHa, Array(repeating: 300, count: 9))
        set(.agriculturalHa, Array(repeating: 1_200, count: 9))
        set(.naturalHa, Array(repeating: 500, count: 9))
        set(.forestHa, Array(repeating: 450, count: 9))
        set(.waterHa, Array(repeating: 50, count: 9))
        set(.naf2011To2020Ha, population.map { $0 / 20 })
        set(.nafSince2021Ha, population.map { $0 / 60 })
        set(.nafHousingSharePct, Array(repeating: 65, count: 9))
        set(.rooftopPVPotentialMWp, Array(repeating: 20, count: 9))
        set(.groundPVPotentialMWp, Array(repeating: 30, count: 9))
        set(.groundPVArtificialPotentialMWp, Array(repeating: 5, count: 9))
        set(.windPotentialMW, Array(repeating: 10, count: 9))
        set(.pvYieldKWhPerKWp, Array(repeating: 1_300, count: 9))
        set(.installedPVMWp, Array(repeating: 1, count: 9))
        set(.installedWindMW, Array(repeating: 0, count: 9))
        set(.coastlineKm, [3] + Array(repeating: 0, count: 8))
        set(.erosionMPerYear, [1.5] + Array(repeating: 0, count: 8))
        let table = ZoneTable(codes: (1...9).map { String(format: "17%03d", $0) }, names: names, columns: columns)
        return Simulator(base: try! BaseState(table: table, referenceYear: 2024))
    }()

    static var data: ExplorerData {
        var outlines: [MultiPolygonCoordinates] = []
        for row in 0..<3 { for column in 0..<3 { outlines.append(square(Double(column) * 5_000, Double(row) * 5_000, 5_000)) } }
        return ExplorerData(title: "Île de Ré", attribution: "test", names: names, outlines: outlines,
                            envelopes: outlines.map(\.envelope),
                            variables: [MapVariable(id: "population", label: "Population", unit: "inhabitants", varies: true),
                                        MapVariable(id: "naf_consumption_ha", label: "ENAF consumed", unit: "ha/yr", varies: true),
                                        MapVariable(id: "area_ha", label: "Area", unit: "ha", varies: false)],
                            attributeValues: ["area_ha": Array(repeating: 2_500, count: 9)],
                            referenceYear: 2024, lastYear: 2050,
                            details: [(label: "Population", unit: "inhabitants", values: (1...9).map { Double($0) * 100 })],
                            catalog: simulator.catalog)
    }
}

/// What the explorer tests share: a start, the effects run in place, keys sent.
class ExplorerTestCase: XCTestCase {
    let theme = try! Themes.load("default", environment: [:])
    let store = MemoryStore()

    func start(_ width: Int = 80, _ height: Int = 24, options: ExplorerOptions = ExplorerOptions()) -> (ExplorerState, [Effect]) {
        Explorer.start(Fixture.data, width: width, height: height, theme: theme, tier: .ansi256, glyphs: .unicode, options: options)
    }

    /// Runs effects synchronously, as the workers would, with the real simulation.
    func settle(_ state: ExplorerState, _ effects: [Effect]) -> ExplorerState {
        var s = state
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            var more: [Effect] = []
            switch effect {
            case .rasterize(let r):
                (s, more) = Explorer.update(s, .rasterReady(r, ZoneRaster(zones: Fixture.data.outlines, envelopes: Fixture.data.envelopes,
                                                                         viewport: r.viewport, columns: r.columns, rows: r.rows)), data: Fixture.data)
            case .simulate(let request):
                (s, more) = Explorer.update(s, .simulated(request, Fixture.simulator.run(request.settings, recording: request.recording)),
                                            data: Fixture.data)
            case .store(let request):
                switch request {
                case .journal(let kind, let settings, let detail): try! store.journal(kind, settings, detail: detail)
                case .listScenarios: (s, more) = Explorer.update(s, .stored(.scenarios(try! store.scenarios())), data: Fixture.data)
                case .save(let name, let notes, let settings):
                    try! store.save(name: name, notes: notes, settings: settings)
                    (s, more) = Explorer.update(s, .stored(.saved(name, settings)), data: Fixture.data)
                case .delete(let name): try! store.delete(name)
                case .rename(let name, let newName): try! store.rename(name, to: newName)
                case .publish(let view): try! store.publish(view)
                case .readSharedView: (s, more) = Explorer.update(s, .stored(.shared(try! store.sharedView())), data: Fixture.data)
                }
            case .writeFile, .writeReport, .quit: break
            }
            queue += more
        }
        return s
    }

    func send(_ state: ExplorerState, _ keys: Key...) -> ExplorerState {
        var s = state
        for key in keys {
            let (next, effects) = Explorer.update(s, .input(.key(key)), data: Fixture.data)
            s = settle(next, effects)
        }
        return s
    }
}

final class ExplorerTests: ExplorerTestCase {

    func testStartAsksForARasterAndRunsThenShowsTheMap() {
        let (state, effects) = start()
        XCTAssertEqual(effects.filter { if case .simulate = $0 { return true } else { return false } }.count, 2, "Baseline and current")
        XCTAssertTrue(effects.contains { if case .rasterize = $0 { return true } else { return false } })
        let ready = settle(state, effects)
        let screen = Explorer.view(ready, data: Fixture.data).lines
        XCTAssertTrue(screen[0].hasPrefix("Île de Ré · Population · 2024"), screen[0])
        XCTAssertTrue(screen.contains { $0.contains("2024, quantiles") }, screen.joined(separator: "\n"))
        XCTAssertTrue(screen.last!.contains("?:help"), "footer hints from the keymap")
        XCTAssertEqual(Explorer.zoneUnderCursor(ready), 4, "the centre commune")
    }

    func testStaleRunsAreDropped() {
        let ready = settle(start().0, start().1)
        let (moved, effects) = Explorer.update(ready, .input(.key(.character("p"))), data: Fixture.data)
        XCTAssertTrue(effects.isEmpty)
        let (first, firstEffects) = Explorer.update(moved, .input(.key(.right)), data: Fixture.data)
        let (second, secondEffects) = Explorer.update(first, .input(.key(.right)), data: Fixture.data)
        guard let old = firstEffects.compactMap({ if case .simulate(let r) = $0 { return r } else { return nil } }).first,
              let new = secondEffects.compactMap({ if case .simulate(let r) = $0 { return r } else { return nil } }).first else {
            return XCTFail("each change asks for a run")
        }
        XCTAssertGreaterThan(new.generation, old.generation)
        let (after, _) = Explorer.update(second, .simulated(old, Fixture.simulator.run(old.settings, recording: old.recording)), data: Fixture.data)
        XCTAssertNil(after.resultRequest.map { $0.generation == old.generation ? $0 : nil } ?? nil, "the older run is dropped")
        let (latest, _) = Explorer.update(after, .simulated(new, Fixture.simulator.run(new.settings, recording: new.recording)), data: Fixture.data)
        XCTAssertEqual(latest.resultRequest?.settings.schedules["zan"]?.value, 10)
    }

    func testPanZoomFitAndYears() {
        let ready = settle(start().0, start().1)
        let viewport = ready.viewport!
        XCTAssertLessThan(send(ready, .character("+")).viewport!.metresPerPixel, viewport.metresPerPixel)
        XCTAssertGreaterThan(send(ready, .character("z")).viewport!.metresPerPixel, viewport.metresPerPixel)
        XCTAssertGreaterThan(send(ready, .right).viewport!.center.x, viewport.center.x)
        XCTAssertLessThan(send(ready, .character("h")).viewport!.center.x, viewport.center.x)
        XCTAssertGreaterThan(send(ready, .character("k")).viewport!.center.y, viewport.center.y)
        XCTAssertEqual(send(ready, .character("+"), .character("+"), .left, .character("0")).viewport, viewport)
        XCTAssertEqual(send(ready, .character("]"), .character("]"), .character("[")).year, 2025)
        XCTAssertEqual(send(ready, .character("[")).year, 2024, "not before the reference year")
        // Attributes are the base year's only.
        let area = send(ready, .character("v"), .character("v"), .character("]"))
        XCTAssertEqual(area.year, 2024)
        XCTAssertNotNil(area.message)
    }

    func testSearchFindsAZoneIgnoringAccentsAndFliesToIt() {
        let ready = settle(start().0, start().1)
        XCTAssertEqual(Explorer.searchMatches("sainte", Fixture.data), [7])
        XCTAssertEqual(Explorer.searchMatches("RE", Fixture.data).count, 5, "the names containing Ré, re or RE")
        let typing = send(ready, .character("/"), .character("f"), .character("l"), .character("o"))
        let screen = Explorer.view(typing, data: Fixture.data).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("/ flo_"), screen)
        XCTAssertTrue(screen.contains("La Flotte"))
        let found = send(typing, .enter)
        XCTAssertEqual(found.selected, 2)
        XCTAssertEqual(found.mode, .map)
        XCTAssertEqual(Explorer.zoneUnderCursor(found), 2, "the map is centred on it")
        XCTAssertTrue(Explorer.view(found, data: Fixture.data).lines.joined().contains("La Flotte"))
        XCTAssertEqual(send(ready, .character("/"), .character("x"), .escape).mode, .map)
    }

    func testHelpInspectorTooSmallAndQuit() {
        let ready = settle(start().0, start().1)
        let help = send(ready, .character("?"))
        XCTAssertEqual(help.mode, .help)
        XCTAssertTrue(Explorer.view(help, data: Fixture.data).lines.joined().contains("fit the territory"))
        XCTAssertEqual(send(help, .escape).mode, .map)
        let inspected = send(ready, .enter)
        XCTAssertEqual(inspected.selected, 4)
        XCTAssertTrue(Explorer.view(inspected, data: Fixture.data).lines.joined().contains("Le Bois-Plage-en-Ré"))
        var small = Explorer.update(ready, .input(.resize(width: 50, height: 15)), data: Fixture.data).0
        XCTAssertTrue(Explorer.view(small, data: Fixture.data).lines.joined().contains("Terminal too small"))
        small = settle(Explorer.update(small, .input(.resize(width: 80, height: 24)), data: Fixture.data).0,
                       Explorer.update(small, .input(.resize(width: 80, height: 24)), data: Fixture.data).1)
        XCTAssertTrue(Explorer.view(small, data: Fixture.data).lines[0].contains("Population"))
        let (quit, effects) = Explorer.update(ready, .input(.key(.character("q"))), data: Fixture.data)
        XCTAssertTrue(quit.quitting, "nothing unsaved: q quits at once")
        XCTAssertEqual(effects, [.quit])
    }

    func testMouseWheelZoomsAroundThePointerAndClickCentres() {
        let ready = settle(start().0, start().1)
        let map = ready.mapRect
        let zoomed = Explorer.update(ready, .input(.wheel(x: map.x + map.width / 2, y: map.y + map.height / 2, up: true)), data: Fixture.data).0
        XCTAssertLessThan(zoomed.viewport!.metresPerPixel, ready.viewport!.metresPerPixel)
        XCTAssertEqual(zoomed.viewport!.center.x, ready.viewport!.center.x, accuracy: 1e-6)
        let clicked = Explorer.update(ready, .input(.click(x: map.x + 2, y: map.y + 2)), data: Fixture.data).0
        XCTAssertLessThan(clicked.viewport!.center.x, ready.viewport!.center.x)
    }

    func testDraggingPansTheMapWithThePointer() {
        let ready = settle(start().0, start().1)
        let map = ready.mapRect
        let x = map.x + map.width / 2, y = map.y + map.height / 2
        let dragged = Explorer.update(ready, .input(.drag(fromX: x, fromY: y, toX: x + 10, toY: y)), data: Fixture.data).0
        XCTAssertEqual(dragged.viewport!.center.x, ready.viewport!.center.x - 10 * ready.viewport!.metresPerPixel, accuracy: 1e-6,
                       "dragging right shows what lies to the left")
        let outside = Explorer.update(ready, .input(.drag(fromX: map.maxX + 1, fromY: y, toX: x, toY: y)), data: Fixture.data).0
        XCTAssertEqual(outside.viewport, ready.viewport, "a drag that starts off the map does not pan it")
    }

    func testManualClassBreaksAreTypedAndABadLineIsRefusedInWords() {
        var s = settle(start().0, start().1)
        s = Explorer.update(s, .input(.key(.character("B"))), data: Fixture.data).0
        XCTAssertTrue(Explorer.view(s, data: Fixture.data).lines.joined().contains("Class breaks"))
        for c in "300 600" { s = Explorer.update(s, .input(.key(.character(c))), data: Fixture.data).0 }
        s = Explorer.update(s, .input(.key(.enter)), data: Fixture.data).0
        XCTAssertEqual(s.breaks, .manual([300, 600]))
        let screen = Explorer.view(s, data: Fixture.data).lines.joined(separator: "\n")
        XCTAssertTrue(screen.contains("manual breaks"), screen)
        s = Explorer.update(s, .input(.key(.character("B"))), data: Fixture.data).0
        for _ in 0..<7 { s = Explorer.update(s, .input(.key(.backspace)), data: Fixture.data).0 }
        for c in "ten" { s = Explorer.update(s, .input(.key(.character(c))), data: Fixture.data).0 }
        s = Explorer.update(s, .input(.key(.enter)), data: Fixture.data).0
        XCTAssertEqual(s.breaks, .manual([300, 600]), "a bad line changes nothing")
        XCTAssertNotNil(s.message)
        XCTAssertTrue(Explorer.view(s, data: Fixture.data).lines.last!.contains("class breaks"))
    }

    func testTheRuntimeDrawsTheMapOnceWorkIsDone() {
        let terminal = FakeTerminal(width: 80, height: 24, events: [])
        let runtime = ExplorerRuntime(data: Fixture.data, display: terminal, store: store) { Fixture.simulator.run($0, recording: $1) }
        let state = runtime.run(theme: theme, tier: .ansi256, glyphs: .unicode, maxIdleFrames: 20)
        XCTAssertNotNil(state.raster)
        XCTAssertNotNil(state.result)
        XCTAssertNotNil(state.baseline)
        XCTAssertTrue(terminal.frames.last!.lines.contains { $0.contains("2024, quantiles") })
        let quitting = FakeTerminal(width: 80, height: 24, events: [.key(.character("q"))])
        XCTAssertTrue(ExplorerRuntime(data: Fixture.data, display: quitting, store: store) { Fixture.simulator.run($0, recording: $1) }
            .run(theme: theme, tier: .ansi256, glyphs: .unicode).quitting)
    }
}
