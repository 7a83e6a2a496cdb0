import Foundation
import XCTest

final class CommandLineTests: XCTestCase {
    var directory: String!
    var environment: [String: String] { ["XDG_DATA_HOME": directory + "/xdg"] }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Command.binary), "build jumeau first: \(Command.binary)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    var samples: String { Command.packageRoot.appendingPathComponent("sample-territories").path }

    func importSample(_ id: String, into twin: String, extra: [String] = []) throws -> Command {
        try Command.run(Command.binary, ["import", "\(samples)/\(id).geojson", "--into", twin,
                                         "--attributes", "\(samples)/\(id).csv", "--key", "code",
                                         "--territory", id] + extra)
    }

    func testEverySampleSourceImportsIntoAGeoPackageThatGDALValidatesAndReads() throws {
        let counts = ["bordeaux-metropole": 28, "ile-de-re": 10, "medoc-atlantique": 14, "grand-annecy": 34]
        for (id, count) in counts.sorted(by: { $0.key < $1.key }) {
            let twin = directory + "/\(id).gpkg"
            let result = try importSample(id, into: twin)
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("\(count) zones"), result.stdout)
            XCTAssertEqual(result.stderr, "", "no progress bar when stderr is not a terminal")

            let validation = try Command.validateGeoPackage(twin)
            XCTAssertEqual(validation.status, 0, "validate_gpkg.py: \(validation.stdout)\(validation.stderr)")

            let info = try Command.ogrinfo(["-so", twin, "zones"])
            XCTAssertEqual(info.status, 0, info.stderr)
            XCTAssertTrue(info.stdout.contains("Feature Count: \(count)"), info.stdout)
            XCTAssertTrue(info.stdout.contains("Geometry: Multi Polygon"), info.stdout)
            XCTAssertTrue(info.stdout.contains("ID[\"EPSG\",2154]"), info.stdout)
            XCTAssertTrue(info.stdout.contains("population: Real"), info.stdout)
        }
    }

    func testGeneratedTwinIsAValidGeoPackage() throws {
        let twin = directory + "/synthetic.gpkg"
        let result = try Command.jumeau("generate", "--zones", "300", "--out", twin, "--seed", "3")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
        let info = try Command.ogrinfo(["-so", twin, "zones"])
        XCTAssertTrue(info.stdout.contains("Feature Count: 300"), info.stdout)

        let geojson = directory + "/synthetic.geojson"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "300", "--out", geojson, "--seed", "3").status, 0)
        let first = try Data(contentsOf: URL(fileURLWithPath: geojson))
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "300", "--out", geojson, "--seed", "3", "--force").status, 0)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: geojson)), first, "deterministic")
        // GDAL reads the GeoJSON too.
        let read = try Command.ogrinfo(["-so", "-al", geojson])
        XCTAssertTrue(read.stdout.contains("Feature Count: 300"), read.stdout)
    }

    func testInfoJSONHasTheDocumentedStableKeys() throws {
        let twin = directory + "/re.gpkg"
        XCTAssertEqual(try importSample("ile-de-re", into: twin).status, 0)
        let result = try Command.jumeau("info", twin, "--json")
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["name", "zones", "area_ha", "crs", "attributes", "extent", "extent_lonlat", "reference_year", "scenarios", "schema_version"] {
            XCTAssertNotNil(json[key], key)
        }
        XCTAssertEqual(json["name"] as? String, "ile-de-re")
        XCTAssertEqual(json["zones"] as? Int, 10)
        XCTAssertEqual(json["crs"] as? String, "EPSG:2154")
        // The island is about 85 km² (8,500 ha).
        XCTAssertEqual(try XCTUnwrap(json["area_ha"] as? Double), 8_560, accuracy: 400)
        let lonLat = try XCTUnwrap(json["extent_lonlat"] as? [String: Double])
        XCTAssertEqual(lonLat["min_x"]!, -1.56, accuracy: 0.02)
        XCTAssertEqual(lonLat["max_y"]!, 46.27, accuracy: 0.02)
        let attributes = try XCTUnwrap(json["attributes"] as? [[String: Any]])
        let population = try XCTUnwrap(attributes.first { $0["id"] as? String == "population" })
        XCTAssertEqual(population["sum"] as? Double, 17_961)
        XCTAssertEqual(population["unit"] as? String, "inhabitants")
        for attribute in attributes {
            for key in ["id", "label_fr", "label_en", "unit", "min", "max", "sum", "source", "licence", "status"] {
                XCTAssertTrue(attribute.keys.contains(key), "\(attribute["id"] ?? "?") lacks \(key)")
            }
        }
        let text = try Command.jumeau("info", twin)
        XCTAssertTrue(text.stdout.contains("Zones           10"), text.stdout)
        XCTAssertTrue(text.stdout.contains("population"), text.stdout)
    }

    func testNoArgumentsUsesTheDefaultSampleFromAnyDirectory() throws {
        let elsewhere = directory + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let first = try Command.jumeau(directory: elsewhere, environment: environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("Bordeaux Métropole"), first.stdout)
        XCTAssertTrue(first.stdout.contains("Zones           28"), first.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory + "/xdg/jumeau/bordeaux-metropole.gpkg"))
        XCTAssertEqual(try Command.validateGeoPackage(directory + "/xdg/jumeau/bordeaux-metropole.gpkg").status, 0)
        let again = try Command.jumeau("info", "medoc-atlantique", directory: elsewhere, environment: environment)
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("CC Médoc Atlantique"), again.stdout)
    }

    func testMisuseExitsWithStatus2AndOneLine() throws {
        let cases: [[String]] = [
            ["import"], ["import", "a.geojson"], ["--bogus"], ["import", "a.geojson", "--into", "t.txt"],
            ["generate", "--zones", "0", "--out", "x.geojson"], ["generate", "--zones", "10", "--out", "x.shp"],
            ["info", "--json", "--nope"],
            ["import", "a.geojson", "--into", "t.gpkg", "--attributes", "a.csv", "--columns", "a,="],
        ]
        for arguments in cases {
            let result = try Command.run(Command.binary, arguments, directory: directory)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("jumeau: "), result.stderr)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/t.gpkg"))
    }

    func testBadInputExitsWithStatus1NamingTheFile() throws {
        let bad = directory + "/bad.geojson"
        try Data("{\"type\":\"FeatureCollection\",\"features\":[{]}".utf8).write(to: URL(fileURLWithPath: bad))
        let result = try Command.jumeau("import", bad, "--into", directory + "/t.gpkg")
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("jumeau: \(bad): not valid JSON at line 1"), result.stderr)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/t.gpkg"))

        let missing = try Command.jumeau("import", directory + "/none.geojson", "--into", directory + "/t.gpkg")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("none.geojson: cannot read (no such file)"), missing.stderr)

        let twin = directory + "/re.gpkg"
        XCTAssertEqual(try importSample("ile-de-re", into: twin).status, 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: twin))
        let again = try importSample("ile-de-re", into: twin)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.stderr.contains("already exists; add --force"), again.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: twin)), before)
        XCTAssertEqual(try importSample("ile-de-re", into: twin, extra: ["--force"]).status, 0)

        let notTwin = directory + "/text.gpkg"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notTwin))
        let info = try Command.jumeau("info", notTwin)
        XCTAssertEqual(info.status, 1)
        XCTAssertEqual(info.stderr.filter { $0 == "\n" }.count, 1, info.stderr)
    }

    func testHostileTextNeverReachesTheTerminalRaw() throws {
        let twin = directory + "/evil.gpkg"
        let result = try importSample("ile-de-re", into: twin, extra: ["--territory", "Evil\u{1B}[2J\u{1B}]0;pwned\u{07}Town"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let info = try Command.jumeau("info", twin)
        XCTAssertEqual(info.status, 0)
        XCTAssertFalse(info.stdout.contains("\u{1B}"), "escape sequences are neutralised")
        XCTAssertFalse(info.stdout.contains("\u{07}"))
        XCTAssertTrue(info.stdout.contains("Evil"), info.stdout)
    }

    func testProgressBarOnlyOnATerminal() throws {
        // `script` gives the command a pseudo-terminal, as an interactive shell would.
        guard FileManager.default.fileExists(atPath: "/usr/bin/script") else { throw XCTSkip("no script(1)") }
        let twin = directory + "/tty.gpkg"
        let command = "\(Command.binary) import \(samples)/grand-annecy.geojson --into \(twin) --attributes \(samples)/grand-annecy.csv --key code"
        let result = try Command.run("/usr/bin/script", ["-qec", command, "/dev/null"])
        XCTAssertEqual(result.status, 0, result.stdout)
        XCTAssertTrue(result.stdout.contains("reading") && result.stdout.contains("[#####"), "progress bar on a terminal: \(result.stdout.debugDescription)")
        XCTAssertTrue(result.stdout.contains("34 zones"), result.stdout)
    }

    func testCSVOptionsSelectAndRenameColumns() throws {
        let csv = directory + "/insee.csv"
        try Data("COM;PMUN;Commune\n17019;1314;Ars\n17051;2125;Bois\n17121;1112;C\n17161;3150;F\n17207;745;L\n17286;577;P\n17297;2483;R\n17318;688;S\n17360;3412;M\n17369;2355;T\n".utf8)
            .write(to: URL(fileURLWithPath: csv))
        let twin = directory + "/re.gpkg"
        let result = try Command.jumeau("import", "\(samples)/ile-de-re.geojson", "--into", twin,
                                        "--attributes", csv, "--key", "COM", "--columns", "PMUN=population")
        XCTAssertEqual(result.status, 0, result.stderr)
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertTrue(info.stdout.contains("\"sum\" : 17961"), info.stdout)
        XCTAssertFalse(info.stdout.contains("\"id\" : \"pmun\""))
    }

    /// Official files need neither --key nor --columns; `info` shows where each value comes from.
    func testOfficialFilesNeedNoKeyAndInfoShowsTheirProvenance() throws {
        let published = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../JumeauImportTests/Published").standardized.path
        let twin = directory + "/ain.gpkg"
        let result = try Command.jumeau(
            "import", "\(published)/ain-communes.geojson", "--into", twin,
            "--attributes", "\(published)/cerema-conso-espaces-2009-2023-extract.csv",
            "--attributes", "\(published)/populations-legales-2023.csv",
            "--attributes", "\(published)/populations-legales-2017.csv")
        XCTAssertEqual(result.status, 0, result.stderr)
        let info = try Command.jumeau("info", twin)
        XCTAssertEqual(info.status, 0, info.stderr)
        let lines = info.stdout.split(separator: "\n")
        let line = try XCTUnwrap(lines.first { $0.hasPrefix("naf_2011_2020_ha") }, info.stdout)
        XCTAssertTrue(line.contains("observed") && line.contains("Cerema"), String(line))
        XCTAssertTrue(info.stdout.contains("population_trend_pct_yr"), info.stdout)
        // A file Jumeau does not know still needs its key: one line saying so, status 1, no twin.
        let plain = directory + "/plain.csv"
        try Data("commune;valeur\n01001;3\n".utf8).write(to: URL(fileURLWithPath: plain))
        let refused = try Command.jumeau(
            "import", "\(published)/ain-communes.geojson", "--into", directory + "/plain.gpkg", "--attributes", plain)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("--key COLUMN") && refused.stderr.contains("plain.csv"), refused.stderr)
        XCTAssertEqual(refused.stderr.filter { $0 == "\n" }.count, 1, refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/plain.gpkg"))
    }
}

final class InterruptionTests: XCTestCase {
    func testInterruptedImportLeavesNoTwinAndNoScratchFile() throws {
        let directory = NSTemporaryDirectory() + "jumeau-interrupt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let source = directory + "/big.geojson"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "20000", "--out", source).status, 0)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Command.binary)
        process.arguments = ["import", source, "--into", directory + "/twin.gpkg"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Interrupt once the scratch file exists, as a dropped connection would.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning,
              !((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).contains(where: { $0.hasSuffix(".partial") }) {
            usleep(20_000)
        }
        try XCTSkipUnless(process.isRunning, "the import finished before it could be interrupted")
        process.terminate()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 128 + SIGTERM)
        // Standard error is not a terminal here: no progress line, no escape sequences.
        XCTAssertEqual(said, "jumeau: import interrupted\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        XCTAssertEqual(names, ["big.geojson"], "no twin, no scratch file")
    }
}

final class SimulationCommandTests: MedocTwinTestCase {
    func csv(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    func testRunPrintsEveryYearInEveryFormat() throws {
        let table = try Command.jumeau("run", twin)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("medoc-atlantique — Baseline"), table.stdout)
        XCTAssertTrue(table.stdout.contains("2050"), table.stdout)
        XCTAssertTrue(table.stdout.contains("ha/yr"), "units in the header")
        for line in table.stdout.split(separator: "\n").prefix(29) { XCTAssertLessThanOrEqual(line.count, 80, "fits 80 columns: \(line)") }

        let csv = csv(try Command.jumeau("run", twin, "--format", "csv").stdout)
        XCTAssertEqual(csv.header.first, "year")
        XCTAssertTrue(csv.header.contains("naf_consumption_ha"))
        XCTAssertTrue(csv.header.contains("coastal_dwellings_lost"))
        XCTAssertEqual(csv.rows.count, 27, "2024 to 2050")
        XCTAssertEqual(csv.rows.last?.first, "2050")

        let json = try JSONSerialization.jsonObject(with: Data(try Command.jumeau("run", twin, "--format", "json", "--to", "2031").stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["years"] as? [Int], Array(2024...2031))
        let indicators = json["indicators"] as! [String: [String: Any]]
        XCTAssertEqual((indicators["population"]?["values"] as? [Double])?.count, 8)
        XCTAssertEqual(indicators["zan_budget_used_pct"]?["better"] as? String, "lower")
    }

    func testMovingZANTo50CutsConsumptionIn2030() throws {
        func consumption2030(_ extra: [String]) throws -> Double {
            let out = csv(try Command.run(Command.binary, ["run", twin, "--format", "csv", "--indicators", "naf_consumption_ha"] + extra).stdout)
            return Double(out.rows.first { $0[0] == "2030" }![1])!
        }
        let trend = try consumption2030([]), law = try consumption2030(["--set", "zan=50"])
        XCTAssertLessThan(law, trend * 0.7)
        let more = try consumption2030(["--set", "renewables=100"])
        XCTAssertGreaterThanOrEqual(more, trend, "ground PV takes land")
    }

    func testSaveListReadBackAndCompare() throws {
        let saved = try Command.jumeau("run", twin, "--set", "zan=50", "--set", "density=30,2031:45", "--save", "Loi ZAN",
                                       "--notes", "atelier", "--author", "Claire", "--format", "csv")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertTrue(saved.stderr.contains("saved scenario 'Loi ZAN'"), saved.stderr)

        let list = try Command.jumeau("scenarios", twin)
        XCTAssertTrue(list.stdout.contains("Loi ZAN"), list.stdout)
        XCTAssertTrue(list.stdout.contains("zan=50 density=30,2031:45"), list.stdout)
        XCTAssertTrue(list.stdout.contains("Claire"), list.stdout)

        // Read back from the twin, identical to the saved run's output.
        let again = try Command.jumeau("run", twin, "--scenario", "Loi ZAN", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(json["source"] as? String, "saved")
        XCTAssertEqual(try Command.jumeau("run", twin, "--scenario", "Loi ZAN", "--format", "csv").stdout, saved.stdout)
        // A change on top of a scenario reruns.
        let changed = try Command.jumeau("run", twin, "--scenario", "Loi ZAN", "--set", "renewables=80", "--format", "json")
        XCTAssertEqual((try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as! [String: Any])["source"] as? String, "computed")

        let compare = try Command.jumeau("compare", twin, "baseline", "Loi ZAN", "--years", "2031,2050")
        XCTAssertEqual(compare.status, 0, compare.stderr)
        XCTAssertTrue(compare.stdout.contains("A = baseline, B = Loi ZAN"), compare.stdout)
        let line = try XCTUnwrap(compare.stdout.split(separator: "\n")
            .first { $0.hasPrefix("ENAF land consumed since 2021") })
        XCTAssertTrue(line.contains("2031") && line.contains("-"), String(line))

        // The twin is still a valid GeoPackage with its scenario tables.
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
    }

    func testAScenarioCodeReproducesTheLeversExactly() throws {
        let bySet = try Command.jumeau("run", twin, "--set", "zan=50", "--set", "density=40", "--format", "csv")
        let byCode = try Command.jumeau("run", twin, "--levers", "JA0A-B0Z", "--format", "csv")
        XCTAssertEqual(byCode.status, 0, byCode.stderr)
        XCTAssertEqual(byCode.stdout, bySet.stdout, "the code JA0AB0Z is zan=50, density=40")
        let bad = try Command.jumeau("run", twin, "--levers", "JZZZ")
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--levers"), bad.stderr)
        XCTAssertEqual(bad.stderr.filter { $0 == "\n" }.count, 1)
    }

    func testBadLeverSettingsExitWith2AndChangeNothing() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: twin))
        let cases: [([String], String)] = [
            (["--set", "zan=150"], "zan = 150 is out of range (0–100 %)"),
            (["--set", "zanz=3"], "unknown lever 'zanz'"),
            (["--set", "zan"], "malformed --set 'zan'"),
            (["--set", "zan=50,2031"], "should be YEAR:VALUE"),
            (["--scenario", "nope"], "no scenario named 'nope'"),
            (["--to", "2070"], "--to must be between 2025 and 2050"),
            (["--indicators", "foo"], "unknown indicator 'foo'"),
            (["--set", "zan=150", "--save", "x"], "out of range"),
            (["--save", "Baseline"], "built-in trend scenario"),
        ]
        for (arguments, message) in cases {
            let result = try Command.run(Command.binary, ["run", twin] + arguments)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1)
            XCTAssertEqual(result.stdout, "")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: twin)), before, "nothing was written")
        XCTAssertEqual(try Command.jumeau("compare", twin, "baseline").status, 2)
        XCTAssertEqual(try Command.jumeau("compare", twin, "baseline", "ghost").status, 2)
    }
}

final class RenderCommandTests: XCTestCase {
    let environment = ["XDG_DATA_HOME": NSTemporaryDirectory() + "jumeau-render-xdg"]

    func testPlainTextWhenNotATerminalAndASCIIUnderLangC() throws {
        let plain = try Command.jumeau("render", "ile-de-re", environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertFalse(plain.stdout.contains("\u{1B}"), "no escape sequences in plain text")
        let lines = plain.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 25, "24 lines")
        XCTAssertTrue(lines[0].hasPrefix("CC de l'Île de Ré · Population · 2024"), String(lines[0]))
        XCTAssertTrue(plain.stdout.contains("quantiles, 10 zones"))
        XCTAssertTrue(plain.stdout.contains("km"), "scale bar")
        XCTAssertTrue(plain.stdout.contains("N↑"))

        let ascii = try Command.jumeau("render", "ile-de-re", environment: environment.merging(["LANG": "C", "LC_ALL": ""]) { $1 })
        XCTAssertTrue(ascii.stdout.unicodeScalars.allSatisfy { $0.isASCII }, ascii.stdout)
        XCTAssertTrue(ascii.stdout.contains("N^"))
    }

    func testColourTiersSizesAndIndicatorsOverYears() throws {
        let colour = try Command.jumeau("render", "grand-annecy", "--indicator", "naf_consumption_ha", "--year", "2040",
                                        "--set", "zan=50", "--color", "256", "--size", "120x40", environment: environment)
        XCTAssertEqual(colour.status, 0, colour.stderr)
        XCTAssertTrue(colour.stdout.contains("\u{1B}[0;"), "ANSI output")
        XCTAssertTrue(colour.stdout.contains("38;5;") || colour.stdout.contains("48;5;"))
        XCTAssertTrue(colour.stdout.contains("2040"))
        XCTAssertEqual(colour.stdout.split(separator: "\n").count, 40)
        let mono = try Command.jumeau("render", "--theme", "mono", "--color", "truecolor", environment: environment)
        XCTAssertEqual(mono.status, 0, mono.stderr)
        let manual = try Command.jumeau("render", "ile-de-re", "--breaks", "2000,5000", "--size", "100x30", environment: environment)
        XCTAssertEqual(manual.status, 0, manual.stderr)
        XCTAssertTrue(manual.stdout.contains("manual breaks"), manual.stdout)
        XCTAssertTrue(manual.stdout.contains("2,000") || manual.stdout.contains("2.0k") || manual.stdout.contains("2 000"), manual.stdout)
    }

    func testBadRenderOptionsExitWith2() throws {
        for arguments in [["render", "--size", "10x3"], ["render", "--color", "rainbow"], ["render", "--indicator", "nope"],
                          ["render", "--theme", "nope"], ["render", "--year", "2099", "--indicator", "population"],
                          ["render", "--indicator", "jobs", "--year", "2030"], ["render", "--breaks", "many"],
                          ["render", "--classes", "12"]] {
            let result = try Command.run(Command.binary, arguments, environment: environment)
            XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(arguments): \(result.stderr)")
        }
    }
}
