import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes
import XCTest

@testable import JumeauExplorer

/// A terminal in memory: scripted input, the frames it was sent.
final class FakeTerminal: TerminalDisplay, @unchecked Sendable {
    var size: (width: Int, height: Int)
    var events: [InputEvent]
    var frames: [Buffer] = []
    var stopRequested = false
    init(width: Int, height: Int, events: [InputEvent]) {
        size = (width, height)
        self.events = events
    }
    func draw(_ buffer: Buffer) { frames.append(buffer) }
    func nextEvent(timeout milliseconds: Int) -> InputEvent? {
        if events.isEmpty {
            usleep(UInt32(milliseconds) * 1000)
            return nil
        }
        return events.removeFirst()
    }
}

/// The twin's scenarios and journal, in memory.
final class MemoryStore: WorkshopStore, @unchecked Sendable {
    var saved: [String: (notes: String, settings: LeverSettings)] = [:]
    var journalEntries: [(JournalEntry.Kind, LeverSettings, String)] = []
    func scenarios() throws -> [ScenarioInfo] {
        saved.keys.sorted().map {
            ScenarioInfo(name: $0, notes: saved[$0]!.notes, settings: saved[$0]!.settings, updatedAt: Date())
        }
    }
    func save(name: String, notes: String, settings: LeverSettings) throws { saved[name] = (notes, settings) }
    func delete(_ name: String) throws { saved[name] = nil }
    func rename(_ name: String, to newName: String) throws {
        saved[newName] = saved[name]
        saved[name] = nil
    }
    func journal(_ kind: JournalEntry.Kind, _ settings: LeverSettings, detail: String) throws {
        journalEntries.append((kind, settings, detail))
    }
    var shared: SharedView?
    var publications = 0
    func publish(_ view: SharedView) throws {
        shared = view
        publications += 1
    }
    func sharedView() throws -> SharedView? { shared }
}

enum Fixture {
    static func square(_ x: Double, _ y: Double, _ size: Double) -> MultiPolygonCoordinates {
        MultiPolygonCoordinates(polygons: [
            PolygonRings(rings: [
                [
                    Point2(x: x, y: y), Point2(x: x + size, y: y),
                    Point2(x: x + size, y: y + size), Point2(x: x, y: y + size), Point2(x: x, y: y),
                ]
            ])
        ])
    }

    static let names = [
        "Ars-en-Ré", "Loix", "La Flotte", "Saint-Martin-de-Ré", "Le Bois-Plage-en-Ré", "La Couarde-sur-Mer",
        "Rivedoux-Plage", "Sainte-Marie-de-Ré", "Les Portes-en-Ré",
    ]

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
        for row in 0..<3 {
            for column in 0..<3 { outlines.append(square(Double(column) * 5_000, Double(row) * 5_000, 5_000)) }
        }
        return ExplorerData(
            title: "Île de Ré", attribution: "test", names: names, outlines: ZoneRings(outlines),
            envelopes: outlines.map(\.envelope),
            variables: [
                MapVariable(id: "population", label: "Population", unit: "inhabitants", varies: true),
                MapVariable(id: "naf_consumption_ha", label: "ENAF consumed", unit: "ha/yr", varies: true),
                MapVariable(
                    id: "naf_consumed_since_2021_ha", label: "ENAF since 2021", unit: "ha",
                    varies: true),
                MapVariable(id: "area_ha", label: "Area", unit: "ha", varies: false),
            ],
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

    func start(
        _ width: Int = 80, _ height: Int = 24, options: ExplorerOptions = ExplorerOptions()
    ) -> (ExplorerState, [Effect]) {
        Explorer.start(
            Fixture.data, width: width, height: height, theme: theme, tier: .ansi256, glyphs: .unicode, options: options
        )
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
                (s, more) = Explorer.update(
                    s,
                    .rasterReady(
                        r,
                        ZoneRaster(
                            zones: Fixture.data.outlines, envelopes: Fixture.data.envelopes,
                            viewport: r.viewport, columns: r.columns, rows: r.rows)), data: Fixture.data)
            case .simulate(let request):
                (s, more) = Explorer.update(
                    s, .simulated(request, Fixture.simulator.run(request.settings, recording: request.recording)),
                    data: Fixture.data)
            case .store(let request):
                switch request {
                case .journal(let kind, let settings, let detail): try! store.journal(kind, settings, detail: detail)
                case .listScenarios:
                    (s, more) = Explorer.update(s, .stored(.scenarios(try! store.scenarios())), data: Fixture.data)
                case .save(let name, let notes, let settings):
                    try! store.save(name: name, notes: notes, settings: settings)
                    (s, more) = Explorer.update(s, .stored(.saved(name, settings)), data: Fixture.data)
                case .delete(let name): try! store.delete(name)
                case .rename(let name, let newName): try! store.rename(name, to: newName)
                case .publish(let view): try! store.publish(view)
                case .readSharedView:
                    (s, more) = Explorer.update(s, .stored(.shared(try! store.sharedView())), data: Fixture.data)
                case .probe: try! store.probe()
                }
            case .writeFile, .writeReport, .scope, .quit: break
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
    func screen(_ s: ExplorerState) -> String { Explorer.view(s, data: Fixture.data).lines.joined(separator: "\n") }

    func testItOpensOnTheLandTakenAtTheFirstMilestoneAndEveryRunIsDerived() {
        let (state, effects) = start()
        // Levers at Baseline: one run answers both the Baseline and the current levers.
        XCTAssertEqual(
            effects.filter { if case .simulate = $0 { return true } else { return false } }.count, 1,
            "one run for Baseline and current")
        XCTAssertTrue(effects.contains { if case .rasterize = $0 { return true } else { return false } })
        let ready = settle(state, effects)
        XCTAssertNotNil(ready.workshop.result)
        XCTAssertEqual(ready.workshop.result?.territory(.population, year: 2031),
                       ready.workshop.baseline?.territory(.population, year: 2031))
        let lines = Explorer.view(ready, data: Fixture.data).lines
        XCTAssertTrue(lines[0].hasPrefix("Île de Ré · ENAF since 2021 · 2031"), lines[0])
        XCTAssertTrue(lines.contains { $0.contains("2031, quantiles of Baseline") }, lines.joined(separator: "\n"))
        XCTAssertTrue(lines.last!.contains("?:help"), "footer hints from the keymap")
        XCTAssertTrue(lines.last!.contains("1/2/3:start/milestone/2050"), lines.last!)
        XCTAssertEqual(ready.map.zoneUnderCursor, 4, "the centre commune")
        // One key each for the reference year, the milestone and 2050.
        XCTAssertEqual(send(ready, .character("1")).map.year, 2024)
        XCTAssertEqual(send(ready, .character("3")).map.year, 2050)
        XCTAssertEqual(send(ready, .character("3"), .character("2")).map.year, 2031)
        // The milestone follows its lever.
        XCTAssertEqual(
            send(
                ready, .character("p"), .down, .down, .down, .down, .down, .down, .down, .left, .escape,
                .character("1"), .character("2")
            ).map.year, 2034)
    }

    func testAllOptionsCanOverrideTheFirstView() {
        var options = ExplorerOptions(variable: "population")
        options.year = 2040
        let ready = settle(start(options: options).0, start(options: options).1)
        XCTAssertEqual(ready.map.year, 2040)
        XCTAssertTrue(screen(ready).contains("Population · 2040"), screen(ready))
    }

    func testStaleRunsAreDropped() {
        let ready = settle(start().0, start().1)
        let (moved, effects) = Explorer.update(ready, .input(.key(.character("p"))), data: Fixture.data)
        XCTAssertTrue(effects.isEmpty)
        let (first, firstEffects) = Explorer.update(moved, .input(.key(.right)), data: Fixture.data)
        let (second, secondEffects) = Explorer.update(first, .input(.key(.right)), data: Fixture.data)
        guard
            let old = firstEffects.compactMap({ if case .simulate(let r) = $0 { return r } else { return nil } }).first,
            let new = secondEffects.compactMap({ if case .simulate(let r) = $0 { return r } else { return nil } }).first
        else {
            return XCTFail("each change asks for a run")
        }
        XCTAssertGreaterThan(new.generation, old.generation)
        let (after, _) = Explorer.update(
            second, .simulated(old, Fixture.simulator.run(old.settings, recording: old.recording)),
            data: Fixture.data)
        XCTAssertNil(
            after.workshop.resultRequest.map { $0.generation == old.generation ? $0 : nil } ?? nil,
            "the older run is dropped")
        let (latest, _) = Explorer.update(
            after, .simulated(new, Fixture.simulator.run(new.settings, recording: new.recording)),
            data: Fixture.data)
        XCTAssertEqual(latest.workshop.resultRequest?.settings.schedules["zan"]?.value, 10)
    }

    func testPanZoomFitAndYears() {
        let ready = settle(start().0, start().1)
        let viewport = ready.map.viewport!
        XCTAssertLessThan(send(ready, .character("+")).map.viewport!.metresPerPixel, viewport.metresPerPixel)
        XCTAssertGreaterThan(send(ready, .character("z")).map.viewport!.metresPerPixel, viewport.metresPerPixel)
        XCTAssertGreaterThan(send(ready, .right).map.viewport!.center.x, viewport.center.x)
        XCTAssertLessThan(send(ready, .character("h")).map.viewport!.center.x, viewport.center.x)
        XCTAssertGreaterThan(send(ready, .character("k")).map.viewport!.center.y, viewport.center.y)
        XCTAssertEqual(send(ready, .character("+"), .character("+"), .left, .character("0")).map.viewport, viewport)
        XCTAssertEqual(send(ready, .character("]"), .character("]"), .character("[")).map.year, 2032)
        XCTAssertEqual(send(ready, .character("1"), .character("[")).map.year, 2024, "not before the reference year")
        // Attributes are the base year's only.
        let area = send(
            ready, .character("v"), .character("a"), .character("r"), .character("e"), .character("a"), .enter,
            .character("]"))
        XCTAssertEqual(Fixture.data.variables[area.map.variable].id, "area_ha")
        XCTAssertEqual(area.map.year, 2031, "the year does not move")
        XCTAssertNotNil(area.message)
    }

    /// A resize keeps a fitted view fitted, and any other view's centre and scale.
    /// The last session's view comes back as it was, but a fitted one (at another size)
    /// is fitted to this terminal, and stays fitted for the next resize.
    func testTheLastSessionsFittedViewIsFittedAgain() {
        let small = settle(start(80, 24).0, start(80, 24).1)
        var options = ExplorerOptions()
        options.viewport = small.map.viewport
        let large = start(200, 60, options: options).0
        XCTAssertTrue(large.map.fitted)
        XCTAssertEqual(large.map.viewport, settle(start(200, 60).0, start(200, 60).1).map.viewport)
        options.viewport = send(small, .character("l")).map.viewport
        let panned = start(200, 60, options: options).0
        XCTAssertFalse(panned.map.fitted)
        XCTAssertEqual(panned.map.viewport, options.viewport)
    }

    func testAResizeRefitsAFittedViewAndKeepsAnyOther() {
        let ready = settle(start().0, start().1)
        let large = Explorer.update(ready, .input(.resize(width: 200, height: 60)), data: Fixture.data).0
        XCTAssertLessThan(
            large.map.viewport!.metresPerPixel, ready.map.viewport!.metresPerPixel, "more cells: a finer scale")
        XCTAssertTrue(large.map.fitted)
        let zoomed = send(ready, .character("+"))
        let resized = Explorer.update(zoomed, .input(.resize(width: 200, height: 60)), data: Fixture.data).0
        XCTAssertEqual(resized.map.viewport, zoomed.map.viewport)
        XCTAssertEqual(send(resized, .character("0")).map.fitted, true)
    }

    func testSearchFindsAZoneIgnoringAccentsAndFliesToIt() {
        let ready = settle(start().0, start().1)
        XCTAssertEqual(Explorer.searchMatches("sainte", Fixture.data), [7])
        XCTAssertEqual(Explorer.searchMatches("RE", Fixture.data).count, 5, "the names containing Ré, re or RE")
        let typing = send(ready, .character("/"), .character("f"), .character("l"), .character("o"))
        XCTAssertTrue(screen(typing).contains("/ flo"), screen(typing))
        XCTAssertTrue(screen(typing).contains("La Flotte"))
        let found = send(typing, .enter)
        XCTAssertEqual(found.map.selected, 2)
        XCTAssertNil(found.overlay)
        XCTAssertEqual(found.map.zoneUnderCursor, 2, "the map is centred on it")
        XCTAssertTrue(screen(found).contains("La Flotte"))
        XCTAssertNil(send(ready, .character("/"), .character("x"), .escape).overlay)
    }

    /// v opens a picker: typed letters filter it (accents ignored), Enter shows the choice;
    /// indicators first, then attributes, each once.
    func testThePickerFiltersAndGroupsTheVariables() throws {
        let ready = settle(start().0, start().1)
        let picker = send(ready, .character("v"))
        guard case .picker = picker.overlay else { return XCTFail("\(String(describing: picker.overlay))") }
        let text = screen(picker)
        let indicators = try XCTUnwrap(text.range(of: "Simulation indicators"))
        let attributes = try XCTUnwrap(text.range(of: "attributes"))
        XCTAssertLessThan(indicators.lowerBound, attributes.lowerBound)
        XCTAssertEqual(VariablePicker.choices("", Fixture.data).count, Fixture.data.variables.count)
        XCTAssertEqual(
            VariablePicker.choices("ÉNAF c", Fixture.data).map { Fixture.data.variables[$0].id }, ["naf_consumption_ha"]
        )
        let population = send(picker, .character("p"), .character("o"), .character("p"), .enter)
        XCTAssertEqual(Fixture.data.variables[population.map.variable].id, "population")
        XCTAssertNil(population.overlay)
        XCTAssertEqual(send(picker, .escape).map.variable, ready.map.variable)
    }

    func testHelpIsTheWholeKeymapAndAnyKeyClosesIt() {
        let ready = settle(start().0, start().1)
        let help = send(ready, .character("?"))
        XCTAssertEqual(help.overlay, .help(page: 0))
        XCTAssertTrue(screen(help).contains("this help"), screen(help))
        XCTAssertNil(send(help, .character("x")).overlay, "any key closes, as it says")
        // Every binding is on a page, at 80×24 and at 200×60, in full: descriptions wrap.
        for (width, height) in [(80, 24), (200, 60)] {
            let sized = Explorer.update(ready, .input(.resize(width: width, height: height)), data: Fixture.data).0
            let pages = HelpView.pages(sized.screen)
            var described: [String] = []
            for row in pages.flatMap({ $0.flatMap { $0 } }) {
                switch row {
                case .heading: break
                case .key(_, let text): described.append(text)
                case .more(let text): described[described.count - 1] += " " + text
                }
            }
            XCTAssertEqual(described, Keymap.bindings.map { Localizer.english($0.help) }, "\(width)x\(height)")
            let (_, columns, _, rows) = HelpView.layout(sized.screen)
            XCTAssertTrue(pages.allSatisfy { $0.count <= columns && $0.allSatisfy { $0.count <= rows } })
            // On screen: every page, no ellipsis in the box, and the last page says any key closes.
            var page = send(sized, .character("?"))
            for number in pages.indices {
                let buffer = Explorer.view(page, data: Fixture.data)
                let box = HelpView.layout(page.screen).rect
                let text = (box.y..<box.maxY).map { y in (box.x..<box.maxX).map { buffer[$0, y].text }.joined() }
                    .joined(separator: "\n")
                XCTAssertFalse(text.contains("…"), "page \(number + 1) at \(width)x\(height):\n\(text)")
                if number + 1 < pages.count { page = send(page, .pageDown) }
            }
            XCTAssertEqual(page.overlay, .help(page: pages.count - 1))
        }
        XCTAssertEqual(
            HelpView.pages(Screen(width: 200, height: 60, theme: theme, tier: .ansi256, glyphs: .unicode)).count, 1,
            "a large terminal shows it all at once")
    }

    func testInspectorTooSmallAndQuit() {
        let ready = settle(start().0, start().1)
        let inspected = send(ready, .enter)
        XCTAssertEqual(inspected.map.selected, 4)
        XCTAssertTrue(screen(inspected).contains("Le Bois-Plage-en-Ré"))
        var small = Explorer.update(ready, .input(.resize(width: 50, height: 15)), data: Fixture.data).0
        XCTAssertTrue(screen(small).contains("Terminal too small"))
        small = settle(
            Explorer.update(small, .input(.resize(width: 80, height: 24)), data: Fixture.data).0,
            Explorer.update(small, .input(.resize(width: 80, height: 24)), data: Fixture.data).1)
        XCTAssertTrue(Explorer.view(small, data: Fixture.data).lines[0].contains("ENAF since 2021"))
        let (quit, effects) = Explorer.update(ready, .input(.key(.character("q"))), data: Fixture.data)
        XCTAssertTrue(quit.quitting, "nothing unsaved: q quits at once")
        XCTAssertEqual(effects, [.quit])
    }

    func testMouseWheelZoomsAroundThePointerAndClickCentres() {
        let ready = settle(start().0, start().1)
        let map = ready.screen.mapRect
        let zoomed = Explorer.update(
            ready, .input(.wheel(x: map.x + map.width / 2, y: map.y + map.height / 2, up: true)),
            data: Fixture.data
        ).0
        XCTAssertLessThan(zoomed.map.viewport!.metresPerPixel, ready.map.viewport!.metresPerPixel)
        XCTAssertEqual(zoomed.map.viewport!.center.x, ready.map.viewport!.center.x, accuracy: 1e-6)
        let clicked = Explorer.update(ready, .input(.click(x: map.x + 2, y: map.y + 2)), data: Fixture.data).0
        XCTAssertLessThan(clicked.map.viewport!.center.x, ready.map.viewport!.center.x)
    }

    func testDraggingPansTheMapWithThePointer() {
        let ready = settle(start().0, start().1)
        let map = ready.screen.mapRect
        let x = map.x + map.width / 2
        let y = map.y + map.height / 2
        let dragged = Explorer.update(ready, .input(.drag(fromX: x, fromY: y, toX: x + 10, toY: y)), data: Fixture.data)
            .0
        XCTAssertEqual(
            dragged.map.viewport!.center.x, ready.map.viewport!.center.x - 10 * ready.map.viewport!.metresPerPixel,
            accuracy: 1e-6, "dragging right shows what lies to the left")
        let outside = Explorer.update(
            ready, .input(.drag(fromX: map.maxX + 1, fromY: y, toX: x, toY: y)), data: Fixture.data
        ).0
        XCTAssertEqual(outside.map.viewport, ready.map.viewport, "a drag that starts off the map does not pan it")
    }

    func testManualClassBreaksAreTypedAndABadLineIsRefusedInWords() {
        var s = settle(start().0, start().1)
        s = send(s, .character("B"))
        XCTAssertTrue(screen(s).contains("Class breaks"))
        for c in "3 6" { s = send(s, .character(c)) }
        s = send(s, .enter)
        XCTAssertEqual(s.map.classes.breaks, .manual([3, 6]))
        XCTAssertTrue(screen(s).contains("manual breaks"), screen(s))
        // The prompt opens on the breaks, selected: what is typed replaces them.
        s = send(s, .character("B"), .character("t"), .character("e"), .character("n"), .enter)
        XCTAssertEqual(s.map.classes.breaks, .manual([3, 6]), "a bad line changes nothing")
        XCTAssertNotNil(s.message)
        XCTAssertTrue(Explorer.view(s, data: Fixture.data).lines.last!.contains("class breaks"))
    }

    /// While the levers move, the classes stay those of the Baseline of the year shown, so
    /// a cut that applies everywhere changes colours on the map; `c` recomputes them.
    func testClassesStayPutWhileTheLeversMove() {
        // 2050: in the fixture's evenly spread zones the milestone's cut stays within each class.
        let ready = send(settle(start().0, start().1), .character("3"))
        let zan = send(ready, .character("p"), .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .escape)
        XCTAssertEqual(zan.workshop.levers.schedules["zan"]?.value, 50)
        let before = Explorer.view(ready, data: Fixture.data)
        let after = Explorer.view(zan, data: Fixture.data)
        let map = ready.screen.mapRect
        var changed = 0
        for y in map.y..<map.maxY {
            for x in map.x..<map.maxX where before[x, y].style != after[x, y].style { changed += 1 }
        }
        XCTAssertGreaterThan(changed, 0, "the map shows the cut")
        XCTAssertTrue(screen(zan).contains("quantiles of Baseline"), screen(zan))
        let recomputed = send(zan, .character("c"))
        XCTAssertFalse(recomputed.map.classes.fromBaseline)
        XCTAssertTrue(screen(recomputed).contains("quantiles of this run"), screen(recomputed))
    }

    func testTheRuntimeDrawsTheMapOnceWorkIsDone() {
        let terminal = FakeTerminal(width: 80, height: 24, events: [])
        let runtime = ExplorerRuntime(data: Fixture.data, display: terminal, store: store) {
            Fixture.simulator.run($0, recording: $1)
        }
        let state = runtime.run(theme: theme, tier: .ansi256, glyphs: .unicode, maxIdleFrames: 20)
        XCTAssertNotNil(state.map.raster)
        XCTAssertNotNil(state.workshop.result)
        XCTAssertNotNil(state.workshop.baseline)
        XCTAssertTrue(terminal.frames.last!.lines.contains { $0.contains("2031, quantiles") })
        let quitting = FakeTerminal(width: 80, height: 24, events: [.key(.character("q"))])
        XCTAssertTrue(
            ExplorerRuntime(data: Fixture.data, display: quitting, store: store) {
                Fixture.simulator.run($0, recording: $1)
            }
            .run(theme: theme, tier: .ansi256, glyphs: .unicode).quitting)
    }
}
