import Foundation
import XCTest

/// Faults around a running explorer, in real terminals (tmux): a killed facilitator, an
/// import over a twin in use, SIGQUIT.
extension ExplorerEndToEndTests {
    var defaultTwin: String { directory + "/jumeau/bordeaux-metropole.gpkg" }

    /// The pid of the jumeau process running in a tmux session's pane.
    func jumeauPid(in target: String) throws -> Int32? {
        let shell = try tmux("list-panes", "-t", target, "-F", "#{pane_pid}").trimmingCharacters(
            in: .whitespacesAndNewlines)
        return try Command.run("/usr/bin/pgrep", ["-P", shell, "jumeau"]).stdout.split(separator: "\n").compactMap {
            Int32($0)
        }.first
    }

    func testAFollowerLearnsWithinThreeSecondsThatAKilledFacilitatorIsGone() throws {
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        let follower = try launchFollower(of: defaultTwin)
        defer { _ = try? tmux("kill-session", "-t", follower) }
        func waitOnFollower(_ text: String, seconds: Double) throws -> (String, Double) {
            try waitOn(follower, text, seconds: seconds)
        }
        let (following, _) = try waitOnFollower("following ·", seconds: 15)
        XCTAssertTrue(following.contains("following ·"), following)
        let facilitator = try XCTUnwrap(try jumeauPid(in: session))
        kill(facilitator, SIGKILL)
        let (left, elapsed) = try waitOnFollower("facilitator left", seconds: 3)
        XCTAssertGreaterThanOrEqual(elapsed, 0, "still following a dead facilitator after 3 s:\n\(left)")
        // A new facilitator is picked up as before.
        try tmux("kill-session", "-t", session)
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        let (back, _) = try waitOnFollower("following ·", seconds: 10)
        XCTAssertTrue(back.contains("following ·"), back)
        try tmux("send-keys", "-t", follower, "q")
        _ = try waitOnFollower("EXITED 0", seconds: 5)
    }

    func testAnImportCannotReplaceTheTwinOfARunningExplorer() throws {
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        let pid = try XCTUnwrap(try jumeauPid(in: session))
        let before = try Data(contentsOf: URL(fileURLWithPath: defaultTwin))
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let result = try Command.jumeau(
            "import", "\(samples)/ile-de-re.geojson", "--into", defaultTwin, "--attributes",
            "\(samples)/ile-de-re.csv", "--key", "code", "--force")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "bordeaux-metropole.gpkg is open in another Jumeau (explorer, pid \(pid)): close it, or write to another file"
            ),
            result.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: defaultTwin)), before, "the twin is left alone")
        // The explorer goes on and saves into its twin, which stays sound.
        try keys("p")
        try keys("Right")
        try keys("Escape")
        try keys("s")
        try waitFor("Save")
        try keys("Atelier")
        try keys("Enter")
        try keys("Enter")
        try waitFor("saved")
        try keys("q")
        try waitFor("EXITED 0")
        XCTAssertEqual(try Command.integrity(defaultTwin), "ok")
        XCTAssertTrue(try Command.jumeau("scenarios", defaultTwin).stdout.contains("Atelier"))
    }

    func testTheTablesCSVCannotOverwriteTheTwin() throws {
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        let before = try Data(contentsOf: URL(fileURLWithPath: defaultTwin))
        try keys("T")
        try waitFor("of 28 zones")
        try keys("x")
        for _ in 0..<80 { try keys("BSpace") }
        try keys("-l", defaultTwin)
        try keys("Enter")
        try waitFor("is the twin being read")
        try keys("Escape")
        try keys("q")
        try keys("q")
        try waitFor("EXITED 0")
        XCTAssertEqual(try Command.integrity(defaultTwin), "ok")
        XCTAssertEqual(try Command.jumeau("info", defaultTwin, "--json").status, 0)
        XCTAssertGreaterThanOrEqual(try Data(contentsOf: URL(fileURLWithPath: defaultTwin)).count, before.count / 2)
    }

    func testSIGQUITRestoresTheTerminal() throws {
        try launch()
        try waitFor("of Baseline")
        XCTAssertEqual(
            try tmux("display", "-p", "-t", session, "#{alternate_on}").trimmingCharacters(in: .whitespacesAndNewlines),
            "1")
        let pid = try XCTUnwrap(try jumeauPid(in: session))
        kill(pid, SIGQUIT)
        let screen = try waitFor("EXITED")
        XCTAssertFalse(screen.contains("quantiles"), "the explorer's screen is gone: \(screen)")
        XCTAssertEqual(
            try tmux("display", "-p", "-t", session, "#{alternate_on}").trimmingCharacters(in: .whitespacesAndNewlines),
            "0",
            "the alternate screen is left")
        XCTAssertEqual(
            try tmux("display", "-p", "-t", session, "#{cursor_flag}").trimmingCharacters(in: .whitespacesAndNewlines),
            "1",
            "the cursor is visible again")
    }

    func testAFollowerLeavesTheTwinByteForByte() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: defaultTwin))
        try launch("explore \(defaultTwin) --follow", width: 100, height: 30)
        try waitFor("waiting for the facilitator")
        try keys("l")
        try keys("T")
        try keys("Escape")
        try keys("q")
        try waitFor("EXITED 0")
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: defaultTwin)), before)
        let sidecars = try FileManager.default.contentsOfDirectory(atPath: directory + "/jumeau").filter {
            $0.contains("-wal") || $0.contains("-shm")
        }
        XCTAssertEqual(sidecars, [])
    }

    func testADamagedTwinGivesOneLineInsteadOfAnExplorer() throws {
        try Command.sql(defaultTwin, "ALTER TABLE jumeau_attributes DROP COLUMN unit")
        try launch("explore \(defaultTwin)", width: 200)
        let screen = try waitFor("EXITED 1")
        XCTAssertTrue(
            screen.contains("jumeau: \(defaultTwin) is damaged: jumeau_attributes has no column unit"), screen)
        XCTAssertEqual(
            try tmux("display", "-p", "-t", session, "#{alternate_on}").trimmingCharacters(in: .whitespacesAndNewlines),
            "0")
    }
}
