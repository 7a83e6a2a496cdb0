import Foundation
import XCTest

/// The command line's outputs for scripts (CSV, JSON) and for people (tables in their
/// language), as docs/user-guide.md documents them (issue 13, item 11).
final class MachineOutputTests: MedocTwinTestCase {
    func json(_ command: Command) throws -> Any {
        XCTAssertEqual(command.status, 0, command.stderr)
        return try JSONSerialization.jsonObject(with: Data(command.stdout.utf8))
    }

    func saveLoiZAN() throws {
        let saved = try Command.jumeau(
            "run", twin, "--set", "zan=50,2031:60", "--set", "density=30", "--save", "Loi ZAN")
        XCTAssertEqual(saved.status, 0, saved.stderr)
    }

    func testCompareWritesCSVWithOneRowPerIndicatorAndYearInFullPrecision() throws {
        try saveLoiZAN()
        let result = try Command.jumeau(
            "compare", twin, "baseline", "Loi ZAN", "--years", "2031,2050", "--format", "csv")
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        XCTAssertEqual(lines.first, ["indicator", "unit", "year", "a", "b", "b_minus_a"])
        let indicators =
            try Command.jumeau("run", twin, "--format", "csv").stdout.prefix { $0 != "\n" }
            .split(separator: ",").count - 1
        XCTAssertEqual(lines.count, 1 + 2 * indicators, "every indicator, two years")
        let row = try XCTUnwrap(lines.first { $0[0] == "naf_consumed_since_2021_ha" && $0[2] == "2031" })
        XCTAssertEqual(row[1], "ha")
        let (a, b, delta) = (
            try XCTUnwrap(Double(row[3])), try XCTUnwrap(Double(row[4])), try XCTUnwrap(Double(row[5]))
        )
        XCTAssertLessThan(b, a, "the ZAN cuts land take")
        XCTAssertEqual(delta, b - a, "full precision, not the table's rounding")
        XCTAssertGreaterThan(row[3].count, 6, "full precision: \(row)")
        // The same figures as `run --format csv` prints for each scenario.
        let run = try Command.jumeau("run", twin, "--scenario", "Loi ZAN", "--format", "csv")
        let header = run.stdout.split(separator: "\n")[0].split(separator: ",")
        let column = try XCTUnwrap(header.firstIndex(of: "naf_consumed_since_2021_ha"))
        let year2031 = try XCTUnwrap(run.stdout.split(separator: "\n").first { $0.hasPrefix("2031,") })
        XCTAssertEqual(Double(year2031.split(separator: ",")[column]), b)

        let bad = try Command.jumeau("compare", twin, "baseline", "Loi ZAN", "--format", "xml")
        XCTAssertEqual(bad.status, 2, bad.stderr)
        XCTAssertEqual(bad.stderr.filter { $0 == "\n" }.count, 1, bad.stderr)
    }

    func testCompareJSONHasBothScenariosAndEachIndicatorsLabelsUnitAndValues() throws {
        try saveLoiZAN()
        let output = try json(
            try Command.jumeau(
                "compare", twin, "baseline", "Loi ZAN", "--years", "2031,2040,2050",
                "--indicators", "households,zan_budget_used_pct", "--format", "json"))
        let root = try XCTUnwrap(output as? [String: Any])
        for key in ["territory", "model_version", "years", "a", "b", "indicators"] { XCTAssertNotNil(root[key], key) }
        XCTAssertEqual(root["years"] as? [Int], [2031, 2040, 2050])
        let a = try XCTUnwrap(root["a"] as? [String: Any])
        let b = try XCTUnwrap(root["b"] as? [String: Any])
        XCTAssertEqual(a["name"] as? String, "baseline")
        XCTAssertEqual(a["code"] as? String, "J")
        XCTAssertEqual((a["levers"] as? [String: Any])?.count, 0)
        XCTAssertEqual(b["name"] as? String, "Loi ZAN")
        XCTAssertEqual(b["levers_text"] as? String, "zan=50,2031:60 density=30")
        XCTAssertEqual(b["source"] as? String, "saved")
        let zan = try XCTUnwrap((b["levers"] as? [String: Any])?["zan"] as? [String: Any])
        XCTAssertEqual(zan["value"] as? Double, 50)
        XCTAssertEqual((zan["changes"] as? [[String: Any]])?.first?["year"] as? Int, 2031)
        XCTAssertEqual((zan["changes"] as? [[String: Any]])?.first?["value"] as? Double, 60)
        let code = try XCTUnwrap(b["code"] as? String)
        let byCode = try Command.jumeau("run", twin, "--levers", code, "--format", "csv")
        XCTAssertEqual(
            byCode.stdout, try Command.jumeau("run", twin, "--scenario", "Loi ZAN", "--format", "csv").stdout)

        let indicators = try XCTUnwrap(root["indicators"] as? [String: [String: Any]])
        XCTAssertEqual(Set(indicators.keys), ["households", "zan_budget_used_pct"])
        let budget = try XCTUnwrap(indicators["zan_budget_used_pct"])
        XCTAssertEqual(budget["label_fr"] as? String, "Enveloppe ZAN 2021–2050 consommée")
        XCTAssertEqual(budget["label_en"] as? String, "ZAN 2021–2050 envelope used")
        XCTAssertEqual(budget["unit"] as? String, "%")
        let values = try ["a", "b", "b_minus_a"].map { try XCTUnwrap(budget[$0] as? [Double], $0) }
        XCTAssertEqual(values.map(\.count), [3, 3, 3])
        // Foundation's JSON reader on Linux may miss the last digit: the CSV test checks exactness.
        for k in 0..<3 { XCTAssertEqual(values[2][k], values[1][k] - values[0][k], accuracy: 1e-9) }
        XCTAssertLessThan(values[1][2], values[0][2])
    }

    func testCompareTableShowsLabelsInTheCommandsLanguage() throws {
        try saveLoiZAN()
        let french = try Command.jumeau("compare", twin, "baseline", "Loi ZAN", "--lang", "fr")
        XCTAssertEqual(french.status, 0, french.stderr)
        let lines = french.stdout.split(separator: "\n")
        XCTAssertTrue(
            lines.contains { $0.hasPrefix("Ménages") && $0.contains("mén.") && $0.contains("2031") }, french.stdout)
        XCTAssertTrue(lines.contains { $0.hasPrefix("ENAF consommés depuis 2021") }, french.stdout)
        XCTAssertFalse(french.stdout.contains("households"), french.stdout)
        XCTAssertFalse(french.stdout.contains("naf_consumed_since_2021_ha"), french.stdout)
        XCTAssertNotNil(french.stdout.range(of: #"\d,\d"#, options: .regularExpression), "decimal commas")
        let english = try Command.jumeau("compare", twin, "baseline", "Loi ZAN")
        XCTAssertTrue(english.stdout.split(separator: "\n").contains { $0.hasPrefix("Households") }, english.stdout)
        // Long labels wrap onto the next rows: the table keeps to 80 columns.
        for output in [french.stdout, english.stdout] {
            for line in output.split(separator: "\n") { XCTAssertLessThanOrEqual(line.count, 80, String(line)) }
        }
        XCTAssertTrue(english.stdout.contains("\nWater (including land taken by"), english.stdout)
    }

    func testRunAndScenariosJSONGiveTheCodeAndTheLeversAsAnObject() throws {
        let run = try XCTUnwrap(
            try json(
                try Command.jumeau(
                    "run", twin, "--set", "zan=50,2031:60", "--set", "density=30",
                    "--format", "json", "--to", "2031")) as? [String: Any])
        let code = try XCTUnwrap(run["code"] as? String)
        XCTAssertTrue(code.hasPrefix("JA0A"), code)
        XCTAssertEqual(run["levers_text"] as? String, "zan=50,2031:60 density=30")
        let levers = try XCTUnwrap(run["levers"] as? [String: [String: Any]])
        XCTAssertEqual(Set(levers.keys), ["zan", "density"], "only the levers that differ from Baseline")
        XCTAssertEqual(levers["density"]?["value"] as? Double, 30)
        XCTAssertEqual((levers["density"]?["changes"] as? [Any])?.count, 0)
        XCTAssertEqual((levers["zan"]?["changes"] as? [[String: Double]])?.first, ["year": 2031, "value": 60])
        let bySet = try Command.jumeau("run", twin, "--set", "zan=50,2031:60", "--set", "density=30", "--format", "csv")
        XCTAssertEqual(try Command.jumeau("run", twin, "--levers", code, "--format", "csv").stdout, bySet.stdout)

        // A change dated before 2000 has no scenario code: null, and the command succeeds.
        let early = try XCTUnwrap(
            try json(
                try Command.jumeau(
                    "run", twin, "--set", "zan=50,1990:60", "--format", "json",
                    "--to", "2031")) as? [String: Any])
        XCTAssertTrue(early["code"] is NSNull, "\(early["code"] ?? "absent")")
        let trend = try Command.jumeau("run", twin, "--format", "json", "--to", "2031")
        let baseline = try XCTUnwrap(try json(trend) as? [String: Any])
        XCTAssertEqual(baseline["code"] as? String, "J")
        XCTAssertEqual((baseline["levers"] as? [String: Any])?.count, 0)

        try saveLoiZAN()
        let list = try XCTUnwrap(try json(try Command.jumeau("scenarios", twin, "--json")) as? [[String: Any]])
        let saved = try XCTUnwrap(list.first { $0["name"] as? String == "Loi ZAN" })
        XCTAssertEqual(saved["code"] as? String, code)
        XCTAssertEqual(saved["levers_text"] as? String, "zan=50,2031:60 density=30")
        XCTAssertEqual(((saved["levers"] as? [String: [String: Any]])?["zan"])?["value"] as? Double, 50)
        for key in ["notes", "author", "created_at", "updated_at"] { XCTAssertNotNil(saved[key], key) }
    }

    func testLeversAreWrittenAtTheirPrecisionInTheLanguageAndFit80Columns() throws {
        // Île de Ré's vacancy trend, 8.2 %, was printed 8.200000000000001.
        let english = try Command.jumeau("levers", "ile-de-re")
        XCTAssertEqual(english.status, 0, english.stderr)
        XCTAssertFalse(english.stdout.contains("00000"), english.stdout)
        XCTAssertNotNil(
            english.stdout.range(
                of: #"\nvacancy_target +% +3\.0–15\.0 +0\.1 +8\.2 +lower\n"#,
                options: .regularExpression), english.stdout)
        XCTAssertNotNil(
            english.stdout.range(
                of: #"\nzan_milestone +2031 / 2034 +3 +2031 +lower\n"#,
                options: .regularExpression), english.stdout)
        XCTAssertTrue(
            english.stdout.contains("renaturation: Yearly renaturation (% of base artificialised land/yr)"),
            english.stdout)
        let french = try Command.jumeau("levers", "ile-de-re", "--lang", "fr")
        XCTAssertNotNil(
            french.stdout.range(
                of: #"\npopulation_growth +%/an +-1,00–2,00 +0,05 +0,12 +plus bas\n"#,
                options: .regularExpression), french.stdout)
        XCTAssertTrue(french.stdout.contains("8,2"), french.stdout)
        for output in [english.stdout, french.stdout] {
            let table = output.components(separatedBy: "\n\n")[0]
            for line in table.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 80, String(line))
                // An on/off lever has no unit: its empty cell is not padding.
                guard !line.hasPrefix("zan_pooling") else { continue }
                XCTAssertNil(line.range(of: " {25,}", options: .regularExpression), "a column padded too wide: \(line)")
            }
        }
        XCTAssertNil(
            french.stdout.components(separatedBy: "\n\n")[0].range(of: #"\d\.\d"#, options: .regularExpression),
            "no decimal point in French")
    }

    func testInfoSumsOnlyWhatAddsUpAndShowsTheMeanOfTheRest() throws {
        let info = try XCTUnwrap(try json(try Command.jumeau("info", twin, "--json")) as? [String: Any])
        let attributes = try XCTUnwrap(info["attributes"] as? [[String: Any]])
        func attribute(_ id: String) throws -> [String: Any] {
            try XCTUnwrap(attributes.first { $0["id"] as? String == id }, id)
        }
        let share = try attribute("naf_housing_share_pct")
        XCTAssertEqual(share["aggregation"] as? String, "mean")
        XCTAssertTrue(share["sum"] is NSNull, "\(share)")
        XCTAssertEqual(share["mean"] as? Double, 65)
        for id in ["pv_yield_kwh_per_kwp", "erosion_m_per_yr"] {
            XCTAssertEqual(try attribute(id)["aggregation"] as? String, "mean", id)
        }
        let population = try attribute("population")
        XCTAssertEqual(population["aggregation"] as? String, "sum")
        let (sum, count) = (try XCTUnwrap(population["sum"] as? Double), try XCTUnwrap(population["count"] as? Double))
        XCTAssertEqual(try XCTUnwrap(population["mean"] as? Double), sum / count, accuracy: 1e-9)
        for id in ["households", "area_ha", "rooftop_pv_potential_mwp", "coastline_km"] {
            XCTAssertEqual(try attribute(id)["aggregation"] as? String, "sum", id)
        }

        // 14 communes at 65 % are not at 910 %.
        let text = try Command.jumeau("info", twin)
        XCTAssertFalse(text.stdout.contains("910"), text.stdout)
        XCTAssertNotNil(
            text.stdout.range(of: #"\nnaf_housing_share_pct +% +65 +65 +65 +– +"#, options: .regularExpression),
            text.stdout)
        XCTAssertTrue(text.stdout.contains("mean") && text.stdout.contains("sum"), text.stdout)
        let french = try Command.jumeau("info", twin, "--lang", "fr")
        XCTAssertTrue(french.stdout.contains("moyenne") && french.stdout.contains("somme"), french.stdout)
    }

    /// Attributes beyond the standard ones are judged by their unit (docs/data.md).
    func testImportedAttributesAreSummedOrAveragedByTheirUnit() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let extra = directory + "/extra.csv"
        let provenance = directory + "/provenance.json"
        try "code;taux_chomage;production;vitesse;densite;lits\n33097;10;4.5;1.5;12;100\n33193;20;5.5;2.5;8;50\n"
            .write(toFile: extra, atomically: true, encoding: .utf8)
        let units = [
            "taux_chomage": "%", "production": "GWh/yr", "vitesse": "m/yr", "densite": "inhabitants/km²",
            "lits": "beds",
        ]
        let entries = units.map { id, unit in
            #""\#(id)": {"source": "test", "licence": "LO 2.0", "year": 2023, "status": "observed", "unit": "\#(unit)"}"#
        }
        try ("{" + entries.joined(separator: ", ") + "}").write(toFile: provenance, atomically: true, encoding: .utf8)
        let path = directory + "/extra.gpkg"
        let imported = try Command.jumeau(
            "import", "\(samples)/medoc-atlantique.geojson", "--into", path,
            "--attributes", "\(samples)/medoc-atlantique.csv", "--attributes", extra,
            "--key", "code", "--provenance", provenance)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let info = try XCTUnwrap(try json(try Command.jumeau("info", path, "--json")) as? [String: Any])
        let attributes = try XCTUnwrap(info["attributes"] as? [[String: Any]])
        let expected = [
            "taux_chomage": ("mean", 15.0), "production": ("sum", 10.0), "vitesse": ("mean", 2.0),
            "densite": ("mean", 10.0), "lits": ("sum", 150.0),
        ]
        for (id, (aggregation, figure)) in expected {
            let attribute = try XCTUnwrap(attributes.first { $0["id"] as? String == id }, id)
            XCTAssertEqual(attribute["aggregation"] as? String, aggregation, id)
            XCTAssertEqual(attribute[aggregation] as? Double, figure, id)
            if aggregation == "mean" { XCTAssertTrue(attribute["sum"] is NSNull, id) }
        }
    }
}
