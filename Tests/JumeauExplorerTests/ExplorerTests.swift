import Foundation
import JumeauExplorer
import JumeauModel
import JumeauRender
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

enum Fixture {
    static func square(_ x: Double, _ y: Double, _ size: Double) -> MultiPolygonCoordinates {
        MultiPolygonCoordinates(polygons: [PolygonRings(rings: [[Point2(x: x, y: y), Point2(x: x + size, y: y),
            Point2(x: x + size, y: y + size), Point2(x: x, y: y + size), Point2(x: x, y: y)]])])
    }

    /// Nine communes in a 3×3 grid of 5 km squares.
    static var data: ExplorerData {
        var outlines: [MultiPolygonCoordinates] = []
        for row in 0..<3 { for column in 0..<3 { outlines.append(square(Double(column) * 5_000, Double(row) * 5_000, 5_000)) } }
        let names = ["Ars-en-Ré", "Loix", "La Flotte", "Saint-Martin-de-Ré", "Le Bois-Plage-en-Ré", "La Couarde-sur-Mer",
                     "Rivedoux-Plage", "Sainte-Marie-de-Ré", "Les Portes-en-Ré"]
        return ExplorerData(title: "Île de Ré", attribution: "test", names: names, outlines: outlines,
                            envelopes: outlines.map(\.envelope),
                            variables: [MapVariable(id: "population", label: "Population", unit: "inhabitants", varies: true),
                                        MapVariable(id: "area_ha", label: "Area", unit: "ha", varies: false)],
                            referenceYear: 2024, lastYear: 2050,
                            details: [(label: "Population", unit: "inhabitants", values: (1...9).map { Double($0) * 100 })])
    }

    static func values(_ request: ValuesRequest) -> [Double] {
        (1...9).map { Double($0) * 100 + Double(request.year - 2024) + Double(request.variable) * 1_000 }
    }
}

final class ExplorerTests: XCTestCase {
    let theme = try! Themes.load("default", environment: [:])

    func start(_ width: Int = 80, _ height: Int = 24) -> (ExplorerState, [Effect]) {
        Explorer.start(Fixture.data, width: width, height: height, theme: theme, tier: .ansi256, glyphs: .unicode)
    }

    /// Runs effects synchronously, as the worker would.
    func settle(_ state: ExplorerState, _ effects: [Effect]) -> ExplorerState {
        var s = state
        for effect in effects {
            switch effect {
            case .rasterize(let r):
                (s, _) = Explorer.update(s, .rasterReady(r, ZoneRaster(zones: Fixture.data.outlines, envelopes: Fixture.data.envelopes,
                                                                      viewport: r.viewport, columns: r.columns, rows: r.rows)), data: Fixture.data)
            case .computeValues(let v): (s, _) = Explorer.update(s, .valuesReady(v, Fixture.values(v)), data: Fixture.data)
            case .quit: break
            }
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

    func testStartAsksForARasterAndValuesThenShowsTheMap() {
        let (state, effects) = start()
        XCTAssertEqual(effects.count, 2)
        let ready = settle(state, effects)
        let screen = Explorer.view(ready, data: Fixture.data).lines
        XCTAssertTrue(screen[0].hasPrefix("Île de Ré · Population · 2024"), screen[0])
        XCTAssertTrue(screen.contains { $0.contains("quantiles, 9 zones") })
        XCTAssertTrue(screen.last!.contains("?:help"), "footer hints from the keymap")
        XCTAssertEqual(Explorer.zoneUnderCursor(ready), 4, "the centre commune")
    }

    func testStaleResultsAreDropped() {
        let (state, effects) = start()
        guard case .computeValues(let old) = effects[1] else { return XCTFail() }
        let moved = send(settle(state, effects), .character("]"))
        let (after, _) = Explorer.update(moved, .valuesReady(old, Array(repeating: -1, count: 9)), data: Fixture.data)
        XCTAssertEqual(after.year, 2025)
        XCTAssertEqual(after.values?.first, 101, "the 2025 values, not the stale ones")
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
        let area = send(ready, .character("v"), .character("]"))
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
        XCTAssertTrue(quit.quitting)
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
        let runtime = ExplorerRuntime(data: Fixture.data, display: terminal) { Fixture.values($0) }
        let state = runtime.run(theme: theme, tier: .ansi256, glyphs: .unicode, maxIdleFrames: 20)
        XCTAssertNotNil(state.raster)
        XCTAssertNotNil(state.values)
        XCTAssertTrue(terminal.frames.last!.lines.contains { $0.contains("quantiles, 9 zones") })
        let quitting = FakeTerminal(width: 80, height: 24, events: [.key(.character("q"))])
        XCTAssertTrue(ExplorerRuntime(data: Fixture.data, display: quitting) { Fixture.values($0) }
            .run(theme: theme, tier: .ansi256, glyphs: .unicode).quitting)
    }
}
