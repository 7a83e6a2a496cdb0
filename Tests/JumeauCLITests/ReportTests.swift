import Foundation
import XCTest

/// `jumeau report`: a self-contained HTML page a browser renders, and Markdown.
final class ReportCommandTests: MedocTwinTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        XCTAssertEqual(
            try Command.jumeau(
                "run", twin, "--set", "zan=50", "--set", "density=30", "--save", "Loi ZAN",
                "--notes", "<script>alert(1)</script> atelier"
            ).status, 0)
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
        XCTAssertTrue(
            html.contains("class=\"good\"") && html.contains("class=\"bad\""), "differences from Baseline, good and bad"
        )
        XCTAssertTrue(html.contains("jumeau-model-1.2") && html.contains("INSEE"), "model version and data provenance")
        XCTAssertFalse(html.contains("<script"), "text from the twin is escaped, and the page runs no script")
        XCTAssertFalse(
            html.contains("src=") || html.contains("http://") && !html.contains("xmlns=\"http://www.w3.org/2000/svg\""),
            "nothing fetched: the page works offline")

        // A headless browser (Debian's chromium) renders it: the screenshot is far from blank.
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let chromium else { return XCTFail("chromium is missing: install it (make test does)") }
        func screenshot(_ page: String, _ png: String) throws -> Data {
            let result = try Command.run(
                chromium,
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--user-data-dir=\(directory!)/chromium", "--screenshot=\(png)",
                    "--window-size=1000,1400", "file://\(page)",
                ])
            XCTAssertEqual(result.status, 0, result.stderr)
            return try Data(contentsOf: URL(fileURLWithPath: png))
        }
        let blankPage = directory + "/blank.html"
        try "<!DOCTYPE html><html><body></body></html>".write(toFile: blankPage, atomically: true, encoding: .utf8)
        let blank = try screenshot(blankPage, directory + "/blank.png")
        let rendered = try screenshot(out, directory + "/report.png")
        XCTAssertEqual(Array(rendered.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
        XCTAssertGreaterThan(
            rendered.count, blank.count * 10, "text, tables and charts compress far less than a blank page")
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

    // MARK: Issue 13: summary, reference lines, round ticks, map names and colours, provenance

    /// The values of an indicator by year, from `jumeau run` (what the report must agree with).
    func series(_ scenario: String, _ indicator: String) throws -> [(year: Int, value: Double)] {
        let run = try Command.jumeau("run", twin, "--scenario", scenario, "--format", "csv", "--indicators", indicator)
        XCTAssertEqual(run.status, 0, run.stderr)
        return run.stdout.split(separator: "\n").dropFirst().compactMap { line in
            let cells = line.split(separator: ",")
            guard cells.count == 2, let year = Int(cells[0]), let value = Double(cells[1]) else { return nil }
            return (year, value)
        }
    }

    /// Text between `open` and the next `close`, every occurrence.
    func pieces(_ text: String, _ open: String, _ close: String) -> [String] {
        text.components(separatedBy: open).dropFirst().compactMap { $0.components(separatedBy: close).first }
    }

    func testTheReportOpensWithASummaryComputedFromTheResults() throws {
        let out = directory + "/summary.html"
        let report = try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--scenario", "Soleil", "--out", out)
        XCTAssertEqual(report.status, 0, report.stderr)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertLessThan(
            try XCTUnwrap(html.range(of: "<h2>In short</h2>")).lowerBound,
            try XCTUnwrap(html.range(of: "<h2>The territory</h2>")).lowerBound, "the summary comes first")
        let paragraphs = pieces(html, "<p class=\"summary\">", "</p>")
        XCTAssertEqual(paragraphs.count, 2, "one paragraph per scenario")
        for paragraph in paragraphs {
            let sentences = paragraph.components(separatedBy: ". ").count
            XCTAssertTrue((3...6).contains(sentences), "\(sentences) sentences: \(paragraph)")
        }
        let (zan, sun) = (paragraphs[0], paragraphs[1])

        // Solar parks on farmland use up the envelope: the year it gives way is the run's.
        let used = try series("Soleil", "zan_budget_used_pct")
        let over = try XCTUnwrap(used.firstIndex { $0.value >= 100.5 }, "Soleil overshoots its envelope")
        XCTAssertGreaterThan(over, 0)
        XCTAssertTrue(
            sun.hasPrefix(
                "With the levers of Soleil, the ZAN envelope holds until \(used[over - 1].year), then is exceeded"), sun
        )
        // Loi ZAN keeps to it, and leaves housing unbuilt: the number is the run's, rounded.
        XCTAssertTrue(zan.hasPrefix("With the levers of Loi ZAN, the ZAN envelope holds to 2050"), zan)
        let unmet = try XCTUnwrap(series("Loi ZAN", "unmet_housing_need").last?.value)
        XCTAssertGreaterThan(unmet, 1)
        // Below 1,000 the count is written whole, above to the hundred (1,239 → "1,200").
        let whole = unmet < 1_000 ? Int(unmet.rounded()) : Int((unmet / 100).rounded()) * 100
        func grouped(_ value: Int, _ separator: String) -> String {
            value < 1_000 ? "\(value)" : "\(value / 1_000)\(separator)" + String(format: "%03d", value % 1_000)
        }
        XCTAssertTrue(
            zan.contains("In 2050, \(grouped(whole, ",")) dwellings are missing to house every household."), zan)
        XCTAssertTrue(sun.contains("In 2050, every household is housed"), sun)
        // The climate met: TRACC's 2.7 °C and the run's forest at risk, written as counts are.
        let risk = try XCTUnwrap(series("Loi ZAN", "forest_at_risk_ha").last?.value)
        let hectares = risk < 1_000 ? Int(risk.rounded()) : Int((risk / 100).rounded()) * 100
        XCTAssertTrue(
            zan.contains(
                "In 2050, with mainland France 2.7 °C warmer than before industry, "
                    + "\(grouped(hectares, ",")) ha of forest"),
            zan)
        // Land against the law, energy against Baseline, and the coast of the Médoc.
        // At the law's cut the Médoc takes less than the trajectory: communes that spent their first
        // envelope early start the line after 2031 lower (docs/model.md).
        XCTAssertTrue(zan.contains("ha less than the law&#39;s trajectory allows"), zan)
        XCTAssertTrue(sun.contains("ha more than the law&#39;s trajectory allows"), sun)
        XCTAssertTrue(sun.contains("of the electricity used (") && sun.contains("% with Baseline)"), sun)
        XCTAssertTrue(zan.contains("The sea reaches"), zan)

        // In French, from the French catalogue, with French numbers.
        let md = directory + "/synthese.md"
        XCTAssertEqual(
            try Command.jumeau(
                "report", twin, "--scenario", "Loi ZAN", "--scenario", "baseline", "--out", md, "--lang", "fr"
            ).status, 0)
        let markdown = try String(contentsOfFile: md, encoding: .utf8)
        let french = try XCTUnwrap(
            markdown.components(separatedBy: "## En bref\n\n").dropFirst().first?.components(separatedBy: "\n## ").first
        )
        let lines = french.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.count, 2, french)
        XCTAssertTrue(lines[0].hasPrefix("Avec les leviers de Loi ZAN, l'enveloppe ZAN tient jusqu'en 2050"), lines[0])
        XCTAssertTrue(
            ["\u{00A0}", "\u{202F}", " "].contains { separator in
                lines[0].contains("il manque \(grouped(whole, separator)) logements pour loger tous les ménages")
            }, lines[0])
        XCTAssertTrue(lines[0].contains("\u{00A0}%"), "French percentages: \(lines[0])")
        XCTAssertTrue(lines[1].hasPrefix("Au fil des tendances (tendanciel), l'enveloppe ZAN tient jusqu'en"), lines[1])
        XCTAssertTrue(lines[1].contains("ha de plus que ne le permet la loi"), lines[1])
        XCTAssertFalse(french.contains("With the") || french.contains("dwellings"), french)
    }

    func testTheZANChartsShowTheEnvelopeAndTheLawAtRoundTicks() throws {
        let out = directory + "/charts.html"
        XCTAssertEqual(try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--out", out).status, 0)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let charts = pieces(html, "<svg", "</svg>")
        let budget = try XCTUnwrap(charts.first { $0.contains("aria-label=\"ZAN 2021–2050 envelope used\"") })
        let land = try XCTUnwrap(charts.first { $0.contains("aria-label=\"ENAF land consumed that year\"") })
        let energy = try XCTUnwrap(charts.first { $0.contains("aria-label=\"Energy self-sufficiency\"") })
        XCTAssertEqual(budget.components(separatedBy: "class=\"reference\"").count - 1, 2, "the envelope and the law")
        XCTAssertEqual(land.components(separatedBy: "class=\"reference\"").count - 1, 1, "the law's yearly allowance")
        XCTAssertFalse(energy.contains("class=\"reference\""), "the law says nothing of energy")
        XCTAssertTrue(
            budget.contains(">ZAN envelope</text>") && budget.contains(">Law&#39;s trajectory</text>"), "in the legend")
        XCTAssertTrue(
            html.contains("Loi Climat et Résilience, art. 194"), "the charts say where the law's line comes from")

        // The envelope is drawn at the height of the tick labelled 100.
        let ticks = pieces(budget, "<text class=\"tick\"", "</text>")
        let hundred = try XCTUnwrap(ticks.first { $0.hasSuffix(">100") })
        let tickY = try XCTUnwrap(Double(try XCTUnwrap(pieces(hundred, "y=\"", "\"").first)))
        let envelope = try XCTUnwrap(pieces(budget, "<polyline class=\"reference\" points=\"", "\"").first)
        let ys = envelope.split(separator: " ").compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
        XCTAssertFalse(ys.isEmpty)
        for y in ys { XCTAssertEqual(y, tickY - 4, accuracy: 0.11) }

        // Every chart's ticks: round numbers, evenly spaced by 1, 2 or 5 × 10ⁿ.
        for chart in [budget, land, energy] {
            let values = pieces(chart, "<text class=\"tick\"", "</text>").compactMap { tick in
                tick.split(separator: ">").last.flatMap { Double($0.replacingOccurrences(of: ",", with: "")) }
            }
            XCTAssertGreaterThanOrEqual(values.count, 3, chart)
            let step = values[1] - values[0]
            let mantissa = step / pow(10, log10(step).rounded(.down))
            XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(values)")
            for (a, b) in zip(values, values.dropFirst()) {
                XCTAssertEqual(b - a, step, accuracy: step * 1e-9, "\(values)")
            }
            for value in values { XCTAssertEqual((value / step).rounded(), value / step, accuracy: 1e-9, "\(values)") }
        }
    }

    func testTheMapNamesTheMostPopulousCommunesAndDarkensTheHighestClass() throws {
        let out = directory + "/map.html"
        XCTAssertEqual(try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--out", out).status, 0)
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let map = try XCTUnwrap(pieces(html, "<svg", "</svg>").last)

        // The sample's populations, by commune name.
        let samples = Command.packageRoot.appendingPathComponent("sample-territories")
        let csv = try String(contentsOf: samples.appendingPathComponent("medoc-atlantique.csv"), encoding: .utf8)
        var population: [String: Double] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ";")
            if cells.count > 1, let value = Double(cells[1]) { population[String(cells[0])] = value }
        }
        let geojson = try JSONSerialization.jsonObject(
            with: Data(contentsOf: samples.appendingPathComponent("medoc-atlantique.geojson")))
        let features = try XCTUnwrap((geojson as? [String: Any])?["features"] as? [[String: Any]])
        let communes: [(name: String, population: Double)] = features.compactMap { feature in
            guard let p = feature["properties"] as? [String: Any], let code = p["code"] as? String,
                let name = p["nom"] as? String
            else { return nil }
            return (name, population[code] ?? 0)
        }.sorted { $0.population > $1.population }

        let labels = pieces(map, "<text class=\"label\"", "</text>").map {
            label -> (name: String, x: Double, y: Double) in
            let name = String(label.split(separator: ">").last ?? "").replacingOccurrences(of: "&#39;", with: "'")
            return (
                name, Double(pieces(label, "x=\"", "\"").first ?? "") ?? .nan,
                Double(pieces(label, "y=\"", "\"").first ?? "") ?? .nan
            )
        }
        XCTAssertGreaterThanOrEqual(labels.count, 5, map)
        XCTAssertLessThanOrEqual(labels.count, 8, "few enough names to read the colours")
        XCTAssertEqual(labels.first?.name, communes.first?.name, "the most populous commune is named first")
        XCTAssertTrue(labels.contains { $0.name == communes[1].name }, "and the second")
        // Never over one another: boxes 0.6 em per character, 11 px high.
        for (i, a) in labels.enumerated() {
            for b in labels[(i + 1)...] {
                let apart = abs(a.x - b.x) * 2 > (Double(a.name.count + b.name.count) * 6.6) || abs(a.y - b.y) >= 11
                XCTAssertTrue(apart, "\(a.name) and \(b.name) overlap")
            }
        }

        // The legend's swatches: pale to dark, the highest class darkest, as on the explorer's map.
        let fills = pieces(map, "<rect class=\"swatch\"", "/>").compactMap { pieces($0, "fill=\"#", "\"").first }
        XCTAssertEqual(fills.count, 5)
        let luminance = fills.map { hex -> Double in
            let value = Int(hex, radix: 16) ?? 0
            return 0.2126 * Double((value >> 16) & 255) + 0.7152 * Double((value >> 8) & 255) + 0.0722
                * Double(value & 255)
        }
        for (lighter, darker) in zip(luminance, luminance.dropFirst()) {
            XCTAssertGreaterThan(lighter, darker, "\(fills)")
        }
    }

    func testProvenanceWrittenByJumeauIsShownInTheReadersLanguage() throws {
        let out = directory + "/provenance.md"
        XCTAssertEqual(
            try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--out", out, "--lang", "fr").status, 0)
        let french = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(
            french.contains("| estimation Jumeau (docs/data.md) | Licence Ouverte 2.0 (données dérivées) |"), french)
        XCTAssertTrue(
            french.contains("| importé depuis medoc-atlantique.csv | telle que publiée avec medoc-atlantique.csv |"),
            french)
        XCTAssertTrue(french.contains("| géométrie des zones |"), french)
        XCTAssertTrue(french.contains("Contient des données importées de medoc-atlantique.geojson"), french)
        XCTAssertFalse(
            french.contains("Jumeau estimate") || french.contains("imported from") || french.contains("Contains data"),
            french)
        let english = directory + "/provenance.html"
        XCTAssertEqual(try Command.jumeau("report", twin, "--scenario", "Loi ZAN", "--out", english).status, 0)
        let html = try String(contentsOfFile: english, encoding: .utf8)
        XCTAssertTrue(
            html.contains("<td>Jumeau estimate (docs/data.md)</td>")
                && html.contains("<td>imported from medoc-atlantique.csv</td>"))
        let info = try Command.jumeau("info", twin, "--lang", "fr")
        XCTAssertTrue(
            info.stdout.contains("estimation Jumeau (docs/data.md)") && info.stdout.contains("Contient des données"),
            info.stdout)
        let json = try Command.jumeau("info", twin, "--json", "--lang", "fr")
        XCTAssertTrue(json.stdout.contains("\"Jumeau estimate (docs/data.md)\""), "the JSON keeps the stored text")

        // Text from a --provenance file stays as written, even in English-looking Jumeau-like words.
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let provenance = directory + "/provenance.json"
        try
            #"{"population": {"source": "Jumeau estimate, checked by hand", "licence": "imported from the town hall", "year": 2023, "status": "observed"}}"#
            .write(toFile: provenance, atomically: true, encoding: .utf8)
        let other = directory + "/other.gpkg"
        let imported = try Command.jumeau(
            "import", "\(samples)/medoc-atlantique.geojson", "--into", other, "--attributes",
            "\(samples)/medoc-atlantique.csv", "--key", "code", "--provenance", provenance)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let otherReport = directory + "/other.md"
        XCTAssertEqual(
            try Command.jumeau("report", other, "--scenario", "baseline", "--out", otherReport, "--lang", "fr").status,
            0)
        let otherText = try String(contentsOfFile: otherReport, encoding: .utf8)
        XCTAssertTrue(
            otherText.contains("| Jumeau estimate, checked by hand | imported from the town hall | 2023 |"), otherText)
    }
}
