import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import JumeauThemes
import XCTest

@testable import JumeauExplorer

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
        for label in ["ZAN cut", "Density", "Renewables", "Baseline", "code J"] {
            XCTAssertTrue(text.contains(label), "\(label)\n\(text)")
        }
        var zan = send(s, .character("p"))
        XCTAssertEqual(zan.workshop.focus, 0, "p selects zan, the first lever")
        for _ in 0..<10 { zan = send(zan, .right) }
        XCTAssertEqual(zan.workshop.levers.schedules["zan"]?.value, 50)
        XCTAssertTrue(screen(zan).contains("50 %"))
        XCTAssertTrue(screen(zan).contains("JA0A"), "the code follows the levers")
        XCTAssertTrue(zan.workshop.unsaved)
        // ZAN 50 cuts the land consumed by the milestone against Baseline, on screen too.
        let shown = send(zan, .escape)
        let cut = shown.workshop.result!.territory(.nafConsumedSince2021, year: 2031)!
        let trend = shown.workshop.baseline!.territory(.nafConsumedSince2021, year: 2031)!
        XCTAssertLessThan(cut, trend)
        XCTAssertTrue(screen(shown).contains("ENAF/yr"), screen(shown))
        XCTAssertTrue(screen(shown).contains("↓"), "the difference from Baseline\n\(screen(shown))")
        // PgUp is a big step; population growth is more ambitious when lower: → lowers it.
        XCTAssertEqual(send(zan, .pageUp).workshop.levers.schedules["zan"]?.value, 60)
        var growth = send(s, .character("p"), .down, .down, .down)
        XCTAssertTrue(growth.workshop.moreLevers, "walking past the third lever opens the others")
        XCTAssertEqual(growth.workshop.focus, 3)
        growth = send(growth, .right)
        XCTAssertLessThan(
            growth.workshop.levers.schedules["population_growth"]!.value,
            Fixture.simulator.catalog.lever("population_growth")!.baseline)
    }

    /// The panel never lets a label touch its value; values carry their unit; a percentage
    /// moves in points; alerts wrap instead of being cut (80×24 and 160×48).
    func testThePanelReadsAsWordsAndNumbers() throws {
        for (width, height) in [(80, 24), (160, 48)] {
            let s = send(ready(width, height), .character("p"), .pageUp, .pageUp, .pageUp, .pageUp, .pageUp, .escape)
            let buffer = Explorer.view(s, data: Fixture.data)
            let panel = s.screen.panelRect
            let rows = (panel.y..<panel.maxY).map { y in
                String((panel.x..<panel.maxX).map { buffer[$0, y].text }.joined())
            }
            let text = rows.joined(separator: "\n")
            // "ZAN used" is a percentage: its difference is in points.
            let zanRow = try XCTUnwrap(rows.first { $0.hasPrefix("ZAN used") }, text)
            XCTAssertNotNil(
                zanRow.range(of: #"ZAN used +\d+(\.\d)?% [↑↓]\d+(\.\d)? pts"#, options: .regularExpression), zanRow)
            // Every indicator row: a label, a blank, the value with its unit.
            let enaf = try XCTUnwrap(rows.first { $0.hasPrefix("ENAF/yr") }, text)
            XCTAssertNotNil(enaf.range(of: #"^ENAF/yr +[\d,.]+ ha/yr "#, options: .regularExpression), enaf)
            if height == 48 {
                let population = try XCTUnwrap(rows.first { $0.lowercased().hasPrefix("population") }, text)
                XCTAssertNotNil(
                    population.range(of: #"^\S.*\S +[\d,]+ inh\."#, options: .regularExpression), population)
            }
            // A row, or an alert once the scenario leaves households unhoused.
            let unmet = try XCTUnwrap(rows.first { $0.hasPrefix("unmet need") || $0.hasPrefix("! unmet need") }, text)
            XCTAssertNotNil(
                unmet.range(of: #"unmet need:? +\d+ dw\."#, options: .regularExpression),
                "dwellings are whole: \(unmet)")
            XCTAssertFalse(
                rows.contains {
                    $0.range(of: #"[A-Za-z.][\d]{3}"#, options: .regularExpression) != nil && !$0.contains("20")
                },
                "no label runs into a number:\n\(text)")
        }
        // A relative change only where its base means something: not +4,000 % over a base of 87.
        let unmet = Indicator.unmetHousingNeed.definition
        XCTAssertEqual(WorkshopPanel.difference(4_300, from: 87, unmet, .english, unicode: true).text, "↑4,213✗")
        XCTAssertEqual(WorkshopPanel.difference(60, from: 100, unmet, .english, unicode: true).text, "↓40%✓")
        XCTAssertEqual(
            WorkshopPanel.difference(66, from: 100, Indicator.zanBudgetUsed.definition, .english, unicode: true).text,
            "↓34 pts✓")
    }

    func testTypedValuesResetsUndoRedoAndTheJournal() {
        // The prompt opens on the current value, selected: typing replaces it.
        var s = send(ready(), .character("p"), .down, .enter)
        XCTAssertTrue(screen(s).contains("Density"))
        s = send(type(s, "42"), .enter)
        XCTAssertEqual(s.workshop.levers.schedules["density"]?.value, 42)
        s = send(type(send(s, .enter), "500"), .enter)
        XCTAssertEqual(s.workshop.levers.schedules["density"]?.value, 42, "out of range: refused")
        XCTAssertTrue(s.message?.contains("outside") ?? false)
        s = send(s, .up, .right, .right)
        XCTAssertEqual(s.workshop.levers.schedules["zan"]?.value, 10)
        XCTAssertEqual(send(s, .character("r")).workshop.levers.schedules["zan"], nil, "r resets the lever to Baseline")
        XCTAssertTrue(send(s, .character("R")).workshop.levers.isBaseline, "R resets them all")
        let undone = send(s, .escape, .character("u"))
        XCTAssertEqual(undone.workshop.levers.schedules["zan"]?.value, 5)
        XCTAssertEqual(send(undone, .control("r")).workshop.levers.schedules["zan"]?.value, 10)
        XCTAssertTrue(store.journalEntries.contains { $0.0 == .levers && $0.2 == "density=42" })
        XCTAssertTrue(store.journalEntries.contains { $0.2 == "undo" })
        XCTAssertTrue(store.journalEntries.contains { $0.2 == "redo" })
    }

    func testHostileTypedValuesAreRefusedWithoutTrapping() {
        for typed in ["1e308", "-1e308", "99999999999999999999999", "nan", "inf", "0x10", "0x1p5", "4 2"] {
            let s = send(type(send(ready(), .character("p"), .down, .enter), typed), .enter)
            XCTAssertNil(s.workshop.levers.schedules["density"], typed)
            XCTAssertNotNil(s.message, typed)
            XCTAssertFalse(screen(s).isEmpty)
        }
    }

    /// Saving on the way out with a refused name asks for the name again; Esc there gives
    /// up quitting, and a later ordinary save does not quit.
    func testARefusedNameOnTheWayOutIsAskedAgain() {
        var s = send(ready(), .character("p"), .right, .escape, .character("q"), .character("s"))
        s = send(type(s, "baseline"), .enter)
        guard case .prompt(.scenarioName, let field) = s.overlay else {
            return XCTFail("\(String(describing: s.overlay))")
        }
        XCTAssertEqual(field.string, "baseline")
        XCTAssertNotNil(s.message)
        s = send(s, .escape)
        XCTAssertFalse(s.quitting)
        s = send(type(send(s, .character("s")), "plan A"), .enter, .enter)
        XCTAssertNotNil(store.saved["plan A"])
        XCTAssertFalse(s.quitting, "an ordinary save does not quit")
        // And on the way out, a good name after a refused one saves, then quits.
        s = send(send(s, .character("p"), .right, .escape), .character("q"), .character("s"), .control("u"), .enter)
        XCTAssertNotNil(s.message, "an empty name is refused")
        s = send(type(s, "plan B"), .enter, .enter)
        XCTAssertNotNil(store.saved["plan B"])
        XCTAssertTrue(s.quitting)
    }

    func testSaveOpenRenameDeleteAndQuitAskingFirst() {
        var s = send(ready(), .character("p"), .right, .right, .escape)
        let quit = send(s, .character("q"))
        XCTAssertEqual(quit.overlay, .confirm(.quitUnsaved))
        XCTAssertFalse(quit.quitting)
        XCTAssertTrue(screen(quit).contains("quit without saving"))
        XCTAssertNil(send(quit, .escape).overlay)
        s = send(type(send(s, .character("s")), "Sobre"), .enter)
        guard case .prompt(.scenarioNotes(name: "Sobre"), let notes) = s.overlay else {
            return XCTFail("\(String(describing: s.overlay))")
        }
        XCTAssertEqual(notes.string, "")
        s = send(type(s, "ZAN 10"), .enter)
        XCTAssertEqual(store.saved["Sobre"]?.settings.schedules["zan"]?.value, 10)
        XCTAssertEqual(store.saved["Sobre"]?.notes, "ZAN 10")
        XCTAssertFalse(s.workshop.unsaved)
        XCTAssertTrue(screen(s).contains("Sobre"))
        XCTAssertTrue(send(s, .character("q")).quitting, "saved: q quits at once")
        XCTAssertTrue(store.journalEntries.contains { $0.0 == .save && $0.2 == "Sobre" })
        // Saving again while it is loaded: the name is selected, so a new name replaces it.
        var again = send(s, .character("p"), .right, .escape, .character("s"))
        again = send(type(again, "Densité 30"), .enter, .enter)
        XCTAssertNotNil(store.saved["Densité 30"], "not 'SobreDensité 30': \(store.saved.keys)")

        // Open it from a fresh start; rename, duplicate and delete with confirmation.
        var other = send(ready(), .character("o"))
        XCTAssertTrue(screen(other).contains("Sobre"))
        other = send(other, .enter)
        XCTAssertEqual(other.workshop.levers.schedules["zan"]?.value, 15)
        XCTAssertEqual(other.workshop.scenarioName, "Densité 30")
        XCTAssertFalse(other.workshop.unsaved)
        other = send(other, .character("o"), .down, .character("D"))
        other = send(type(other, "Copie"), .enter)
        XCTAssertNotNil(store.saved["Copie"])
        other = send(other, .character("r"))
        other = send(type(other, "Copie 2"), .enter)
        XCTAssertNil(store.saved["Copie"])
        XCTAssertNotNil(store.saved["Copie 2"])
        other = send(other, .character("d"))
        guard case .confirm(.deleteScenario(let doomed)) = other.overlay else { return XCTFail("delete asks first") }
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
        guard case .confirm(.resume) = offered.overlay else { return XCTFail("the offer is shown first") }
        XCTAssertTrue(screen(offered).contains("Resume them?"))
        XCTAssertEqual(send(offered, .character("y")).workshop.levers, levers)
        XCTAssertTrue(send(offered, .character("n")).workshop.levers.isBaseline)
    }

    /// Cerema's yearly series, imported with its file, comes before the projection on the
    /// yearly consumption's timeline; a click there picks the reference year (no map before it).
    func testTheTimelineDrawsTheObservedYearsBeforeTheProjection() throws {
        var data = Fixture.data
        data.observedConsumption = [(2012, 3.5), (2013, 4.25), (2020, 2.0)]
        var s = send(ready(100, 30), .character("t"))
        s.map.variable = try XCTUnwrap(data.variables.firstIndex { $0.id == Indicator.nafConsumption.id })
        let view = TimelineView(state: s, data: data)
        let chart = try XCTUnwrap(view.chart)
        XCTAssertEqual(chart.years.first, 2012)
        XCTAssertEqual(chart.years.last, 2050)
        let observed = try XCTUnwrap(chart.series.first { $0.label == "observed (Cerema)" })
        XCTAssertEqual(Array(observed.values.prefix(2)), [3.5, 4.25])
        XCTAssertTrue(observed.values[2].isNaN, "2014 was not observed")
        XCTAssertEqual(observed.values[8], 2.0)
        XCTAssertTrue(observed.values.dropFirst(data.referenceYear - 2012).allSatisfy(\.isNaN), "none projected")
        // The projection's years start where they did.
        let current = chart.series[0]
        XCTAssertTrue(current.values[data.referenceYear - 2013].isNaN)
        XCTAssertTrue(current.values[data.referenceYear - 2012].isFinite)
        let columns = s.screen.mapRect.x..<s.screen.mapRect.maxX
        XCTAssertEqual(columns.lazy.compactMap { view.year(atColumn: $0) }.first, data.referenceYear)
        XCTAssertTrue(Explorer.view(s, data: data).lines.joined().contains("observed (Cerema)"))
        // Read from the twin's columns: every zone's value, years before the reference year only.
        let stored: [String: [Double]] = [
            "naf_consumed_2015_ha": [1, 2], "naf_consumed_2016_ha": [1, .nan], "naf_consumed_2030_ha": [1, 1],
            "naf_2011_2020_ha": [1, 1],
        ]
        let read = ExplorerData.observedConsumption(stored, before: 2024)
        XCTAssertEqual(read.map { $0.year }, [2015])
        XCTAssertEqual(read.first?.hectares, 3)
        // Another indicator has no observed years.
        s.map.variable = try XCTUnwrap(data.variables.firstIndex { $0.id == Indicator.population.id })
        XCTAssertEqual(TimelineView(state: s, data: data).chart?.years.first, data.referenceYear)
    }

    func testTimelineYearCursorPlayAndAlerts() {
        var s = send(ready(100, 30), .character("p"))
        for _ in 0..<4 { s = send(s, .right) }
        s = send(s, .escape, .character("t"), .character("1"))
        XCTAssertTrue(s.timeline.shown)
        let text = screen(s)
        XCTAssertTrue(text.contains("Baseline"), text)
        XCTAssertTrue(text.contains("2031") && text.contains("2050"), "milestones on the axis\n\(text)")
        XCTAssertTrue(text.unicodeScalars.contains { (0x2800...0x28FF).contains($0.value) }, "braille lines")
        s = send(s, .character(">"), .character(">"))
        XCTAssertEqual(s.map.year, 2026)
        // Space plays the years; ticks advance them.
        s = send(s, .character(" "))
        XCTAssertTrue(s.timeline.playing)
        s = Explorer.update(s, .tick(500), data: Fixture.data).0
        s = Explorer.update(s, .tick(1_000), data: Fixture.data).0
        XCTAssertEqual(s.map.year, 2028)
        s = send(s, .escape)
        XCTAssertFalse(s.timeline.playing)
        // ASCII terminals get glyph lines instead of braille.
        var ascii = s
        ascii.screen.glyphs = .ascii
        let nonASCII = Explorer.view(ascii, data: Fixture.data).lines.joined().unicodeScalars.filter { !$0.isASCII }
        XCTAssertTrue(nonASCII.isEmpty, String(String.UnicodeScalarView(nonASCII)))
        // Alerts in words: this territory exceeds its ZAN budget at Baseline.
        XCTAssertTrue(screen(ready(100, 40)).contains("ZAN budget exceeded"), screen(ready(100, 40)))
    }

    func testTheZANTimelineShowsTheLawsTrajectory() {
        // Issue 13: the land chart is read against what the law allows each year.
        var s = send(ready(100, 30), .character("t"))
        s.map.variable = 1  // naf_consumption_ha
        var data = Fixture.data
        XCTAssertFalse(
            Explorer.view(s, data: data).lines.joined().contains("Law's trajectory"), "no trajectory, no line")
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
        XCTAssertEqual(right.workshop.levers.schedules["zan"]?.value, 100, "the right end is the most ambitious")
        let middle = Explorer.update(
            s, .input(.drag(fromX: panel.x + 1, fromY: barY, toX: panel.x + panel.width / 2, toY: barY)),
            data: Fixture.data
        ).0
        XCTAssertEqual(middle.workshop.levers.schedules["zan"]?.value ?? 0, 50, accuracy: 5)
    }

    func testCompareShowsTheDifferenceMapAndTheKeyYears() {
        var s = send(ready(), .character("p"))
        for _ in 0..<10 { s = send(s, .right) }
        s = send(type(send(s, .escape, .character("s")), "Loi"), .enter, .enter)
        s = send(s, .character("p"), .character("R"), .escape)
        XCTAssertTrue(s.workshop.levers.isBaseline)
        s = send(s, .character("o"), .character("c"))
        XCTAssertEqual(s.workshop.compare, "Loi")
        let difference = s.map.values(Fixture.data, s.workshop)!
        let mine = s.workshop.result!.zones(.nafConsumedSince2021, year: 2031)!
        let theirs = s.workshop.comparisons["Loi"]!.zones(.nafConsumedSince2021, year: 2031)!
        XCTAssertEqual(difference, zip(mine, theirs).map { $0 - $1 })
        XCTAssertTrue(difference.contains { $0 > 0 }, "Baseline consumes more than the ZAN 50 scenario")
        let text = screen(s)
        for expected in ["Current - Loi", "2031", "2040", "2050", "current - Loi"] {
            XCTAssertTrue(text.contains(expected), "\(expected)\n\(text)")
        }
        XCTAssertNil(send(s, .escape).workshop.compare, "Esc ends the comparison")
    }
}
