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
        let saved = try Command.jumeau("run", twin, "--set", "zan=50,2031:60", "--set", "density=30", "--save", "Loi ZAN")
        XCTAssertEqual(saved.status, 0, saved.stderr)
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
        XCTAssertNotNil(text.stdout.range(of: #"\nnaf_housing_share_pct +% +65 +65 +65 +– +"#, options: .regularExpression),
                        text.stdout)
        XCTAssertTrue(text.stdout.contains("mean") && text.stdout.contains("sum"), text.stdout)
        let french = try Command.jumeau("info", twin, "--lang", "fr")
        XCTAssertTrue(french.stdout.contains("moyenne") && french.stdout.contains("somme"), french.stdout)
    }

    /// Attributes beyond the standard ones are judged by their unit (docs/data.md).
    func testImportedAttributesAreSummedOrAveragedByTheirUnit() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let extra = directory + "/extra.csv", provenance = directory + "/provenance.json"
        try "code;taux_chomage;production;vitesse;densite;lits\n33097;10;4.5;1.5;12;100\n33193;20;5.5;2.5;8;50\n"
            .write(toFile: extra, atomically: true, encoding: .utf8)
        let units = ["taux_chomage": "%", "production": "GWh/yr", "vitesse": "m/yr", "densite": "inhabitants/km²",
                     "lits": "beds"]
        let entries = units.map { id, unit in
            #""\#(id)": {"source": "test", "licence": "LO 2.0", "year": 2023, "status": "observed", "unit": "\#(unit)"}"#
        }
        try ("{" + entries.joined(separator: ", ") + "}").write(toFile: provenance, atomically: true, encoding: .utf8)
        let path = directory + "/extra.gpkg"
        let imported = try Command.jumeau("import", "\(samples)/medoc-atlantique.geojson", "--into", path,
                                          "--attributes", "\(samples)/medoc-atlantique.csv", "--attributes", extra,
                                          "--key", "code", "--provenance", provenance)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let info = try XCTUnwrap(try json(try Command.jumeau("info", path, "--json")) as? [String: Any])
        let attributes = try XCTUnwrap(info["attributes"] as? [[String: Any]])
        let expected = ["taux_chomage": ("mean", 15.0), "production": ("sum", 10.0), "vitesse": ("mean", 2.0),
                        "densite": ("mean", 10.0), "lits": ("sum", 150.0)]
        for (id, (aggregation, figure)) in expected {
            let attribute = try XCTUnwrap(attributes.first { $0["id"] as? String == id }, id)
            XCTAssertEqual(attribute["aggregation"] as? String, aggregation, id)
            XCTAssertEqual(attribute[aggregation] as? Double, figure, id)
            if aggregation == "mean" { XCTAssertTrue(attribute["sum"] is NSNull, id) }
        }
    }

    func testLeversAreWrittenAtTheirPrecisionInTheLanguageAndFit80Columns() throws {
        // Île de Ré's vacancy trend, 8.2 %, was printed 8.200000000000001.
        let english = try Command.jumeau("levers", "ile-de-re")
        XCTAssertEqual(english.status, 0, english.stderr)
        XCTAssertFalse(english.stdout.contains("00000"), english.stdout)
        XCTAssertNotNil(english.stdout.range(of: #"\nvacancy_target +% +3\.0–15\.0 +0\.1 +8\.2 +lower\n"#,
                                             options: .regularExpression), english.stdout)
        XCTAssertNotNil(english.stdout.range(of: #"\nzan_milestone +2031 / 2034 +3 +2031 +lower\n"#,
                                             options: .regularExpression), english.stdout)
        XCTAssertTrue(english.stdout.contains("renaturation: Yearly renaturation (% of base artificialised land/yr)"),
                      english.stdout)
        let french = try Command.jumeau("levers", "ile-de-re", "--lang", "fr")
        XCTAssertNotNil(french.stdout.range(of: #"\npopulation_growth +%/an +-1,00–2,00 +0,05 +0,12 +plus bas\n"#,
                                            options: .regularExpression), french.stdout)
        XCTAssertTrue(french.stdout.contains("8,2"), french.stdout)
        for output in [english.stdout, french.stdout] {
            let table = output.components(separatedBy: "\n\n")[0]
            for line in table.split(separator: "\n") {
                XCTAssertLessThanOrEqual(line.count, 80, String(line))
                XCTAssertNil(line.range(of: " {25,}", options: .regularExpression), "a column padded too wide: \(line)")
            }
        }
        XCTAssertNil(french.stdout.components(separatedBy: "\n\n")[0].range(of: #"\d\.\d"#, options: .regularExpression),
                     "no decimal point in French")
    }
}
