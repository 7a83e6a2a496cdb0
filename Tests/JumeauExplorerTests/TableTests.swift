import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation
import XCTest

@testable import JumeauExplorer

/// The layer table, through the pure update and view with the real simulation.
final class TableTests: ExplorerTestCase {
    func opened(_ width: Int = 100, _ height: Int = 30) -> ExplorerState {
        let (state, effects) = start(width, height)
        return send(settle(state, effects), .character("T"))
    }

    func screen(_ state: ExplorerState) -> String {
        Explorer.view(state, data: Fixture.data).lines.joined(separator: "\n")
    }

    func filtered(_ state: ExplorerState, _ filter: String) -> ExplorerState {
        var s = send(state, .character("f"))
        for c in filter { s = send(s, .character(c)) }
        return send(s, .enter)
    }

    /// Issue 13: `o` over the table opens the scenarios as from the map, and their keys
    /// are theirs (`r` renamed nothing and closed the list).
    func testScenarioKeysOverTheTableActAsFromTheMap() {
        var s = send(opened(), .escape, .character("p"), .right, .escape, .character("s"))
        for c in "Sobre" { s = send(s, .character(c)) }
        s = send(s, .enter, .enter, .character("T"))
        XCTAssertNotNil(s.table)
        s = send(s, .character("o"))
        XCTAssertEqual(s.overlay, .scenarios(selected: 0))
        XCTAssertTrue(screen(s).contains("Sobre"), screen(s))
        s = send(s, .character("r"))
        guard case .prompt(.renameScenario("Sobre"), let field) = s.overlay else {
            return XCTFail("\(String(describing: s.overlay))")
        }
        XCTAssertEqual(field.string, "Sobre")
        for c in "Loi" { s = send(s, .character(c)) }
        s = send(s, .enter)
        XCTAssertNotNil(store.saved["Loi"], "typing replaced the selected name")
        XCTAssertNil(store.saved["Sobre"])
        XCTAssertNotNil(s.table, "the table is still open under the list")
    }

    /// Issue 13, item 10: headers that would read the same once cut are told apart; the
    /// status line names the cursor's column in full with its unit and year; each numeric
    /// column has one number format.
    func testHeadersAreToldApartAndTheStatusLineNamesTheColumn() throws {
        let s = opened()
        let long = [
            TableColumn(id: "a", label: "ENAF land consumed that year", unit: "ha/yr", values: .number([1])),
            TableColumn(id: "b", label: "ENAF land consumed since 2021", unit: "ha", values: .number([1])),
        ]
        let headers = TableView.headers(long, widths: [16, 16], s.screen)
        XCTAssertNotEqual(headers[0], headers[1], "\(headers)")
        XCTAssertTrue(headers.allSatisfy { DisplayWidth.of($0) <= 16 }, "\(headers)")
        // The first indicator column is the map's: ENAF since 2021, in hectares, for 2031.
        let onENAF = send(s, .right)
        let status = Explorer.view(onENAF, data: Fixture.data).lines[onENAF.screen.height - 2]
        XCTAssertTrue(status.hasPrefix("ENAF land consumed since 2021 (ha, 2031)"), status)
        // One format per column: every cell of a numeric column has the same decimals.
        let table = try XCTUnwrap(s.table)
        for column in LayerTable.columns(s, Fixture.data) where column.isNumeric {
            let decimals = Set(
                (0..<Fixture.data.names.count).map { zone -> Int in
                    let text = TableView.text(column, zone, s.localizer, decimals: table.decimals[column.id] ?? 0)
                    return text.split(separator: ".").count == 2 ? text.split(separator: ".")[1].count : 0
                })
            XCTAssertEqual(decimals.count, 1, "\(column.id): \(decimals)")
        }
    }

    /// The table's columns follow the map's indicator: a cursor on the last column, or a
    /// sort on the column that goes, survive another indicator being picked (it trapped).
    func testTheCursorSurvivesTheColumnsChangingUnderIt() {
        var s = opened()
        for _ in 0..<30 { s = send(s, .character("l")) }
        s = send(s, .character("]"))
        let last = LayerTable.columns(s, Fixture.data).count - 1
        XCTAssertEqual(s.table?.column, last)
        s = send(s, .character("h"), .character("h"))
        // Back on the first indicator column, the map's own (ENAF since 2021), sorted by it.
        while (s.table?.column ?? 0) > 1 { s = send(s, .character("h")) }
        s = send(s, .character("]"))
        XCTAssertEqual(s.table?.sort?.column, "naf_consumed_since_2021_ha")
        for _ in 0..<30 { s = send(s, .character("l")) }
        s = send(s, .character("v"))
        for c in "area" { s = send(s, .character(c)) }
        s = send(s, .enter)
        XCTAssertEqual(Fixture.data.variables[s.map.variable].id, "area_ha")
        let columns = LayerTable.columns(s, Fixture.data)
        XCTAssertEqual(s.table?.column, columns.count - 1, "the cursor stays on the last column there is")
        XCTAssertNil(s.table?.sort, "the sorted column is gone, and its order with it")
        XCTAssertEqual(Explorer.tableRows(s, Fixture.data), Array(0..<Fixture.names.count))
    }

    func testTheTableListsEveryZoneWithIndicatorsAndAttributes() {
        let s = opened()
        let text = screen(s)
        XCTAssertTrue(text.contains("Table"), text)
        for name in Fixture.names { XCTAssertTrue(text.contains(name), name) }
        XCTAssertTrue(text.contains("ENAF/yr") && text.contains("ha/yr"), "indicators with their units in the headers")
        XCTAssertTrue(text.contains("9 of 9 zones"), text)
        XCTAssertEqual(
            s.workshop.result?.recorded.contains(.nafConsumption), true, "the table's indicators are simulated per zone"
        )
    }

    func testFilterSortAndTheSelectionFollowsTheCursor() throws {
        var s = filtered(opened(), "population >= 500 and name ~ \"ré\"")
        XCTAssertNil(s.message)
        var rows = Explorer.tableRows(s, Fixture.data)
        // Populations are 100…900 in name order; "ré" matches Ars-en-Ré (100), Saint-Martin-de-Ré (400),
        // Le Bois-Plage-en-Ré (500), Sainte-Marie-de-Ré (800), Les Portes-en-Ré (900).
        XCTAssertEqual(
            rows.map { Fixture.names[$0] }, ["Le Bois-Plage-en-Ré", "Sainte-Marie-de-Ré", "Les Portes-en-Ré"])
        // Sort by population, descending: the cursor column moves to population first.
        let populationColumn = try XCTUnwrap(
            s.table!.visible(LayerTable.columns(s, Fixture.data)).firstIndex { $0.id == "population" })
        for _ in 0..<populationColumn { s = send(s, .right) }
        s = send(s, .character("]"))
        rows = Explorer.tableRows(s, Fixture.data)
        XCTAssertEqual(
            rows.map { Fixture.names[$0] }, ["Les Portes-en-Ré", "Sainte-Marie-de-Ré", "Le Bois-Plage-en-Ré"])
        XCTAssertTrue(screen(s).contains("sorted by population ↓"), screen(s))
        XCTAssertEqual(s.map.selected, rows[2], "sorting keeps the cursor on its zone")
        s = send(s, .up)
        XCTAssertEqual(s.map.selected, rows[1], "the row under the cursor is the map's selection")
        // Enter goes back to the map on that zone, inspected.
        s = send(s, .enter)
        XCTAssertNil(s.table)
        XCTAssertEqual(s.map.selected, rows[1])
        XCTAssertTrue(screen(s).contains("Sainte-Marie-de-Ré"))
        // And the map's selection is the table's cursor when it opens again.
        s = send(s, .character("T"))
        XCTAssertEqual(Explorer.tableRows(s, Fixture.data)[s.table!.row], rows[1])
    }

    func testAMalformedFilterSaysWhyAndKeepsTheRows() {
        let s = filtered(opened(), "popultion > 5")
        XCTAssertEqual(
            s.message,
            "unknown column 'popultion' (did you mean: population); quote text: \"popultion\" (at character 1)")
        XCTAssertEqual(Explorer.tableRows(s, Fixture.data).count, 9)
        XCTAssertNil(s.table?.filter)
    }

    func testStatisticsHistogramHideAndCatalogue() throws {
        var s = send(opened(), .character("1"))  // the reference year: the populations as measured
        let populationColumn = try XCTUnwrap(
            s.table!.visible(LayerTable.columns(s, Fixture.data)).firstIndex { $0.id == "population" })
        for _ in 0..<populationColumn { s = send(s, .right) }
        s = send(s, .character("i"))
        var text = screen(s)
        XCTAssertTrue(text.contains("sum") && text.contains("4,500"), text)
        XCTAssertTrue(text.contains("median") && text.contains("500"), text)
        s = send(s, .escape, .character("F"))
        text = screen(s)
        XCTAssertEqual(
            text.components(separatedBy: "11%").count - 1, 9,
            "nine bins of one zone each (9 of 10 bins filled)\n\(text)")
        s = send(s, .escape, .character("-"))
        XCTAssertTrue(s.table!.hidden.contains("population"))
        XCTAssertFalse(s.table!.visible(LayerTable.columns(s, Fixture.data)).contains { $0.id == "population" })
        s = send(s, .character("+"))
        XCTAssertTrue(s.table!.hidden.isEmpty)
        s = send(s, .character("c"))
        text = screen(s)
        XCTAssertTrue(text.contains("where they come from") && text.contains("jumeau-model-1.2"), text)
        // The twin's attributes follow the model's columns, a page down.
        s = send(s, .pageDown)
        text = screen(s)
        XCTAssertTrue(text.contains("where they come from") && text.contains("area_ha"), text)
    }

    func testIncrementalSearchMovesTheCursor() {
        var s = send(opened(), .character("/"), .character("f"), .character("l"), .character("o"))
        XCTAssertEqual(s.map.selected, Fixture.names.firstIndex(of: "La Flotte"))
        s = send(s, .enter)
        XCTAssertNil(s.table?.search)
    }

    func testTheCSVIsTheTableAsShown() throws {
        var s = filtered(send(opened(), .character("1")), "population > 600")  // 2024: as measured
        s = send(s, .character("-"), .character("-"))  // the name stays
        XCTAssertEqual(s.message, "the name column stays: hide another one")
        s = send(s, .right, .character("-"))
        let csv = Explorer.tableCSV(s, Fixture.data)
        let lines = csv.text.split(separator: "\n")
        XCTAssertEqual(csv.rows, 3)
        XCTAssertEqual(lines.count, 4)
        // The mapped indicator (ENAF since 2021) hidden: name, the headline indicators, the attributes.
        XCTAssertTrue(lines[0].hasPrefix("name,naf_consumption_ha,zan_budget_used_pct,"), String(lines[0]))
        XCTAssertFalse(lines[0].contains("naf_consumed_since_2021_ha"))
        XCTAssertTrue(
            lines[0].hasSuffix(",population,dwellings,water_stress_pct,forest_at_risk_ha,heatwave_days,area_ha"),
            String(lines[0]))
        XCTAssertTrue(lines[1].hasPrefix("Rivedoux-Plage,"), String(lines[1]))
        XCTAssertTrue(lines[1].contains(",700,365.9090909090908,"), "full precision: \(lines[1])")
        XCTAssertTrue(lines[1].hasSuffix(",2500"), "full precision: \(lines[1])")
        // x asks where, and the runtime writes it.
        s = send(s, .character("x"))
        guard case .prompt(.tableExport, let field) = s.overlay else {
            return XCTFail("\(String(describing: s.overlay))")
        }
        let name = field.string
        XCTAssertEqual(name, "ile-de-re-2024.csv")
        let (_, effects) = Explorer.update(s, .input(.key(.enter)), data: Fixture.data)
        XCTAssertTrue(
            effects.contains {
                if case .writeFile(let path, let contents, 3) = $0 { return path == name && contents == csv.text }
                return false
            })
    }

    func testEAsksWhereAndWritesTheReportOfTheCurrentLevers() {
        let (first, effects) = start()
        var s = send(settle(first, effects), .character("p"), .right, .escape, .character("e"))
        guard case .prompt(.report, let field) = s.overlay else { return XCTFail("\(String(describing: s.overlay))") }
        let path = field.string
        XCTAssertEqual(path, "ile-de-re-report.html")
        let (_, written) = Explorer.update(s, .input(.key(.enter)), data: Fixture.data)
        XCTAssertTrue(
            written.contains {
                if case .writeReport(let r) = $0 { return r.path == path && r.settings == s.workshop.levers }
                return false
            })
        s = send(s, .character("x"), .enter)
        XCTAssertEqual(s.message, "the report is written as .html or .md: name the file so")
    }
}
