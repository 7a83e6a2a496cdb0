import Foundation
import XCTest

/// What a facilitator preparing a ZAN workshop saw (issue 13, §1), in real terminals:
/// prompts that replace their text, a first screen where the first lever moved changes the
/// map, classes told apart in eight colours, a help that fits 80×24, a resize that refits.
final class WorkshopEndToEndTests: TmuxTestCase {
    /// Waits until the screen satisfies `condition` (or fails after `seconds`).
    @discardableResult
    func waitUntil(
        _ what: String, seconds: Double = 10, file: StaticString = #filePath, line: UInt = #line,
        _ condition: (String) -> Bool
    ) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) {
                let calm = try settled(last)
                return condition(calm) ? calm : last
            }
            usleep(100_000)
        }
        XCTFail("never: \(what); screen:\n\(last)", file: file, line: line)
        return last
    }

    /// The screen with its colours and attributes.
    func styledScreen() throws -> String { try tmux("capture-pane", "-t", session, "-p", "-e") }

    func lines(_ screen: String) -> [String] {
        screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The text typed in the prompt titled `title`: the row under the title, inside the frame.
    func promptText(_ title: String, in screen: String) -> String? {
        let rows = lines(screen)
        guard let at = rows.firstIndex(where: { $0.contains(title) }), at + 1 < rows.count else { return nil }
        let row = rows[at + 1]
        guard let open = row.firstIndex(of: "│"), let close = row.lastIndex(of: "│"), open < close else { return nil }
        return row[row.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
    }

    /// The cells (see `cells`) of the map: rows 1–21 of 80×24, left of the panel.
    func mapCells(_ styled: String) -> [[String]] {
        Array(cells(styled).dropFirst().prefix(21).map { Array($0.prefix(50)) })
    }

    // MARK: a. Prompts

    func testPromptsOpenWithTheirTextSelectedAndTypingReplacesIt() throws {
        let saved = try Command.jumeau(
            "run", "ile-de-re", "--set", "zan=50", "--save", "Loi ZAN", environment: ["XDG_DATA_HOME": directory])
        XCTAssertEqual(saved.status, 0, saved.stderr)
        // tmux sends Home and End as screen's terminfo says (xterm's says otherwise).
        try launch("explore ile-de-re --scenario 'Loi ZAN'", term: "screen-256color")
        let first = try waitFor("of Baseline")
        XCTAssertTrue(first.contains("Loi ZAN") && first.contains("JA0A"), first)
        let density = try XCTUnwrap(number(after: "Density", in: first), first)
        let current = String(Int(density))

        // Enter on Density: its value, selected; typing replaces it.
        try keys("p", "Down", "Enter")
        let opened = try waitFor("Density of new housing")
        XCTAssertEqual(promptText("Density of new housing", in: opened), current, opened)
        let styled = cells(try styledScreen())
        let row = try XCTUnwrap(lines(opened).firstIndex { $0.contains("Density of new housing") }) + 1
        // Inside the frame: the value's cells, then blanks.
        let frame = styled[row].indices.filter { styled[row][$0].hasPrefix("│|") }
        XCTAssertGreaterThanOrEqual(frame.count, 2, "\(styled[row])")
        let inside = styled[row][(frame[0] + 1)..<(frame.count > 1 ? frame[1] : styled[row].count)]
        let valueCells = inside.filter { !$0.hasPrefix(" |") }
        XCTAssertEqual(valueCells.map { String($0.prefix(1)) }.joined(), current, "\(styled[row])")
        XCTAssertTrue(
            valueCells.allSatisfy { $0.hasSuffix("7]") },
            "the pre-filled value is shown selected (reverse video): \(styled[row])")
        try keys("30")
        let typed = try waitUntil("the prompt reads 30") { self.promptText("Density of new housing", in: $0) == "30" }
        XCTAssertFalse(typed.contains(current + "30"), typed)
        try keys("Enter")
        var shown = try waitFor("30 dw/ha")
        XCTAssertFalse(shown.contains("outside"), shown)
        XCTAssertFalse(shown.contains("Density of new housing"), "the prompt is closed:\n\(shown)")

        // Esc cancels: the value stays.
        try keys("Enter")
        try waitUntil("the prompt reads 30") { self.promptText("Density of new housing", in: $0) == "30" }
        try keys("45")
        try waitUntil("the prompt reads 45") { self.promptText("Density of new housing", in: $0) == "45" }
        try keys("Escape")
        shown = try waitUntil("the prompt closes") { !$0.contains("Density of new housing") }
        XCTAssertTrue(shown.contains("30 dw/ha") && !shown.contains("45 dw/ha"), shown)
        try keys("Escape")

        // Save with "Loi ZAN" loaded: typing replaces the name instead of being added to it;
        // Home, End, Ctrl-A, Ctrl-E, ←, Backspace, Delete, Ctrl-W and Ctrl-U edit as in readline; Esc saves nothing.
        try keys("s")
        let save = try waitFor("Save as")
        XCTAssertEqual(promptText("Save as", in: save), "Loi ZAN", save)
        try keys("-l", "Densité 30")
        let prompt = try waitUntil("the name is replaced") { self.promptText("Save as", in: $0) == "Densité 30" }
        XCTAssertFalse(prompt.contains("Loi ZANDensité"), prompt)
        try keys("Home")
        try keys("-l", "Ma ")
        try waitUntil("Home typed at the start") { self.promptText("Save as", in: $0) == "Ma Densité 30" }
        try keys("End", "Left", "BSpace")
        try waitUntil("End, ← and Backspace") { self.promptText("Save as", in: $0) == "Ma Densité 0" }
        try keys("C-a", "Delete", "C-e")
        try keys("-l", "!")
        try waitUntil("Ctrl-A, Delete and Ctrl-E") { self.promptText("Save as", in: $0) == "a Densité 0!" }
        try keys("C-w")
        try waitUntil("Ctrl-W erased the word before") { self.promptText("Save as", in: $0) == "a Densité" }
        try keys("C-u")
        try waitUntil("Ctrl-U cleared the line") { self.promptText("Save as", in: $0) == "" }
        try keys("-l", "Atelier")
        try waitUntil("typed into the cleared line") { self.promptText("Save as", in: $0) == "Atelier" }
        try keys("Escape")
        shown = try waitUntil("the prompt closes") { !$0.contains("Save as") }
        XCTAssertFalse(shown.contains("saved"), shown)

        // Saved for real, under the typed name.
        try keys("s")
        try waitUntil("the save prompt, with the name selected") { self.promptText("Save as", in: $0) == "Loi ZAN" }
        try keys("-l", "Densité 30")
        try waitUntil("the name is replaced") { self.promptText("Save as", in: $0) == "Densité 30" }
        try keys("Enter")
        try waitFor("Notes for")
        try keys("Enter")
        try waitFor("saved 'Densité 30'")
        try keys("q")
        try waitFor("EXITED 0")
        let listed = try Command.jumeau("scenarios", "ile-de-re", environment: ["XDG_DATA_HOME": directory])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("Loi ZAN") && listed.stdout.contains("Densité 30"), listed.stdout)
        XCTAssertFalse(listed.stdout.contains("Atelier") || listed.stdout.contains("ZANDensité"), listed.stdout)
    }

    // MARK: b. First screen

    func testTheFirstScreenShowsTheFirstLeverMovedOnTheMapAndThePanel() throws {
        try launch()
        let first = try waitFor("2031, quantiles of Baseline")
        XCTAssertTrue(first.contains("Bordeaux Métropole · ENAF land consumed since 2021 · 2031"), first)
        try waitFor("Indicators 2031")
        let before = try styledScreen()
        // The classes' bounds, as the legend gives them (the rows under its heading, counts left out).
        let rows = lines(first)
        let heading = try XCTUnwrap(rows.firstIndex { $0.contains("quantiles of Baseline") })
        let bounds = rows[(heading + 1)...(heading + 5)].map {
            String($0.dropFirst(52)).trimmingCharacters(in: .whitespaces).split(separator: " ").dropLast().joined(
                separator: " ")
        }
        XCTAssertEqual(Set(bounds).count, 5, "\(bounds)")

        // zan to 50: a tenth of the range at a time.
        try keys("p")
        for _ in 0..<5 { try keys("PPage") }
        try waitFor("JA0A")
        let moved = try waitUntil("the panel shows a fall against Baseline") { $0.contains("50 %") && $0.contains("↓") }
        XCTAssertTrue(moved.contains("vs Baseline"), moved)
        // The classes stay put, so communes change class: the map's colours change.
        let deadline = Date().addingTimeInterval(10)
        var after = try styledScreen()
        while mapCells(after) == mapCells(before) && Date() < deadline {
            usleep(100_000)
            after = try styledScreen()
        }
        let changed = zip(mapCells(before), mapCells(after)).map { zip($0, $1).filter { $0 != $1 }.count }.reduce(0, +)
        XCTAssertGreaterThan(changed, 0, "pushing zan to 50 changed no colour on the map:\n\(after)")
        let legend = try screen()
        XCTAssertTrue(legend.contains("2031, quantiles of Baseline"), legend)
        for bound in bounds { XCTAssertTrue(legend.contains(bound), "the class \(bound) stays:\n\(legend)") }

        // c: classes from this run, and back.
        try keys("Escape", "c")
        try waitFor("quantiles of this run")
        try keys("c")
        try waitFor("quantiles of Baseline")

        // One key each for 2050, the reference year and the milestone.
        try keys("3")
        let last = try waitFor("Indicators 2050")
        XCTAssertTrue(last.contains("since 2021 · 2050") && last.contains("2050, quantiles of Baseline"), last)
        try keys("1")
        XCTAssertTrue(try waitFor("Indicators 2024").contains("since 2021 · 2024"))
        try keys("2")
        XCTAssertTrue(try waitFor("Indicators 2031").contains("since 2021 · 2031"))
        try keys("q")
        try waitFor("The levers have changed")
        try keys("q")
        try waitFor("EXITED 0")
    }

    // MARK: c. Eight colours

    /// Each class its own colour and its own pattern, on the legend and on the map.
    func checkEightColourClasses(_ arguments: String, term: String, lang: String, patterns: String) throws {
        try launch(arguments, term: term, lang: lang)
        let text = try waitFor("2031, quantiles of Baseline")
        let styled = try styledScreen()
        let grid = cells(styled)
        let rows = lines(text)
        let heading = try XCTUnwrap(rows.firstIndex { $0.contains("quantiles of Baseline") })
        // A swatch: the first cell drawn right of the map on a legend row (glyph and colour).
        let swatches = try (heading + 1...heading + 5).map { y -> String in
            let cell = try XCTUnwrap(grid[y].dropFirst(51).first { !$0.hasPrefix(" |") }, "legend row \(y): \(rows[y])")
            let parts = cell.split(separator: "|", omittingEmptySubsequences: false)
            return parts[0] + "|" + parts[1]
        }
        let glyphs = swatches.map { String($0.prefix { $0 != "|" }) }
        let colours = swatches.map { String($0.split(separator: "|", omittingEmptySubsequences: false)[1]) }
        XCTAssertEqual(Set(glyphs).count, 5, "five patterns on the legend: \(swatches)")
        XCTAssertEqual(Set(colours).count, 5, "five colours on the legend: \(swatches)")
        XCTAssertEqual(glyphs.joined(), patterns, "lightest pattern first: \(swatches)")
        XCTAssertTrue(
            colours.allSatisfy { Int($0).map { (30...37).contains($0) } ?? false }, "eight-colour palette: \(swatches)")
        // The map cells carry the same (pattern, colour) pairs, every class somewhere.
        let map = mapCells(styled).flatMap { $0 }.map { cell -> String in
            let parts = cell.split(separator: "|", omittingEmptySubsequences: false)
            return parts[0] + "|" + parts[1]
        }
        for swatch in swatches {
            XCTAssertTrue(
                map.contains(swatch), "no map cell drawn as \(swatch) (\(arguments), TERM=\(term)):\n\(styled)")
        }
        try keys("q")
        try waitFor("EXITED 0")
        _ = try? tmux("kill-session", "-t", session)
    }

    func testEightColoursGiveEachClassItsColourAndPattern() throws {
        try checkEightColourClasses("explore --color 8", term: "xterm-256color", lang: "C.UTF-8", patterns: "·░▒▓█")
        try checkEightColourClasses("", term: "linux", lang: "C", patterns: ".:+#@")
    }

    // MARK: d. Help at 80×24

    func testHelpFitsEightyByTwentyFourInPagesAndAnyKeyClosesIt() throws {
        try launch()
        try waitFor("of Baseline")
        try keys("?")
        var page = try waitFor("this help")
        var pages: [[String]] = []
        while true {
            let rows = lines(page)
            // The box: rows 1–22, columns 1–78 of 80×24; every row closed by its frame.
            let box = rows.dropFirst().prefix(22).map { Array($0) }
            let inside = box.dropFirst().dropLast()
            XCTAssertTrue(inside.allSatisfy { $0.count > 78 && $0[78] == "│" }, "a row overflows the box:\n\(page)")
            XCTAssertFalse(inside.contains { String($0.prefix(78)).contains("…") }, "an entry is cut off:\n\(page)")
            pages.append(box.map { String($0.prefix(78)) })
            guard page.contains("next page"), pages.count < 10 else { break }
            // The footer's key for the next page.
            XCTAssertTrue(page.contains("PgDn or Space: next page"), page)
            let title = "Keys (\(pages.count + 1)/"
            try keys("NPage")
            page = try waitFor(title)
        }
        XCTAssertTrue(pages.last?.joined().contains("any key closes") ?? false, "\(pages.last ?? [])")
        XCTAssertGreaterThan(pages.count, 1, "the whole keymap does not fit one page of 80×24")

        /// An entry's whole text: from the row of its key, the text and the rows below it
        /// that continue it (nothing under the key), up to the next column's gap.
        func entries(_ label: String) -> [String] {
            var found: [String] = []
            for rows in pages {
                for (y, row) in rows.enumerated() {
                    var search = row.startIndex
                    while let range = row.range(of: " " + label + " ", range: search..<row.endIndex) {
                        search = range.upperBound
                        let keyStart = row.distance(from: row.startIndex, to: range.lowerBound) + 1
                        guard keyStart >= 2, Array(row)[keyStart - 2] == " " || Array(row)[keyStart - 2] == "│" else {
                            continue
                        }
                        let characters = Array(row)
                        var x = keyStart + label.count
                        while x < characters.count && characters[x] == " " { x += 1 }
                        func text(_ characters: [Character]) -> String {
                            let rest = String(characters.dropFirst(x))
                            return String(rest[..<(rest.range(of: "  ")?.lowerBound ?? rest.endIndex)])
                                .trimmingCharacters(in: .whitespaces)
                        }
                        var parts = [text(characters)]
                        for next in rows.dropFirst(y + 1) {
                            let below = Array(next)
                            guard below.count > x, below[keyStart..<x].allSatisfy({ $0 == " " }), below[x] != " ",
                                below[x - 1] == " "
                            else { break }
                            parts.append(text(below))
                        }
                        found.append(parts.joined(separator: " "))
                    }
                }
            }
            return found
        }
        let expected: [(String, String)] = [
            ("? F1", "this help"),
            ("v", "choose the indicator or attribute on the map (type to filter)"),
            ("1", "go to the reference year"),
            ("2", "go to the first ZAN milestone (2031, or 2034)"),
            ("3", "go to 2050"),
            ("o", "scenarios: open, rename, duplicate, delete, show on the timeline"),
            ("c", "classes from Baseline (they stay put while levers move) / from the values shown"),
            ("B", "type class breaks"),
            ("PgUp PgDn [ ]", "a tenth of the range"),
            ("m", "show the other levers, or hide them"),
            ("c", "compare it with the current levers (difference map)"),
            ("Ctrl-U Ctrl-W", "erase to the start / the word before"),
        ]
        for (label, text) in expected {
            XCTAssertTrue(
                entries(label).contains(text),
                "'\(label)  \(text)' is not in the help: \(entries(label))\n\(pages.map { $0.joined(separator: "\n") }.joined(separator: "\n\n"))"
            )
        }

        // Any key closes it, here one the map does not use: on the last page, and on the first.
        try keys("x")
        var closed = try waitUntil("the help closes") { !$0.contains("Keys (") }
        XCTAssertTrue(closed.contains("of Baseline"), closed)
        try keys("?")
        try waitFor("Keys (1/")
        try keys("x")
        closed = try waitUntil("the help closes") { !$0.contains("Keys (") }
        XCTAssertTrue(closed.contains("of Baseline"), closed)
        try keys("q")
        try waitFor("EXITED 0")
    }

    // MARK: e. Resize

    /// The rows of the screen where the map draws (colour half-blocks).
    func mapRows(_ screen: String) -> [Int] { lines(screen).indices.filter { lines(screen)[$0].contains("▀") } }

    /// The map's scale from its scale bar ("──────────── 10 km"): metres a cell, to within
    /// the bar's rounding to whole cells (the bar takes the longest round distance that fits).
    func metresPerCell(_ screen: String) -> Double? {
        for row in lines(screen) {
            guard let bar = row.range(of: "──── ") else { continue }
            var start = bar.lowerBound
            while start > row.startIndex, row[row.index(before: start)] == "─" { start = row.index(before: start) }
            let words = row[start...].split(separator: " ").prefix(3)
            guard words.count == 3, let distance = Double(words[1].replacingOccurrences(of: ",", with: "")),
                words[2] == "km" || words[2] == "m"
            else { continue }
            return distance * (words[2] == "km" ? 1000 : 1) / Double(words[0].count)
        }
        return nil
    }

    func testAResizeRefitsAFittedMapAndKeepsAZoomedOne() throws {
        try launch()
        let small = try waitFor("of Baseline")
        let fitted = mapPart(small)
        let smallRows = try XCTUnwrap(mapRows(small).max()) - (mapRows(small).min() ?? 0)

        // Fitted: the map fills the larger window.
        try tmux("resize-window", "-t", session, "-x", "200", "-y", "60")
        let large = try waitUntil("the map fills 200×60") { screen in
            let rows = self.mapRows(screen)
            return (rows.max() ?? 0) > 30 && (rows.max() ?? 0) - (rows.min() ?? 0) > 2 * smallRows
        }
        let fittedScale = try XCTUnwrap(metresPerCell(small), small)
        let largeScale = try XCTUnwrap(metresPerCell(large), large)
        XCTAssertLessThan(largeScale, fittedScale / 1.5, "a larger window, a larger map")

        // Zoomed: a resize keeps the centre and the scale.
        try keys("+")
        let zoomed = try waitUntil("the zoom changes the scale") { screen in
            self.metresPerCell(screen).map { $0 < largeScale / 1.2 } ?? false
        }
        let zoomedScale = try XCTUnwrap(metresPerCell(zoomed))
        try tmux("resize-window", "-t", session, "-x", "80", "-y", "24")
        let back = try waitUntil("back at 80×24") { screen in
            self.lines(screen).count <= 25 && screen.contains("of Baseline") && self.metresPerCell(screen) != nil
        }
        let backScale = try XCTUnwrap(metresPerCell(back))
        XCTAssertEqual(backScale / zoomedScale, 1, accuracy: 0.15, "the scale is kept:\n\(zoomed)\n\(back)")
        XCTAssertNotEqual(mapPart(back), fitted, "a zoomed view is not refitted:\n\(back)")
        // 0 fits it again, as at the start.
        try keys("0")
        try waitUntil("0 fits the territory") { self.mapPart($0) == fitted }
        try keys("q")
        try waitFor("EXITED 0")
    }
}
