import Foundation
import XCTest

/// The real binary in a real terminal: tmux runs it, send-keys types, capture-pane reads.
final class ExplorerEndToEndTests: TmuxTestCase {
    func testExplorerStartsPansZoomsSearchesAndQuits() throws {
        try launch()
        let first = try waitFor("of Baseline")
        XCTAssertTrue(first.contains("▀"), "colour half-blocks under xterm-256color: \(first)")
        XCTAssertTrue(first.contains("Bordeaux Métropole · ENAF land consumed since 2021 · 2031"), first)
        XCTAssertTrue(first.contains("?:help"), "footer hints")
        let initialMap = mapPart(first)

        try keys("+")
        var zoomed = try screen()
        for _ in 0..<20 where mapPart(zoomed) == initialMap { usleep(100_000); zoomed = try screen() }
        XCTAssertNotEqual(mapPart(zoomed), initialMap, "zoom changes the view")
        try keys("Left")
        usleep(500_000)
        XCTAssertNotEqual(mapPart(try screen()), mapPart(zoomed), "pan changes the view")
        try keys("0")
        usleep(800_000)
        XCTAssertEqual(mapPart(try screen()), initialMap, "0 fits the territory again")

        try keys("/", "merig")
        try waitFor("Mérignac")
        try keys("Enter")
        let found = try waitFor("Municipal population")
        XCTAssertTrue(found.contains("Mérignac"), "the inspector shows the commune: \(found)")
        XCTAssertFalse(found.contains("/ merig_"), "the search box is closed")

        try keys("?")
        try waitFor("this help")
        try keys("Escape")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testResizeToTooSmallAndBack() throws {
        try launch()
        try waitFor("of Baseline")
        try tmux("resize-window", "-t", session, "-x", "50", "-y", "15")
        try waitFor("Terminal too small")
        try tmux("resize-window", "-t", session, "-x", "80", "-y", "24")
        try waitFor("of Baseline")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testLargeTerminal() throws {
        try launch("explore medoc-atlantique", width: 200, height: 60)
        let screen = try waitFor("quantiles of Baseline, 14 zones")
        XCTAssertTrue(screen.contains("CC Médoc Atlantique"), screen)
        try keys("q")
        try waitFor("EXITED 0")
    }

    /// Sideways pans move the map's cells with the terminal's insert/delete character
    /// (a pan writes a fraction of a repaint): what is left on screen must be exactly what
    /// a full repaint (Ctrl-L) draws, on terminals with and without colour erase, and
    /// through GNU screen.
    func testSidewaysPansLeaveWhatARepaintDraws() throws {
        let runs: [(term: String, width: Int, height: Int, screen: Bool)] = [
            ("xterm-256color", 200, 60, false), ("linux", 80, 24, false), ("screen-256color", 80, 24, false),
            ("screen-256color", 80, 24, true),
        ]
        for run in runs {
            if run.screen {
                guard FileManager.default.isExecutableFile(atPath: "/usr/bin/screen") else {
                    XCTFail("GNU screen is missing: install it (make test does)")
                    continue
                }
                try tmux("new-session", "-d", "-s", session, "-x", String(run.width), "-y", String(run.height),
                         "env LANG=C.UTF-8 screen -q sh -c '\(command("explore grand-annecy --no-mouse", term: run.term))'")
            } else {
                try launch("explore grand-annecy --no-mouse", width: run.width, height: run.height, term: run.term)
            }
            try waitFor("quantiles")
            let before = try screen()
            for key in ["l", "l", "h", "+", "h", "h", "l"] {
                try keys(key)
                usleep(400_000)
            }
            let panned = try tmux("capture-pane", "-t", session, "-p", "-e", "-N")
            XCTAssertNotEqual(mapPart(try screen()), mapPart(before), "\(run): the pans moved nothing")
            try keys("C-l")
            usleep(800_000)
            let repainted = try tmux("capture-pane", "-t", session, "-p", "-e", "-N")
            XCTAssertEqual(differingCells(panned, repainted), 0, "\(run): after the pans\n\(panned)\nrepaint\n\(repainted)")
            try keys("q")
            if !run.screen { try waitFor("EXITED 0") }
            _ = try? tmux("kill-session", "-t", session)
            usleep(300_000)
        }
    }

    func testLinuxConsoleWithoutUTF8() throws {
        try launch(term: "linux", lang: "C")
        let screen = try waitFor("2031, quantiles of Baseline")
        XCTAssertTrue(screen.contains("N^"), "ASCII glyphs: \(screen)")
        XCTAssertTrue(screen.contains("Bordeaux Metropole"), screen)
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testVT100Works() throws {
        try launch(term: "vt100", lang: "C")
        try waitFor("of Baseline")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testADroppedConnectionRestoresTheTerminal() throws {
        try launch()
        try waitFor("of Baseline")
        // The pane's shell runs jumeau as its child.
        let shell = try tmux("list-panes", "-t", session, "-F", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        let binaryPids = try Command.run("/usr/bin/pgrep", ["-P", shell]).stdout.split(separator: "\n").compactMap { Int32($0) }
        XCTAssertFalse(binaryPids.isEmpty)
        for pid in binaryPids { kill(pid, SIGHUP) }
        let screen = try waitFor("EXITED")
        XCTAssertFalse(screen.contains("quantiles"), "the explorer's screen is gone: \(screen)")
        XCTAssertTrue(screen.hasPrefix("EXITED"), "the shell is back at the top of a clean screen: \(screen)")
    }

    // MARK: Workshop mode

    func testMovingZANTo50CutsTheLandConsumedIn2030OnScreen() throws {
        try launch("explore ile-de-re --indicator naf_consumption_ha")
        try waitFor("of Baseline")
        try keys("1")
        try waitFor("Indicators 2024")
        for _ in 0..<6 { try keys("]") }
        let before = try waitFor("Indicators 2030")
        let trend = try XCTUnwrap(number(after: "ENAF/yr", in: before), before)
        try keys("p")
        for _ in 0..<10 { try keys("Right") }
        try keys("Escape")
        let after = try waitFor("JA0A")
        XCTAssertTrue(after.contains("50 %"), after)
        let cut = try XCTUnwrap(try waitForChange(of: "ENAF/yr", from: trend))
        let shown = try screen()
        XCTAssertLessThan(cut, trend, shown)
        XCTAssertTrue(shown.contains("↓"), "the difference from Baseline is shown")
        try keys("q")
        try waitFor("The levers have changed")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testRaisingRenewablesRaisesSelfSufficiency() throws {
        try launch("explore ile-de-re --indicator energy_self_sufficiency_pct")
        try waitFor("of Baseline")
        try keys("1")
        try waitFor("Indicators 2024")
        for _ in 0..<6 { try keys("]") }
        let before = try waitFor("Indicators 2030")
        let trend = try XCTUnwrap(number(after: "self-suff.", in: before), before)
        try keys("p", "Down", "Down")
        // Six steps up from the Île de Ré's Baseline (its recent pace: 13 % of the potential by 2050).
        for _ in 0..<6 { try keys("Right") }
        let raised = try XCTUnwrap(try waitForChange(of: "self-suff.", from: trend))
        let shown = try screen()
        XCTAssertGreaterThan(raised, trend, shown)
    }

    func testSavedScenarioComesBackAfterARestartAndIsListed() throws {
        try launch("explore ile-de-re --indicator naf_consumption_ha")
        try waitFor("of Baseline")
        try keys("p")
        for _ in 0..<8 { try keys("Right") }
        try keys("Escape")
        try keys("1")
        for _ in 0..<6 { try keys("]") }
        try waitFor("JA08")
        try waitFor("Indicators 2030")
        try keys("s")
        try waitFor("Save as")
        try keys("-l", "Atelier 1")
        try keys("Enter")
        try waitFor("Notes for")
        try keys("-l", "ZAN 40 %")
        try keys("Enter")
        let saved = try waitFor("saved 'Atelier 1'")
        let value = try XCTUnwrap(number(after: "ENAF/yr", in: saved), saved)
        try keys("q")
        try waitFor("EXITED 0")

        let listed = try Command.jumeau("scenarios", "ile-de-re", environment: ["XDG_DATA_HOME": directory])
        XCTAssertEqual(listed.status, 0, listed.stderr)
        XCTAssertTrue(listed.stdout.contains("Atelier 1"), listed.stdout)

        try relaunch("explore ile-de-re --indicator naf_consumption_ha")
        try waitFor("of Baseline")
        try keys("o")
        try waitFor("Atelier 1")
        try keys("Enter")
        try waitFor("opened 'Atelier 1'")
        try keys("1")
        for _ in 0..<6 { try keys("]") }
        let reopened = try waitFor("Indicators 2030")
        XCTAssertEqual(number(after: "ENAF/yr", in: reopened), value, reopened)
        XCTAssertTrue(reopened.contains("JA08"), reopened)
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testADroppedSessionOffersToResumeItsLevers() throws {
        try launch("explore ile-de-re")
        try waitFor("of Baseline")
        try keys("p", "Right", "Right", "Escape")
        try waitFor("JA02")
        usleep(300_000)  // the journal is written off the UI thread
        let shell = try tmux("list-panes", "-t", session, "-F", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        for pid in try Command.run("/usr/bin/pgrep", ["-P", shell]).stdout.split(separator: "\n").compactMap({ Int32($0) }) {
            kill(pid, SIGHUP)
        }
        try waitFor("EXITED")
        try relaunch("explore ile-de-re")
        try waitFor("Resume them?")
        try keys("y")
        try waitFor("JA02")
        try keys("q", "q")
        try waitFor("EXITED 0")
    }
}
