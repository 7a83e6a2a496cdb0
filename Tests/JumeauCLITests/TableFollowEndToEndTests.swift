import Foundation
import XCTest

/// The layer table, follow mode and the French interface, in real terminals (tmux).
extension ExplorerEndToEndTests {
    func testFilterSortAndSelectInTheTableMovesTheMapSelection() throws {
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        try keys("T")
        try waitFor("of 28 zones")
        try keys("f")
        try keys("-l", "population > 50000")
        try keys("Enter")
        let filtered = try waitFor("filter: population > 50000")
        XCTAssertFalse(filtered.contains("Ambès"), "a small commune is filtered out:\n\(filtered)")
        XCTAssertTrue(
            filtered.contains("Mérignac") && filtered.contains("Pessac") && filtered.contains("Bordeaux"), filtered)
        // ] sorts the cursor's column (the names) descending: Pessac, Mérignac, Bordeaux (the
        // cursor stays on its zone through a sort).
        try keys("]")
        let sorted = try waitFor("sorted by Name")
        let lines = sorted.split(separator: "\n").map(String.init)
        let pessac = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Pessac") })
        let merignac = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Mérignac") })
        let bordeaux = try XCTUnwrap(lines.indices.dropFirst(4).first { lines[$0].hasPrefix("Bordeaux ") })
        XCTAssertLessThan(pessac, merignac)
        XCTAssertLessThan(merignac, bordeaux)
        // The second row (g goes to the first), then Enter: the map, inspecting Mérignac.
        try keys("g", "j")
        try keys("Enter")
        let map = try waitFor("Municipal population")
        XCTAssertTrue(map.contains("Mérignac"), map)
        XCTAssertTrue(
            map.contains("Bordeaux Métropole · ENAF land consumed since 2021 · 2031"), "back on the map:\n\(map)")
        XCTAssertFalse(map.contains("of 28 zones"), "the table is closed:\n\(map)")
        try keys("q")
        try waitFor("EXITED 0")
    }

    func testAFollowerShowsTheFacilitatorsSliderWithinASecond() throws {
        try launch("", width: 100, height: 30)
        try waitFor("of Baseline")
        let twin = directory + "/jumeau/bordeaux-metropole.gpkg"
        XCTAssertTrue(FileManager.default.fileExists(atPath: twin), "the default twin is built in XDG_DATA_HOME")
        let follower = try launchFollower(of: twin)
        defer { _ = try? tmux("kill-session", "-t", follower) }
        func waitOnFollower(_ text: String, seconds: Double) throws -> (String, Double) {
            try waitOn(follower, text, seconds: seconds)
        }
        let (first, _) = try waitOnFollower("following ·", seconds: 15)
        XCTAssertTrue(first.contains("Baseline"), first)
        // The facilitator moves the ZAN slider one step: the follower shows it within a second.
        try keys("p")
        try keys("Right")
        let (moved, elapsed) = try waitOnFollower("code JA01", seconds: 1.0)
        XCTAssertGreaterThanOrEqual(elapsed, 0, "the follower did not show the slider within one second:\n\(moved)")
        // tmux may be read between the code's line and the slider's, a frame apart: the slider follows.
        let (slider, _) = try waitOnFollower(" 5 %", seconds: 1.0)
        XCTAssertTrue(slider.contains(" 5 %"), slider)
        // A follower cannot move the levers.
        try tmux("send-keys", "-t", follower, "p")
        let (refused, _) = try waitOnFollower("levers and scenarios are theirs", seconds: 5)
        XCTAssertTrue(refused.contains("code JA01"), refused)
        // The facilitator quits (without saving): the follower stays, and says so.
        try keys("Escape")
        try keys("q")
        try keys("q")
        try waitFor("EXITED 0")
        let (left, _) = try waitOnFollower("facilitator left", seconds: 5)
        XCTAssertTrue(left.contains("facilitator left"), left)
        // The twin is still a valid GeoPackage, with the follower still reading it.
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
        try tmux("send-keys", "-t", follower, "q")
        let (exited, _) = try waitOnFollower("EXITED 0", seconds: 5)
        XCTAssertTrue(exited.contains("EXITED 0"), exited)
    }

    func testAFrenchLocaleShowsTheFrenchInterface() throws {
        try launch("", width: 100, height: 30, lang: "fr_FR.UTF-8")
        let screen = try waitFor("2031, quantiles (tendanciel)")
        XCTAssertTrue(screen.contains("ENAF consommés depuis 2021 · 2031"), screen)
        XCTAssertTrue(screen.contains("?:aide") && screen.contains("q:quitter"), screen)
        XCTAssertTrue(screen.contains("Indicateurs 2031"), screen)
        XCTAssertTrue(screen.contains("Tendanciel"), screen)
        XCTAssertTrue(
            screen.contains("1 272 ha") || screen.contains("1\u{00A0}272 ha") || screen.contains("1\u{202F}272 ha"),
            "French number format:\n\(screen)")
        XCTAssertTrue(screen.contains("98,6"), "decimal comma:\n\(screen)")
        // The picker in French, accents and all: the population, in 2024.
        try keys("v")
        try waitFor("Afficher sur la carte")
        try keys("popu", "Enter")
        try keys("1")
        let population = try waitFor("Indicateurs 2024")
        XCTAssertTrue(
            population.contains("Population, habitants") && population.contains("2024, quantiles (tendanciel)"),
            population)
        XCTAssertTrue(
            population.contains("854 334") || population.contains("854\u{00A0}334"),
            "French number format:\n\(population)")
        try keys("?")
        try waitFor("cette aide")
        try keys("Escape")
        try keys("q")
        try waitFor("EXITED 0")
    }
}
