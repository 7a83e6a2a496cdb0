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
        // The runner's own colour settings must not leak into the session.
        let command = "env -u NO_COLOR -u COLORTERM XDG_DATA_HOME=\(directory) XDG_STATE_HOME=\(directory) TERM=\(term) LANG=\(lang) LC_ALL= \(Command.binary) \(arguments); echo EXITED $?; sleep 60"
        try tmux("new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), command)
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
