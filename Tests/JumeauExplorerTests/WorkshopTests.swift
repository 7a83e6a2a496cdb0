import Foundation
import JumeauExplorer
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes
import XCTest

final class WorkshopTests: ExplorerTestCase {
    func screen(_ s: ExplorerState) -> String { Explorer.view(s, data: Fixture.data).lines.joined(separator: "\n") }

    func ready(_ width: Int = 80, _ height: Int = 24, options: ExplorerOptions = ExplorerOptions()) -> ExplorerState {
        let (state, effects) = start(width, height, options: options)
        return settle(state, effects)
    }

    func type(_ s: ExplorerState, _ text: String) -> ExplorerState {
        var state = s
        for c in text { state = send(state, .character(c)) }
        return state
    }

    func testTheHeadlineSlidersAreAlwaysShownAndMoveTowardsAmbition() {
        let s = ready()
        let text = screen(s)
        for label in ["ZAN cut", "Density", "Renewables", "Baseline", "code J"] { XCTAssertTrue(text.contains(label), "\(label)\n\(text)") }
        var zan = send(s, .character("p"))
        XCTAssertEqual(zan.focus, .levers(0), "p selects zan, the first lever")
        for _ in 0..<10 { zan = send(zan, .right) }
        XCTAssertEqual(zan.levers.schedules["zan"]?.value, 50)
        XCTAssertTrue(screen(zan).contains("50 %"))
        XCTAssertTrue(screen(zan).contains("JA0A"), "the code follows the levers")
        XCTAssertTrue(zan.unsaved)
        // ZAN 50 cuts the land consumed in 2030 against Baseline, on screen too.
        let at2030 = send(send(zan, .escape), .character("v"), .character("]"), .character("]"), .character("]"), .character("]"), .character("]"), .character("]"))
        XCTAssertEqual(at2030.year, 2030)
        let cut = at2030.result!.territory(.nafConsumption, year: 2030)!, trend = at2030.baseline!.territory(.nafConsumption, year: 2030)!
        XCTAssertLessThan(cut, trend)
        XCTAssertTrue(screen(at2030).contains("ENAF/yr"), screen(at2030))
        XCTAssertTrue(screen(at2030).contains("↓"), "the difference from Baseline\n\(screen(at2030))")
        // PgUp is a big step; population growth is more ambitious when lower: → lowers it.
        XCTAssertEqual(send(zan, .pageUp).levers.schedules["zan"]?.value, 60)
        var growth = send(s, .character("p"), .down, .down, .down)
        XCTAssertTrue(growth.moreLevers, "walking past the third lever opens the others")
        XCTAssertEqual(growth.focus, .levers(3))
        growth = send(growth, .right)
        XCTAssertLessThan(growth.levers.schedules["population_growth"]!.value, Fixture.simulator.catalog.lever("population_growth")!.baseline)
    }

    func testTypedValuesResetsUndoRedoAndTheJournal() {
        var s = send(ready(), .character("p"), .down, .enter)
        XCTAssertTrue(screen(s).contains("Density"))
        for _ in 0..<6 { s = send(s, .backspace) }
        s = type(s, "42")
        s = send(s, .enter)
        XCTAssertEqual(s.levers.schedules["density"]?.value, 42)
        s = send(s, .enter)
        for _ in 0..<6 { s = send(s, .backspace) }
        s = send(type(s, "500"), .enter)
        XCTAssertEqual(s.levers.schedules["density"]?.value, 42, "out of range: refused")
        XCTAssertTrue(s.message?.contains("outside") ?? false)
        s = send(s, .up, .right, .right)
        XCTAssertEqual(s.levers.schedules["zan"]?.value, 10)
        XCTAssertEqual(send(s, .character("r")).levers.schedules["zan"], nil, "r resets the lever to Baseline")
        XCTAssertTrue(send(s, .character("R")).levers.isBaseline, "R resets them all")
        let undone = send(s, .escape, .character("u"))
        XCTAssertEqual(undone.levers.schedules["zan"]?.value, 5)
        XCTAssertEqual(send(undone, .control("r")).levers.schedules["zan"]?.value, 10)
        XCTAssertTrue(store.journalEntries.contains { $0.0 == .levers && $0.2 == "density=42" })
        XCTAssertTrue(store.journalEntries.contains { $0.2 == "undo" })
        XCTAssertTrue(store.journalEntries.contains { $0.2 == "redo" })
    }

    func testHostileTypedValuesAreRefusedWithoutTrapping() {
        for typed in ["1e308", "-1e308", "99999999999999999999999", "nan", "inf", "0x10", "0x1p5", "4 2"] {
            var s = send(ready(), .character("p"), .down, .enter)
            for _ in 0..<6 { s = send(s, .backspace) }
            s = send(type(s, typed), .enter)
            XCTAssertNil(s.levers.schedules["density"], typed)
            XCTAssertNotNil(s.message, typed)
            XCTAssertFalse(screen(s).isEmpty)
        }
    }

    func testSaveOpenRenameDeleteAndQuitAskingFirst() {
        var s = send(ready(), .character("p"), .right, .right, .escape)
        let quit = send(s, .character("q"))
        XCTAssertEqual(quit.mode, .confirm(.quitUnsaved))
        XCTAssertFalse(quit.quitting)
        XCTAssertTrue(screen(quit).contains("quit without saving"))
        XCTAssertEqual(send(quit, .escape).mode, .map)
        s = send(type(send(s, .character("s")), "Sobre"), .enter)
        XCTAssertEqual(s.mode, .prompt(.scenarioNotes(name: "Sobre"), text: ""))
        s = send(type(s, "ZAN 10"), .enter)
        XCTAssertEqual(store.saved["Sobre"]?.settings.schedules["zan"]?.value, 10)
        XCTAssertEqual(store.saved["Sobre"]?.notes, "ZAN 10")
        XCTAssertFalse(s.unsaved)
        XCTAssertTrue(screen(s).contains("Sobre"))
        XCTAssertTrue(send(s, .character("q")).quitting, "saved: q quits at once")
        XCTAssertTrue(store.journalEntries.contains { $0.0 == .save && $0.2 == "Sobre" })

        // Open it from a fresh start; rename, duplicate and delete with confirmation.
        var other = ready()
        other = send(other, .character("o"))
        XCTAssertTrue(screen(other).contains("Sobre"))
        other = send(other, .enter)
        XCTAssertEqual(other.levers.schedules["zan"]?.value, 10)
        XCTAssertEqual(other.scenarioName, "Sobre")
        XCTAssertFalse(other.unsaved)
        other = send(other, .character("o"), .character("D"))
        for _ in 0..<20 { other = send(other, .backspace) }
        other = send(type(other, "Copie"), .enter)
        XCTAssertNotNil(store.saved["Copie"])
        other = send(other, .character("r"))
        for _ in 0..<20 { other = send(other, .backspace) }
        other = send(type(other, "Copie 2"), .enter)
        XCTAssertNil(store.saved["Copie"])
        XCTAssertNotNil(store.saved["Copie 2"])
        other = send(other, .character("d"))
        guard case .confirm(.deleteScenario(let doomed)) = other.mode else { return XCTFail("delete asks first") }
        other = send(other, .character("n"))
        XCTAssertNotNil(store.saved[doomed])
        other = send(other, .character("d"), .character("y"))
        XCTAssertNil(store.saved[doomed])
        // Names that cannot be used are refused in words.
        let baseline = send(type(send(ready(), .character("s")), "baseline"), .enter)
        XCTAssertTrue(baseline.message?.contains("built-in") ?? false)
    }

    func testQuittingWithUnsavedLeversCanSaveThenQuits() {
        var s = send(ready(), .character("p"), .right, .escape, .character("q"), .character("s"))
        s = send(type(s, "Avant de partir"), .enter, .enter)
        XCTAssertTrue(s.quitting)
        XCTAssertNotNil(store.saved["Avant de partir"])
        XCTAssertEqual(store.journalEntries.last?.0, .quit)
    }

    func testAResumeOfferAfterADroppedSession() {
        var levers = LeverSettings()
        try! levers.apply("zan=30", catalog: Fixture.simulator.catalog)
        let offered = ready(options: ExplorerOptions(resume: (levers, Date(timeIntervalSince1970: 1_790_000_000))))
        guard case .confirm(.resume) = offered.mode else { return XCTFail("the offer is shown first") }
        XCTAssertTrue(screen(offered).contains("Resume them?"))
        XCTAssertEqual(send(offered, .character("y")).levers, levers)
        XCTAssertTrue(send(offered, .character("n")).levers.isBaseline)
    }

    func testTimelineYearCursorPlayAndAlerts() {
        var s = send(ready(100, 30), .character("p"))
        for _ in 0..<4 { s = send(s, .right) }
        s = send(s, .escape, .character("t"))
        XCTAssertTrue(s.timeline)
        let text = screen(s)
        XCTAssertTrue(text.contains("Baseline"), text)
        XCTAssertTrue(text.contains("2031") && text.contains("2050"), "milestones on the axis\n\(text)")
        XCTAssertTrue(text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "braille lines")
        s = send(s, .character(">"), .character(">"))
        XCTAssertEqual(s.year, 2026)
        // Space plays the years; ticks advance them.
        s = send(s, .character(" "))
        XCTAssertTrue(s.playing)
        s = Explorer.update(s, .tick(500), data: Fixture.data).0
        s = Explorer.update(s, .tick(1_000), data: Fixture.data).0
        XCTAssertEqual(s.year, 2028)
        s = send(s, .escape)
        XCTAssertFalse(s.playing)
        // ASCII terminals get glyph lines instead of braille.
        var ascii = s
        ascii.glyphs = .ascii
        let nonASCII = Explorer.view(ascii, data: Fixture.data).lines.joined().unicodeScalars.filter { !$0.isASCII }
        XCTAssertTrue(nonASCII.isEmpty, String(String.UnicodeScalarView(nonASCII)))
        // Alerts in words: this territory exceeds its ZAN budget at Baseline.
        XCTAssertTrue(screen(ready(100, 40)).contains("ZAN budget exceeded"), screen(ready(100, 40)))
    }

    func testTheZANTimelineShowsTheLawsTrajectory() {
        // Issue 13: the land chart is read against what the law allows each year.
        var s = send(ready(100, 30), .character("t"))
        s.variable = 1 // naf_consumption_ha
        var data = Fixture.data
        XCTAssertFalse(Explorer.view(s, data: data).lines.joined().contains("Law's trajectory"), "no trajectory, no line")
        data.lawTrajectory = Fixture.simulator.zanTrajectory()
        let text = Explorer.view(s, data: data).lines.joined(separator: "\n")
        XCTAssertTrue(text.contains("Law's trajectory"), text)
    }

    func testClickingOnASliderBarSetsTheLever() {
        let s = ready()
        let panel = MapFrame.layout(width: 80, height: 23).panel
        // The zan bar is the row under its label, below the one-line header.
        let barY = panel.y + 2
        let right = Explorer.update(s, .input(.click(x: panel.maxX - 2, y: barY)), data: Fixture.data).0
        XCTAssertEqual(right.levers.schedules["zan"]?.value, 100, "the right end is the most ambitious")
        let middle = Explorer.update(s, .input(.drag(fromX: panel.x + 1, fromY: barY, toX: panel.x + panel.width / 2, toY: barY)), data: Fixture.data).0
        XCTAssertEqual(middle.levers.schedules["zan"]?.value ?? 0, 50, accuracy: 5)
    }

    func testCompareShowsTheDifferenceMapAndTheKeyYears() {
        var s = send(ready(), .character("v"), .character("p"))
        for _ in 0..<10 { s = send(s, .right) }
        s = send(type(send(s, .escape, .character("s")), "Loi"), .enter, .enter)
        s = send(s, .character("p"), .character("R"), .escape)
        XCTAssertTrue(s.levers.isBaseline)
        s = send(s, .character("o"), .character("c"))
        XCTAssertEqual(s.compare, "Loi")
        for _ in 0..<6 { s = send(s, .character("]")) }
        let difference = Explorer.mapValues(s, Fixture.data)!
        let mine = s.result!.zones(.nafConsumption, year: 2030)!, theirs = s.comparisons["Loi"]!.zones(.nafConsumption, year: 2030)!
        XCTAssertEqual(difference, zip(mine, theirs).map { $0 - $1 })
        XCTAssertTrue(difference.contains { $0 > 0 }, "Baseline consumes more than the ZAN 50 scenario")
        let text = screen(s)
        for expected in ["Current - Loi", "2031", "2040", "2050", "current - Loi"] { XCTAssertTrue(text.contains(expected), "\(expected)\n\(text)") }
        XCTAssertNil(send(s, .escape).compare, "Esc ends the comparison")
    }
}
