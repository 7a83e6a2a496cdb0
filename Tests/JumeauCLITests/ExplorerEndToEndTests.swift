import Foundation
import XCTest

/// The real binary in a real terminal: tmux runs it, send-keys types, capture-pane reads.
final class ExplorerEndToEndTests: XCTestCase {
    var session = ""
    var directory = ""

    override func setUpWithError() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            return XCTFail("tmux is missing: install it (make test does)")
        }
        session = "jumeau-e2e-\(UUID().uuidString.prefix(8))"
        directory = NSTemporaryDirectory() + session
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // Build the default twin once, outside the timed interaction.
        XCTAssertEqual(try Command.jumeau("info", environment: ["XDG_DATA_HOME": directory]).status, 0)
    }

    override func tearDownWithError() throws {
        _ = try? tmux("kill-session", "-t", session)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a tmux command. Its output goes through a file: tmux hands a client's
    /// descriptors to the server, so a pipe would never reach end-of-file.
    @discardableResult
    func tmux(_ arguments: String...) throws -> String { try tmux(arguments) }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // Foundation's Process waits for every process sharing its bookkeeping, and the
        // tmux server forked by new-session never ends: system() waits for its child only.
        let output = directory + "/tmux-\(UUID().uuidString).out"
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let command = (["/usr/bin/tmux"] + arguments).map(quoted).joined(separator: " ") + " > \(quoted(output)) 2>/dev/null < /dev/null"
        _ = system(command)
        defer { try? FileManager.default.removeItem(atPath: output) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    /// Starts `jumeau ARGS` in a detached tmux window; "EXITED n" is printed when it ends.
    func launch(_ arguments: String = "", width: Int = 80, height: Int = 24, term: String = "xterm-256color",
                lang: String = "C.UTF-8") throws {
        try tmux("new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                 command(arguments, term: term, lang: lang))
    }

    /// The shell command that runs `jumeau ARGS` and reports its exit status.
    func command(_ arguments: String, term: String = "xterm-256color", lang: String = "C.UTF-8") -> String {
        // The runner's own colour settings must not leak into the session.
        "env -u NO_COLOR -u COLORTERM XDG_DATA_HOME=\(directory) XDG_STATE_HOME=\(directory) TERM=\(term) LANG=\(lang) LC_ALL= \(Command.binary) \(arguments); echo EXITED $?; sleep 60"
    }

    func screen() throws -> String { try tmux("capture-pane", "-t", session, "-p") }

    /// Waits until the screen contains `text` (or fails after `seconds`).
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(100_000)
        }
        XCTFail("'\(text)' never appeared; screen:\n\(last)", file: file, line: line)
        return last
    }

    /// Starts a follower of `twin` in its own tmux session, named after this test's.
    func launchFollower(of twin: String) throws -> String {
        let follower = session + "-follower"
        let command = "env XDG_STATE_HOME=\(directory) TERM=xterm-256color LANG=C.UTF-8 LC_ALL= \(Command.binary) explore \(twin) --follow; echo EXITED $?; sleep 60"
        try tmux("new-session", "-d", "-s", follower, "-x", "80", "-y", "24", command)
        return follower
    }

    /// Waits until another tmux session's screen shows `text`: the screen and the seconds
    /// it took, or the last screen and -1.
    func waitOn(_ target: String, _ text: String, seconds: Double) throws -> (String, Double) {
        let start = Date()
        var last = ""
        while Date().timeIntervalSince(start) < seconds {
            last = try tmux("capture-pane", "-t", target, "-p")
            if last.contains(text) { return (last, Date().timeIntervalSince(start)) }
            usleep(50_000)
        }
        return (last, -1)
    }

    func keys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    /// The map area only (rows 1–20 of 80×24, left of the legend).
    func mapPart(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix(20).map { String($0.prefix(50)) }.joined(separator: "\n")
    }

    func testExplorerStartsPansZoomsSearchesAndQuits() throws {
        try launch()
        let first = try waitFor("2024, quantiles")
        XCTAssertTrue(first.contains("▀"), "colour half-blocks under xterm-256color: \(first)")
        XCTAssertTrue(first.contains("Bordeaux Métropole · Population · 2024"), first)
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
        try waitFor("fit the territory")
        try keys("Escape")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testResizeToTooSmallAndBack() throws {
        try launch()
        try waitFor("2024, quantiles")
        try tmux("resize-window", "-t", session, "-x", "50", "-y", "15")
        try waitFor("Terminal too small")
        try tmux("resize-window", "-t", session, "-x", "80", "-y", "24")
        try waitFor("2024, quantiles")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testLargeTerminal() throws {
        try launch("explore medoc-atlantique", width: 200, height: 60)
        let screen = try waitFor("quantiles, 14 zones")
        XCTAssertTrue(screen.contains("CC Médoc Atlantique"), screen)
        try keys("q")
        try waitFor("EXITED 0")
    }

    /// The screen as cells (text, colours and attributes), from `capture-pane -e -N`.
    /// tmux leaves out cells that were cleared and never written.
    func cells(_ capture: String) -> [[String]] {
        // tmux carries the drawing state from one line to the next.
        var foreground = "", background = "", attributes = Set<Int>()
        return capture.split(separator: "\n", omittingEmptySubsequences: false).map { line -> [String] in
            var row: [String] = []
            var characters = Array(line)[...]
            while let first = characters.first {
                characters = characters.dropFirst()
                guard first == "\u{1B}" else {
                    row.append("\(first)|\(foreground)|\(background)|\(attributes.sorted())")
                    continue
                }
                if characters.first == "(" { characters = characters.dropFirst(2); continue }  // character set
                guard characters.first == "[", let end = characters.firstIndex(of: "m") else { continue }
                let codes = characters[characters.index(after: characters.startIndex)..<end].split(separator: ";").map { Int(String($0)) ?? 0 }
                characters = characters[characters.index(after: end)...]
                var k = 0
                let all = codes.isEmpty ? [0] : codes
                while k < all.count {
                    switch all[k] {
                    case 0: foreground = ""; background = ""; attributes = []
                    case 1, 2, 4, 5, 7: attributes.insert(all[k])
                    case 22: attributes.remove(1); attributes.remove(2)
                    case 24: attributes.remove(4)
                    case 27: attributes.remove(7)
                    case 39: foreground = ""
                    case 49: background = ""
                    case 30...37, 90...97: foreground = String(all[k])
                    case 40...47, 100...107: background = String(all[k])
                    case 38 where k + 2 < all.count: foreground = "x\(all[k + 2])"; k += 2
                    case 48 where k + 2 < all.count: background = "x\(all[k + 2])"; k += 2
                    default: break
                    }
                    k += 1
                }
            }
            return row
        }
    }

    /// Cells that differ between two captures; a blank tmux kept and one it left out
    /// count as the same (tmux keeps the cells that terminal operations moved).
    func differingCells(_ a: String, _ b: String) -> Int {
        let (x, y) = (cells(a), cells(b))
        var count = 0
        for (rowA, rowB) in zip(x, y) {
            for k in 0..<max(rowA.count, rowB.count) {
                let p = k < rowA.count ? rowA[k] : nil, q = k < rowB.count ? rowB[k] : nil
                if p == q { continue }
                // A blank tmux kept (moved by an insert or delete) and one it left out.
                if p == nil || q == nil, (p ?? q)!.hasPrefix(" |") { continue }
                count += 1
            }
        }
        return count
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
        let screen = try waitFor("2024, quantiles")
        XCTAssertTrue(screen.contains("N^"), "ASCII glyphs: \(screen)")
        XCTAssertTrue(screen.contains("Bordeaux Metropole"), screen)
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testVT100Works() throws {
        try launch(term: "vt100", lang: "C")
        try waitFor("2024, quantiles")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testADroppedConnectionRestoresTheTerminal() throws {
        try launch()
        try waitFor("2024, quantiles")
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

    /// The number on a panel row, e.g. "ENAF/yr      5.40 ↓12%✓" → 5.40 (k and M understood).
    func number(after label: String, in screen: String) -> Double? {
        guard let line = screen.split(separator: "\n").first(where: { $0.contains(label) }) else { return nil }
        let rest = line[line.range(of: label)!.upperBound...].drop { $0 == " " }
        let token = rest.prefix { "0123456789.,kM-".contains($0) }.replacingOccurrences(of: ",", with: "")
        let scale = token.hasSuffix("k") ? 1e3 : token.hasSuffix("M") ? 1e6 : 1
        return Double(token.trimmingCharacters(in: CharacterSet(charactersIn: "kM"))).map { $0 * scale }
    }

    func relaunch(_ arguments: String) throws {
        _ = try? tmux("kill-session", "-t", session)
        try launch(arguments)
    }

    func waitForChange(of label: String, from value: Double, seconds: Double = 10) throws -> Double? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let now = number(after: label, in: try screen()), now != value { return now }
            usleep(100_000)
        }
        return number(after: label, in: try screen())
    }

    func testMovingZANTo50CutsTheLandConsumedIn2030OnScreen() throws {
        try launch("explore ile-de-re --indicator naf_consumption_ha")
        try waitFor("2024, quantiles")
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
        try waitFor("2024, quantiles")
        for _ in 0..<6 { try keys("]") }
        let before = try waitFor("Indicators 2030")
        let trend = try XCTUnwrap(number(after: "self-suff.", in: before), before)
        try keys("p", "Down", "Down")
        for _ in 0..<6 { try keys("Right") }
        try waitFor("55 %")
        let raised = try XCTUnwrap(try waitForChange(of: "self-suff.", from: trend))
        let shown = try screen()
        XCTAssertGreaterThan(raised, trend, shown)
    }

    func testSavedScenarioComesBackAfterARestartAndIsListed() throws {
        try launch("explore ile-de-re --indicator naf_consumption_ha")
        try waitFor("2024, quantiles")
        try keys("p")
        for _ in 0..<8 { try keys("Right") }
        try keys("Escape")
        for _ in 0..<6 { try keys("]") }
        try waitFor("JA08")
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
        try waitFor("2024, quantiles")
        try keys("o")
        try waitFor("Atelier 1")
        try keys("Enter")
        try waitFor("opened 'Atelier 1'")
        for _ in 0..<6 { try keys("]") }
        let reopened = try waitFor("Indicators 2030")
        XCTAssertEqual(number(after: "ENAF/yr", in: reopened), value, reopened)
        XCTAssertTrue(reopened.contains("JA08"), reopened)
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testADroppedSessionOffersToResumeItsLevers() throws {
        try launch("explore ile-de-re")
        try waitFor("2024, quantiles")
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
