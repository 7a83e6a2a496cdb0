import Foundation
import JumeauModel
import JumeauStore
import XCTest

/// `--epci`, `--dep`, `--reg` and `--codes`: every command that takes them works on the
/// selected zones alone, names them in its titles, and refuses bad selections in one line.
/// The twin holds two samples — Bordeaux Métropole (Gironde, Nouvelle-Aquitaine) and the
/// Grand Annecy (Haute-Savoie, Auvergne-Rhône-Alpes) — with an EPCI table written here.
final class SelectionTests: XCTestCase {
    nonisolated(unsafe) static var directory = ""
    static var twin: String { directory + "/two.gpkg" }
    var twin: String { Self.twin }
    static let bordeaux = "243300316", annecy = "200066793"
    static let samples = Command.packageRoot.appendingPathComponent("sample-territories").path

    override class func setUp() {
        super.setUp()
        directory = NSTemporaryDirectory() + "jumeau-SelectionTests-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            // The DGCL's EPCI membership table, as `--levels` reads it.
            var table = "siren;raison_sociale;insee\n"
            for (sample, siren, name) in [("bordeaux-metropole", bordeaux, "Bordeaux Métropole"),
                                          ("grand-annecy", annecy, "CA du Grand Annecy")] {
                for code in try populations(sample).keys.sorted() { table += "\(siren);\(name);\(code)\n" }
            }
            try table.write(toFile: directory + "/epci.csv", atomically: true, encoding: .utf8)
            let result = try Command.jumeau(
                "import", "\(samples)/bordeaux-metropole.geojson", "\(samples)/grand-annecy.geojson",
                "--attributes", "\(samples)/bordeaux-metropole.csv", "--attributes", "\(samples)/grand-annecy.csv",
                "--key", "code", "--levels", directory + "/epci.csv", "--territory", "Deux territoires",
                "--into", twin)
            XCTAssertEqual(result.status, 0, result.stderr)
        } catch {
            XCTFail("fixture: \(error)")
        }
    }

    override class func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
        super.tearDown()
    }

    /// A sample's population by commune code, from its CSV.
    static func populations(_ sample: String) throws -> [String: Double] {
        let text = try String(contentsOfFile: "\(samples)/\(sample).csv", encoding: .utf8)
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ";").map(String.init)
            if fields.count > 1, let value = Double(fields[1]) { values[fields[0]] = value }
        }
        return values
    }

    func json(_ command: Command) throws -> [String: Any] {
        XCTAssertEqual(command.status, 0, command.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(command.stdout.utf8)) as? [String: Any])
    }

    func attribute(_ id: String, in info: [String: Any]) throws -> [String: Any] {
        let attributes = try XCTUnwrap(info["attributes"] as? [[String: Any]])
        return try XCTUnwrap(attributes.first { $0["id"] as? String == id })
    }

    func testInfoDescribesTheEPCIAloneAndTheWholeTwinCountsItsLevels() throws {
        let bordeaux = try Self.populations("bordeaux-metropole")
        let text = try Command.jumeau("info", twin, "--epci", Self.bordeaux)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("Selection       Bordeaux Métropole (EPCI 243300316)"), text.stdout)
        XCTAssertTrue(text.stdout.contains("Zones           \(bordeaux.count)\n"), text.stdout)

        let selected = try json(Command.jumeau("info", twin, "--epci", Self.bordeaux, "--json"))
        XCTAssertEqual(selected["zones"] as? Int, bordeaux.count)
        let selection = try XCTUnwrap(selected["selection"] as? [String: Any])
        XCTAssertEqual(selection["level"] as? String, "epci")
        XCTAssertEqual(selection["codes"] as? [String], [Self.bordeaux])
        XCTAssertEqual(selection["name"] as? String, "Bordeaux Métropole")
        // Statistics over the selected zones only.
        let population = try attribute("population", in: selected)
        XCTAssertEqual(population["sum"] as? Double, bordeaux.values.reduce(0, +))
        XCTAssertEqual(population["count"] as? Int, bordeaux.count)
        XCTAssertEqual(population["max"] as? Double, bordeaux.values.max())
        // The area measured by GEOS is the selection's: its zones' own areas add up to it,
        // and the two EPCIs' to the twin's.
        let area = try XCTUnwrap(selected["area_ha"] as? Double)
        let zoneAreas = try XCTUnwrap(try attribute("area_ha", in: selected)["sum"] as? Double)
        XCTAssertEqual(area, zoneAreas, accuracy: area * 1e-6)
        let whole = try json(Command.jumeau("info", twin, "--json"))
        let other = try json(Command.jumeau("info", twin, "--epci", Self.annecy, "--json"))
        let wholeArea = try XCTUnwrap(whole["area_ha"] as? Double)
        XCTAssertEqual(area + (other["area_ha"] as? Double ?? 0), wholeArea, accuracy: wholeArea * 1e-9)
        XCTAssertLessThan(area, wholeArea * 0.9)
        XCTAssertTrue(whole["selection"] is NSNull)

        // The whole twin: its levels counted, every zone in Lambert-93.
        let levels = try XCTUnwrap(whole["levels"] as? [String: Int])
        XCTAssertEqual(levels, ["regions": 2, "departments": 2, "epcis": 2, "no_data_zones": 0])
        XCTAssertEqual(whole["crs"] as? String, "EPSG:2154")
        let all = try Command.jumeau("info", twin)
        let levelsLine = "Levels          régions 2, départements 2, EPCIs 2; zones without data: 0"
        XCTAssertTrue(all.stdout.contains(levelsLine), all.stdout)
        XCTAssertTrue(all.stdout.contains("ha (GEOS, Lambert-93)\n"), all.stdout)
        XCTAssertFalse(all.stdout.contains("\nSelection "), all.stdout)
    }

    func testInfoListsTheCodesTheOptionsTake() throws {
        let epcis = try Command.jumeau("info", twin, "--list", "epci")
        XCTAssertEqual(epcis.status, 0, epcis.stderr)
        let rows = epcis.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        XCTAssertEqual(rows.count, 3, epcis.stdout)
        XCTAssertEqual(rows[1].first, "200066793")
        XCTAssertEqual(rows[1].last, "34")
        XCTAssertEqual(rows[2].first, "243300316")
        XCTAssertEqual(rows[2].last, "28")
        let departments = try Command.jumeau("info", twin, "--list", "dep", "--json")
        XCTAssertEqual(departments.status, 0, departments.stderr)
        let list = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(departments.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(list.map { $0["code"] as? String }, ["33", "74"])
        XCTAssertEqual(list.map { $0["name"] as? String }, ["Gironde", "Haute-Savoie"])
        // Within a selection: the communes of one région.
        let communes = try Command.jumeau("info", twin, "--reg", "84", "--list", "com")
        XCTAssertEqual(communes.stdout.split(separator: "\n").count, 35, communes.stdout)
        XCTAssertTrue(communes.stdout.contains("74010"), communes.stdout)
        XCTAssertFalse(communes.stdout.contains("33063"), communes.stdout)
    }

    func testRunSimulatesTheDepartmentAlone() throws {
        let gironde = try Self.populations("bordeaux-metropole").values.reduce(0, +)
        let annecy = try Self.populations("grand-annecy").values.reduce(0, +)
        let csv = try Command.jumeau("run", twin, "--dep", "33", "--format", "csv", "--indicators", "population",
                                    "--to", "2030")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let lines = csv.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "year,population")
        XCTAssertEqual(lines.dropFirst().first, "2024,\(Int(gironde))")
        // The other département and the whole twin start from their own populations.
        let other = try Command.jumeau("run", twin, "--reg", "84", "--format", "csv", "--indicators", "population",
                                       "--to", "2025")
        XCTAssertEqual(other.stdout.split(separator: "\n").dropFirst().first, "2024,\(Int(annecy))")
        let whole = try Command.jumeau("run", twin, "--format", "csv", "--indicators", "population", "--to", "2025")
        XCTAssertEqual(whole.stdout.split(separator: "\n").dropFirst().first, "2024,\(Int(gironde + annecy))")

        // The table names the selection; the JSON says what it was.
        let table = try Command.jumeau("run", twin, "--dep", "33", "--to", "2026")
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.hasPrefix("Gironde (département 33) — Baseline"), table.stdout)
        let output = try json(Command.jumeau("run", twin, "--codes", "33063,74010", "--format", "json", "--to", "2025"))
        let selection = try XCTUnwrap(output["selection"] as? [String: Any])
        XCTAssertEqual(selection["level"] as? String, "com")
        XCTAssertEqual(selection["codes"] as? [String], ["33063", "74010"])
        XCTAssertEqual(selection["zones"] as? Int, 2)
        XCTAssertEqual(output["territory"] as? String, "Deux territoires")
        let populations = try XCTUnwrap((output["indicators"] as? [String: [String: Any]])?["population"]?["values"])
        let both = try XCTUnwrap(Self.populations("bordeaux-metropole")["33063"])
            + XCTUnwrap(Self.populations("grand-annecy")["74010"])
        XCTAssertEqual((populations as? [Double])?.first, both)
        let plain = try json(Command.jumeau("run", twin, "--format", "json", "--to", "2025"))
        XCTAssertTrue(plain["selection"] is NSNull)
    }

    /// Levers set per territory (`--set epci:CODE:zan=90`): the whole twin's run is then the
    /// sum of its parts, each run with its own levers, and saved scenarios, codes and JSON
    /// keep them.
    func testLeversSetForATerritoryApplyToItsZonesAndAreKept() throws {
        // A copy: the scenario saved here must not reach the other tests' twin.
        let twin = Self.directory + "/levers.gpkg"
        try? FileManager.default.removeItem(atPath: twin)
        try FileManager.default.copyItem(atPath: Self.twin, toPath: twin)
        func last(_ arguments: String...) throws -> Double {
            let run = try Command.run(
                Command.binary,
                ["run", twin, "--format", "csv", "--indicators", "naf_consumed_since_2021_ha"] + arguments)
            XCTAssertEqual(run.status, 0, run.stderr)
            let line = try XCTUnwrap(run.stdout.split(separator: "\n").last)
            return try XCTUnwrap(Double(line.split(separator: ",")[1]))
        }
        let both = try last("--set", "zan=50", "--set", "epci:\(Self.bordeaux):zan=90")
        let bordeaux = try last("--epci", Self.bordeaux, "--set", "zan=90")
        let annecy = try last("--epci", Self.annecy, "--set", "zan=50")
        XCTAssertEqual(both, bordeaux + annecy, accuracy: 1e-6 * both)
        XCTAssertNotEqual(both, try last("--set", "zan=50"), accuracy: 1e-6 * both)
        // The région's cut, overridden by the EPCI inside it: the EPCI's own still wins.
        XCTAssertEqual(
            try last("--set", "reg:75:zan=60", "--set", "epci:\(Self.bordeaux):zan=90", "--set", "zan=50"), both,
            accuracy: 1e-6 * both)

        let save = try Command.jumeau(
            "run", twin, "--set", "zan=50", "--set", "epci:\(Self.bordeaux):zan=90", "--save", "PLUi")
        XCTAssertEqual(save.status, 0, save.stderr)
        XCTAssertEqual(try last("--scenario", "PLUi"), both, accuracy: 1e-6 * both)
        let listed = try Command.jumeau("scenarios", twin, "--json")
        XCTAssertEqual(listed.status, 0, listed.stderr)
        let item = try XCTUnwrap(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])?.first)
        XCTAssertEqual(item["levers_text"] as? String, "zan=50 epci:\(Self.bordeaux):zan=90")
        let territories = try XCTUnwrap(item["territory_levers"] as? [String: [String: Any]])
        XCTAssertEqual(Array(territories.keys), ["epci:\(Self.bordeaux)"])
        let code = try XCTUnwrap(item["code"] as? String)
        XCTAssertEqual(try last("--levers", code), both, accuracy: 1e-6 * both)
        // The report lists the EPCI's own lever; the export's levers column is the code.
        let report = Self.directory + "/plui.md"
        let written = try Command.jumeau("report", twin, "--scenario", "PLUi", "--out", report)
        XCTAssertEqual(written.status, 0, written.stderr)
        let markdown = try String(contentsOfFile: report, encoding: .utf8)
        XCTAssertTrue(markdown.contains("Cut in natural land take (ZAN) · epci:\(Self.bordeaux)"), markdown)
        XCTAssertTrue(markdown.contains(code), markdown)
        let export = try Command.jumeau("export", twin, "--scenario", "PLUi", "--format", "csv", "--out", "-")
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains(code), String(export.stdout.prefix(400)))

        // A territory the twin does not hold, or a level that is not one: one line, status 2.
        let unknown = try Command.jumeau("run", twin, "--set", "dep:13:zan=70")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("dep:13 is not a territory") && unknown.stderr.contains("dep:33"),
                      unknown.stderr)
        let commune = try Command.jumeau("run", twin, "--set", "com:33063:zan=70")
        XCTAssertEqual(commune.status, 2)
        XCTAssertEqual(commune.stderr.split(separator: "\n").count, 1, commune.stderr)
        XCTAssertTrue(commune.stderr.contains("reg:CODE, dep:CODE or epci:CODE"), commune.stderr)
    }

    /// What a twin holds, but its saved scenarios and runs: zones with their geometry and
    /// values, attributes with their provenance, levels.
    struct Content: Equatable {
        var codes: [String], names: [String], geometries: [WKBGeometry], values: [String: [Double]]
        var attributes: [AttributeDefinition], levels: [LevelUnit]

        init(_ path: String, codes keep: Set<String>? = nil) throws {
            let store = try TwinStore.open(at: path, access: .read)
            var table = try store.zoneTable(geometry: .wkb)
            if let keep { table = table.subset(table.codes.indices.filter { keep.contains(table.codes[$0]) }) }
            codes = table.codes
            names = table.names
            geometries = table.geometries
            // NaN ≠ NaN: "no value" compared as such.
            values = table.columns.mapValues { $0.map { $0.isNaN ? -.greatestFiniteMagnitude : $0 } }
            attributes = try store.attributes()
            levels = try store.levelUnits()
        }
    }

    /// `extract` cuts a complete local twin; a scenario saved there comes back with `merge`
    /// as the EPCI's levers, and nothing else of the national twin changes.
    func testExtractThenMergeChangesOnlyTheTerritorysLevers() throws {
        let twin = Self.directory + "/national.gpkg", local = Self.directory + "/bordeaux.gpkg"
        for path in [twin, local] { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.copyItem(atPath: Self.twin, toPath: twin)
        func ok(_ arguments: String...) throws -> Command {
            let result = try Command.run(Command.binary, arguments)
            XCTAssertEqual(result.status, 0, "\(arguments): \(result.stderr)")
            return result
        }
        _ = try ok("run", twin, "--set", "zan=50", "--set", "reg:75:zan=55", "--save", "SRADDET")
        let before = try Content(twin)
        let sraddet = try TwinStore.open(at: twin, access: .read).scenario(named: "SRADDET")

        let extracted = try ok("extract", twin, "--epci", Self.bordeaux, "--out", local, "--with-scenarios")
        XCTAssertTrue(extracted.stderr.contains("Bordeaux Métropole (28 zones, 1 scenarios)"), extracted.stderr)
        // The local twin: Bordeaux's zones exactly, the same attributes and provenance, its own levels.
        let bordeaux = Set(try Self.populations("bordeaux-metropole").keys)
        var expected = try Content(twin, codes: bordeaux)
        expected.levels = before.levels.filter { ["75", "33", Self.bordeaux].contains($0.code) }
        XCTAssertEqual(try Content(local), expected)
        let info = try json(Command.jumeau("info", local, "--json"))
        XCTAssertEqual(info["name"] as? String, "Bordeaux Métropole")
        XCTAssertEqual(info["zones"] as? Int, 28)
        let validation = try Command.validateGeoPackage(local)
        XCTAssertEqual(validation.status, 0, "validate_gpkg.py: \(validation.stdout)\(validation.stderr)")
        // The région's cut holds every extracted commune: it is the local scenario's own.
        let scenarios = try ok("scenarios", local, "--json").stdout
        XCTAssertTrue(scenarios.contains("\"levers_text\" : \"zan=55\""), scenarios)
        // An existing file is kept unless --force.
        let again = try Command.jumeau("extract", twin, "--epci", Self.bordeaux, "--out", local)
        XCTAssertEqual(again.status, 1, again.stderr)

        _ = try ok("run", local, "--set", "zan=70", "--set", "density=40", "--save", "PLUi 2035")
        let merged = try ok("merge", local, "--into", twin, "--scenario", "PLUi 2035")
        XCTAssertTrue(merged.stderr.contains("epci:\(Self.bordeaux)"), merged.stderr)
        XCTAssertEqual(try Content(twin), before, "zones, attributes and levels untouched")
        XCTAssertEqual(try TwinStore.open(at: twin, access: .read).scenario(named: "SRADDET"), sraddet)
        let listed = try ok("scenarios", twin, "--json").stdout
        XCTAssertTrue(
            listed.contains("epci:\(Self.bordeaux):zan=70 epci:\(Self.bordeaux):density=40"), listed)
        // The national scenario gives Bordeaux exactly what the local one gave.
        func last(_ path: String, _ extra: [String]) throws -> String {
            let run = try Command.run(
                Command.binary,
                ["run", path, "--scenario", "PLUi 2035", "--format", "csv", "--indicators",
                 "naf_consumed_since_2021_ha"]
                    + extra)
            XCTAssertEqual(run.status, 0, run.stderr)
            return String(run.stdout.split(separator: "\n").last ?? "")
        }
        XCTAssertEqual(try last(twin, ["--epci", Self.bordeaux]), try last(local, []))

        // Only a whole territory's scenario comes back.
        let two = Self.directory + "/two-communes.gpkg"
        try? FileManager.default.removeItem(atPath: two)
        _ = try ok("extract", twin, "--codes", "33063,33069", "--out", two)
        _ = try ok("run", two, "--set", "zan=70", "--save", "Centre")
        let refused = try Command.jumeau("merge", two, "--into", twin, "--scenario", "Centre")
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains("not exactly one région, département or EPCI"), refused.stderr)
        XCTAssertEqual(try Content(twin), before)
    }

    func testUnknownCodesFailInOneLineWithStatus2AndTheClosestCodes() throws {
        func check(_ result: Command, _ expected: [String], file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertEqual(result.status, 2, result.stderr, file: file, line: line)
            XCTAssertEqual(result.stdout, "", file: file, line: line)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr, file: file, line: line)
            for text in expected { XCTAssertTrue(result.stderr.contains(text), result.stderr, file: file, line: line) }
        }
        check(try Command.jumeau("info", twin, "--codes", "33063,99999"),
              ["no zone of \(twin) has the code 99999", "jumeau info \(twin) --list com"])
        check(try Command.jumeau("run", twin, "--codes", "33063,99998,99999"),
              ["2 codes match no zone", "99998, 99999"])
        // A SIREN with a digit missing, a name instead of a code: the closest are suggested.
        check(try Command.jumeau("run", twin, "--epci", "24330031"),
              ["no zone of \(twin) belongs to EPCI 24330031", "closest: 243300316 Bordeaux Métropole",
               "--list epci"])
        check(try Command.jumeau("export", twin, "--epci", "annecy", "--out", "-", "--format", "csv"),
              ["closest: 200066793 CA du Grand Annecy"])
        check(try Command.jumeau("render", twin, "--codes", "Talence"), ["closest: 33522 Talence"])
        let report = "\(Self.directory)/r.md"
        check(try Command.jumeau("report", twin, "--scenario", "baseline", "--reg", "11", "--out", report),
              ["belongs to région 11", "the twin has 75 Nouvelle-Aquitaine, 84 Auvergne-Rhône-Alpes"])
        check(try Command.jumeau("compare", twin, "baseline", "baseline", "--dep", "2A"),
              ["belongs to département 2A"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: report))
        // In French too.
        let french = try Command.jumeau("info", twin, "--epci", "1", "--lang", "fr")
        XCTAssertEqual(french.status, 2)
        XCTAssertTrue(french.stderr.contains("aucune zone de \(twin) n'appartient à l'EPCI 1"), french.stderr)
    }

    func testOneSelectionAtATimeAndNeverEmpty() throws {
        for arguments in [
            ["run", twin, "--epci", Self.bordeaux, "--dep", "33"],
            ["info", twin, "--reg", "75", "--codes", "33063"],
            ["export", twin, "--dep", "33", "--dep", "74", "--reg", "75", "--out", "-", "--format", "csv"],
        ] {
            let result = try Command.run(Command.binary, arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("cannot be combined"), result.stderr)
        }
        for arguments in [["info", twin, "--codes", ", ,"], ["run", twin, "--dep", " "]] {
            let result = try Command.run(Command.binary, arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("needs a code"), result.stderr)
        }
    }

    func testSavingARunOfASelectionIsRefusedAndWritesNothing() throws {
        let result = try Command.jumeau("run", twin, "--epci", Self.bordeaux, "--set", "zan=50", "--save", "Métropole")
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains("--save saves a scenario of the whole twin"), result.stderr)
        XCTAssertTrue(result.stderr.contains("--scenario NAME"), result.stderr)
        let scenarios = try Command.jumeau("scenarios", twin, "--json").stdout
        XCTAssertEqual(scenarios.trimmingCharacters(in: .whitespacesAndNewlines), "[\n\n]")
    }

    func testExportWritesOnlyTheSelectedZones() throws {
        let annecy = try Self.populations("grand-annecy")
        let csv = try Command.jumeau("export", twin, "--epci", Self.annecy, "--year", "2024",
                                    "--indicators", "population", "--out", "-", "--format", "csv")
        XCTAssertEqual(csv.status, 0, csv.stderr)
        let rows = csv.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        XCTAssertEqual(Set(rows.map { $0[0] }), Set(annecy.keys))
        XCTAssertEqual(rows.reduce(0.0) { $0 + (Double($1.last ?? "") ?? .nan) }, annecy.values.reduce(0, +))

        let file = Self.directory + "/annecy.geojson"
        let geojson = try Command.jumeau("export", twin, "--epci", Self.annecy, "--out", file)
        XCTAssertEqual(geojson.status, 0, geojson.stderr)
        XCTAssertTrue(geojson.stderr.contains("wrote \(annecy.count) zones"), geojson.stderr)
        let collection = try XCTUnwrap(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let features = try XCTUnwrap(collection["features"] as? [[String: Any]])
        XCTAssertEqual(features.count, annecy.count)
        let codes = features.compactMap { ($0["properties"] as? [String: Any])?["code"] as? String }
        XCTAssertEqual(Set(codes), Set(annecy.keys))
    }

    func testReportRenderAndCompareNameTheSelection() throws {
        let out = Self.directory + "/bordeaux.md"
        let report = try Command.jumeau("report", twin, "--scenario", "baseline", "--epci", Self.bordeaux, "--out", out)
        XCTAssertEqual(report.status, 0, report.stderr)
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(markdown.hasPrefix("# Workshop report — Bordeaux Métropole (EPCI 243300316)"), markdown)
        XCTAssertTrue(markdown.contains("28 communes"), markdown)

        let render = try Command.jumeau("render", twin, "--epci", Self.bordeaux, "--size", "100x30")
        XCTAssertEqual(render.status, 0, render.stderr)
        XCTAssertTrue(render.stdout.contains("Bordeaux Métropole (EPCI 243300316)"), render.stdout)
        // Only the selected zones are classified.
        XCTAssertTrue(render.stdout.contains("quantiles, 28 zones"), render.stdout)

        let compare = try Command.jumeau("compare", twin, "baseline", "baseline", "--dep", "74")
        XCTAssertEqual(compare.status, 0, compare.stderr)
        XCTAssertTrue(compare.stdout.hasPrefix("Haute-Savoie (département 74): A = baseline"), compare.stdout)
        let output = try json(
            Command.jumeau("compare", twin, "baseline", "baseline", "--dep", "74", "--format", "json"))
        let selection = try XCTUnwrap(output["selection"] as? [String: Any])
        XCTAssertEqual(selection["name"] as? String, "Haute-Savoie")
        XCTAssertEqual(selection["zones"] as? Int, 34)
    }

    /// A twin written before levels: départements still come from the commune codes;
    /// régions and EPCIs ask for a new import.
    func testATwinWithoutLevelsSelectsByDepartmentAndSaysHowToGetTheOthers() throws {
        let older = Self.directory + "/older.gpkg"
        try? FileManager.default.removeItem(atPath: older)
        try FileManager.default.copyItem(atPath: twin, toPath: older)
        for statement in [
            "DROP TABLE jumeau_levels", "DELETE FROM gpkg_contents WHERE table_name = 'jumeau_levels'",
            "DELETE FROM jumeau_schema_migrations WHERE identifier = 'v6-levels'",
            "ALTER TABLE zones DROP COLUMN dep", "ALTER TABLE zones DROP COLUMN reg",
            "ALTER TABLE zones DROP COLUMN epci", "ALTER TABLE zones DROP COLUMN missing",
        ] {
            let result = try Command.sql(older, statement)
            XCTAssertEqual(result.status, 0, "\(statement): \(result.stderr)")
        }
        let info = try Command.jumeau("info", older)
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertFalse(info.stdout.contains("Levels"), info.stdout)
        let gironde = try Command.jumeau("info", older, "--dep", "33")
        XCTAssertEqual(gironde.status, 0, gironde.stderr)
        XCTAssertTrue(gironde.stdout.contains("Selection       département 33\n"), gironde.stdout)
        XCTAssertTrue(gironde.stdout.contains("Zones           28\n"), gironde.stdout)
        for (option, code, fix) in [("--epci", Self.bordeaux, "--levels"), ("--reg", "75", "re-import")] {
            let result = try Command.jumeau("run", older, option, code)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("does not record its zones'"), result.stderr)
            XCTAssertTrue(result.stderr.contains(fix), result.stderr)
        }
    }
}
