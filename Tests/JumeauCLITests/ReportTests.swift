import Foundation
import XCTest

/// `jumeau report`: a self-contained HTML page a browser renders, and Markdown.
final class ReportCommandTests: MedocTwinTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--set", "density=30", "--save", "Loi ZAN",
                                          "--notes", "<script>alert(1)</script> atelier").status, 0)
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "renewables=80", "--save", "Soleil").status, 0)
    }

    func testTheHTMLReportIsSelfContainedAndABrowserRendersIt() throws {
        let out = directory + "/atelier.html"
        let report = try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--scenario", "Soleil", "--out", out)
        XCTAssertEqual(report.status, 0, report.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(html.contains("JA0AB0P"), "each scenario with its code")
        XCTAssertTrue(html.contains("<th>2031</th><th>2040</th><th>2050</th>"))
        XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, 4, "three charts and the map")
        XCTAssertTrue(html.contains("class=\"good\"") && html.contains("class=\"bad\""), "differences from Baseline, good and bad")
        XCTAssertTrue(html.contains("jumeau-model-1.0") && html.contains("INSEE"), "model version and data provenance")
        XCTAssertFalse(html.contains("<script"), "text from the twin is escaped, and the page runs no script")
        XCTAssertFalse(html.contains("src=") || html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""),
                       "nothing fetched: the page works offline")

        // A headless browser (Debian's chromium) renders it: the screenshot is far from blank.
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let chromium else { return XCTFail("chromium is missing: install it (make test does)") }
        func screenshot(_ page: String, _ png: String) throws -> Data {
            let result = try Command.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                    "--user-data-dir=\(directory!)/chromium", "--screenshot=\(png)",
                                                    "--window-size=1000,1400", "file://\(page)"])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try Data(contentsOf: URL(fileURLWithPath: png))
        }
        let blankPage = directory + "/blank.html"
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blankPage, atomically: true, encoding: .utf8)
        let blank = try screenshot(blankPage, directory + "/blank.png")
        let rendered = try screenshot(out, directory + "/report.png")
        XCTAssertEqual(Array(rendered.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertGreaterThan(rendered.count, blank.count * 10, "text, tables and charts compress far less than a blank page")
    }

    func testMarkdownInFrenchAndBadRequests() throws {
        let out = directory + "/atelier.md"
        let report = try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--out", out, "--lang", "fr")
        XCTAssertEqual(report.status, 0, report.stderr)
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# Compte rendu d'atelier"), markdown)
        XCTAssertTrue(markdown.contains("| Premier jalon ZAN (année) | 2031 | 2031 |"), markdown)
        XCTAssertTrue(markdown.contains("&lt;script&gt;"), "inline HTML from the twin is neutralised")
        XCTAssertTrue(markdown.contains("## Hypothèses"))

        let missing = try Command.jumeau("report", twin, "--scenario", "Nope", "--out", out)
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no scenario named 'Nope'"), missing.stderr)
        let format = try Command.jumeau("report", twin, "--scenario", "Soleil", "--out", directory + "/x.pdf")
        XCTAssertEqual(format.status, 2)
        XCTAssertTrue(format.stderr.contains(".html or .md"), format.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/x.pdf"))
    }
}
