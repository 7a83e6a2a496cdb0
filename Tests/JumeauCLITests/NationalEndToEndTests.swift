import Foundation
import XCTest

/// The twin of France in a real terminal: every commune of ../shared/data, imported once
/// for the class, explored read-only (so no test leaves a view for the next).
final class NationalEndToEndTests: TmuxTestCase {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/data").standardized.path
    nonisolated(unsafe) static var twin: String?
    nonisolated(unsafe) static var failure: String?

    /// The national twin, imported on first use (about 15 s in a debug build).
    func nationalTwin() throws -> String {
        try XCTSkipUnless(
            FileManager.default.fileExists(atPath: Self.data + "/communes-france.geojson"),
            "no ../shared/data/communes-france.geojson here: the national tests need it")
        if let failure = Self.failure { throw XCTSkip("the national import failed earlier: \(failure)") }
        if let twin = Self.twin { return twin }
        let directory = NSTemporaryDirectory() + "jumeau-national-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/france.gpkg"
        let imported = try Command.jumeau(
            "import", Self.data + "/communes-france.geojson", "--attributes",
            Self.data + "/populations-legales-2023.csv",
            "--key", "COM", "--columns", "PMUN=population", "--skip-unmatched-rows",
            "--levels", Self.data + "/epci-membres-2026.csv", "--territory", "France", "--into", path)
        guard imported.status == 0 else {
            Self.failure = imported.stderr
            XCTFail("national import failed: \(imported.stderr)")
            throw XCTSkip("no national twin")
        }
        // Read-only: the explorer then writes no view or journal into it.
        chmod(path, 0o444)
        Self.twin = path
        return path
    }

    /// The colours of the map's cells (both halves of a half block) in a `capture-pane -e`
    /// capture, between columns `from` and `to` of rows 1 to `rows`.
    func colours(_ capture: String, from: Int, to: Int, rows: Int) -> Set<String> {
        var found = Set<String>()
        for row in cells(capture).dropFirst().prefix(rows) {
            for cell in row.dropFirst(from).prefix(to - from) {
                let parts = cell.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                guard parts.count >= 3 else { continue }
                if parts[0] == "▀" { found.insert(parts[1]) }
                found.insert(parts[2])
            }
        }
        return found
    }

    /// The swatch colour of each class row of the legend (two cells before "up to", a range
    /// or "over").
    func legendColours(_ capture: String, panelX: Int) -> [String] {
        cells(capture).compactMap { row -> String? in
            guard row.count > panelX + 4 else { return nil }
            let text = row.dropFirst(panelX + 2).prefix(14).map { String($0.prefix(while: { $0 != "|" })) }.joined()
            guard text.contains("up to") || text.contains("over") || text.contains("–") else { return nil }
            let swatch = row[panelX].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return swatch.count >= 3 ? swatch[2] : nil
        }
    }

    /// Waits until the map and the panel are computed: the screen shows `text` and no
    /// "computing…" is left.
    @discardableResult
    func waitForComputed(_ text: String, seconds: Double = 90) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) && !last.contains("computing") { return last }
            usleep(200_000)
        }
        XCTFail("'\(text)' never appeared computed; screen:\n\(last)")
        return last
    }

    func checkNationalMap(width: Int, height: Int) throws {
        let twin = try nationalTwin()
        try launch("explore \(twin)", width: width, height: height)
        let screen = try waitForComputed("Mayotte")
        for territory in ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"] {
            XCTAssertTrue(screen.contains(territory), "inset \(territory) at \(width)×\(height)\n\(screen)")
        }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("France · "), lines[0])
        // Each inset states its scale in its corner.
        let insetColumn = lines.dropFirst().map { String($0.prefix(30)) }.joined(separator: "\n")
        XCTAssertGreaterThanOrEqual(insetColumn.components(separatedBy: " km").count - 1, 5, insetColumn)
        // At least five classes are visible on the mainland, not a grey mass of outlines.
        let capture = try tmux("capture-pane", "-t", session, "-p", "-e", "-N")
        let panelWidth = width >= 140 ? 40 : 28
        let mapWidth = width - panelWidth - 1
        let legend = legendColours(capture, panelX: width - panelWidth)
        XCTAssertEqual(legend.count, 5, "five classes in the legend\n\(screen)")
        let drawn = colours(capture, from: mapWidth / 5 + 2, to: mapWidth, rows: height - 3)
        let visible = legend.filter { drawn.contains($0) }
        XCTAssertGreaterThanOrEqual(visible.count, 5, "classes seen on the map: \(visible) of \(legend)\n\(screen)")
    }

    func testTheNationalMapAt80x24ShowsInsetsAndFiveClasses() throws {
        try checkNationalMap(width: 80, height: 24)
    }

    func testTheNationalMapAt200x60ShowsInsetsAndFiveClasses() throws {
        try checkNationalMap(width: 200, height: 60)
    }

    /// `g`, part of a name, Enter: the map, panel and title become the EPCI's.
    func testGoingToAnEPCIMakesItTheTerritoryWithItsPathInTheTitle() throws {
        let twin = try nationalTwin()
        try launch("explore \(twin)", width: 100, height: 30)
        try waitForComputed("Mayotte")
        try keys("g")
        try waitFor("Go to")
        try keys("-l", "bordeaux metropole")
        try waitFor("EPCI 243300316", seconds: 30)
        try keys("Enter")
        let screen = try waitForComputed(
            "France › Nouvelle-Aquitaine › Gironde › Bordeaux Métropole", seconds: 60)
        // The panel is the EPCI's: its own population (INSEE 2023: 858,000-odd in 2024, grown by 2031).
        let population = number(after: "population", in: screen) ?? 0
        XCTAssertTrue((800_000...1_000_000).contains(population), "population \(population)\n\(screen)")
        XCTAssertFalse(screen.contains("Mayotte"), "the insets belong to the national view\n\(screen)")
        // Back to the whole twin.
        try keys("g")
        try waitFor("Go to")
        try keys("-l", "France")
        try waitFor("whole twin", seconds: 30)
        try keys("Enter")
        try waitFor("Mayotte", seconds: 60)
    }
}
