import Foundation
import JumeauGeometry
@testable import JumeauImport
import JumeauModel
@testable import JumeauStore
import JumeauSynth
import XCTest

/// The national import (commit e804238): arrondissements municipaux summed into their commune,
/// several attribute files with the first value winning, zones without population kept as
/// no data, levels (région, département, EPCI) and overseas zones in their own projection.
/// Every fixture is a few squares and CSV lines written by the test.
final class NationalImportTests: XCTestCase {
    var directory: String!
    var twin: String { directory + "/twin.gpkg" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-national-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    // MARK: Fixtures

    /// Where the test communes lie (lon, lat of a corner): each in its real place, so that
    /// overseas ones are recognised by their location too.
    static let places: [String: (lon: Double, lat: Double)] = [
        "75056": (2.33, 48.85), "69123": (4.83, 45.75), "13055": (5.37, 43.28),
        "33063": (-0.58, 44.84), "33009": (-0.50, 44.84), "33039": (-0.70, 44.84), "33281": (-0.60, 44.70),
        "33318": (-0.55, 44.95), "33522": (-0.62, 44.78), "33550": (-0.49, 44.90), "33069": (-0.66, 44.89),
        "2A004": (8.72, 41.92), "97411": (55.45, -20.90), "97601": (45.15, -12.80),
    ]

    /// A square commune about 1 km wide (d degrees) at its place, with extra GeoJSON properties.
    static func commune(_ code: String, population: Double? = nil, properties: String = "", d: Double = 0.01,
                        at place: (lon: Double, lat: Double)? = nil) -> String {
        let (lon, lat) = place ?? places[code] ?? (1.0, 46.0)
        var fields = ["\"code\":\"\(code)\"", "\"nom\":\"Commune \(code)\""]
        if let population { fields.append("\"population\":\(population)") }
        if !properties.isEmpty { fields.append(properties) }
        let ring = [(lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d), (lon, lat)]
            .map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
        return """
            {"type":"Feature","properties":{\(fields.joined(separator: ","))},\
            "geometry":{"type":"Polygon","coordinates":[[\(ring)]]}}
            """
    }

    static func collection(_ features: [String]) -> String {
        "{\"type\":\"FeatureCollection\",\"features\":[\n\(features.joined(separator: ",\n"))\n]}"
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Options for a GeoJSON of these features and attribute files (CSV text, key, columns).
    func options(_ features: [String], into name: String = "twin.gpkg",
                 files: [(csv: String, key: String, columns: [(String, String)])] = [],
                 skipUnmatchedRows: Bool = false) throws -> ImportOptions {
        let geojson = try write(Self.collection(features), "\(name).geojson")
        var options = ImportOptions(sources: [try ImportSource.file(geojson)], destination: directory + "/" + name)
        for (index, file) in files.enumerated() {
            let path = try write(file.csv, "attributes-\(name)-\(index).csv")
            options.attributeTables.append(AttributeTableSource(source: try ImportSource.file(path), key: file.key,
                                                                columns: file.columns,
                                                                skipUnmatchedRows: skipUnmatchedRows))
        }
        return options
    }

    /// Each zone's value of an attribute, by code (absent when the zone has none).
    func values(_ attribute: String, in path: String? = nil) throws -> [String: Double] {
        let zones = try TwinStore.open(at: path ?? twin, access: .read).zones()
        return zones.reduce(into: [:]) { result, zone in result[zone.code] = zone.values[attribute] }
    }

    /// Imports and expects a one-line error containing every fragment, and no twin left behind.
    func assertImportFails(_ options: ImportOptions, _ fragments: [String],
                           file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try TerritoryImporter(options: options).run(), file: file, line: line) { error in
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"), "one line: \(message)", file: file, line: line)
            for fragment in fragments {
                XCTAssertTrue(message.contains(fragment), "'\(fragment)' in: \(message)", file: file, line: line)
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: options.destination), "no twin written",
                       file: file, line: line)
    }

    /// Rows of a query on a twin, read the way another tool would (Python's sqlite3), "|"-separated.
    func sql(_ path: String, _ query: String) throws -> [String] {
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for row in c.execute(sys.argv[2]).fetchall():
                print("|".join("" if v is None else str(v) for v in row))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, path, query]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, query)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let paris = (75101...75120).map(String.init)
    static let lyon = (69381...69389).map(String.init)
    static let marseille = (13201...13216).map(String.init)

    /// A populations file by arrondissement, as INSEE publishes them: arrondissement n has 1000 + n.
    static func arrondissementRows(_ codes: [String]) -> [String] {
        codes.map { "\($0);\(1000 + Int($0)! % 100)" }
    }

    static func sum(_ codes: [String]) -> Double { codes.reduce(0) { $0 + Double(1000 + Int($1)! % 100) } }

    // MARK: Arrondissements municipaux

    func testArrondissementRowsAreSummedIntoTheirCommune() throws {
        let rows = Self.arrondissementRows(Self.paris + Self.lyon + Self.marseille) + ["33063;260000"]
        let csv = (["COM;PMUN"] + rows).joined(separator: "\n")
        let options = try options(["75056", "69123", "13055", "33063"].map { Self.commune($0) },
                                  files: [(csv, "COM", [("PMUN", "population")])])
        // Without --skip-unmatched-rows: every arrondissement row found its commune.
        let report = try TerritoryImporter(options: options).run()
        XCTAssertEqual(report.zoneCount, 4)
        XCTAssertEqual(report.noDataCodes, [])
        XCTAssertFalse(report.warnings.contains { $0.key == "import.skipped_rows" }, "\(report.warnings)")
        let population = try values("population")
        XCTAssertEqual(population["75056"], Self.sum(Self.paris))
        XCTAssertEqual(population["69123"], Self.sum(Self.lyon))
        XCTAssertEqual(population["13055"], Self.sum(Self.marseille))
        XCTAssertEqual(population["33063"], 260_000)
        XCTAssertEqual(Set(population.keys), ["75056", "69123", "13055", "33063"], "arrondissements are no zones")
        let attribute = try XCTUnwrap(try TwinStore.open(at: twin).attributes().first { $0.id == "population" })
        XCTAssertEqual(attribute.status, .observed)
    }

    func testACommuneWithItsOwnRowKeepsItAndItsArrondissementsMatchNothing() throws {
        let csv = (["COM;PMUN", "75056;2100000"] + Self.arrondissementRows(Self.paris)).joined(separator: "\n")
        let features = [Self.commune("75056"), Self.commune("33063", population: 1)]
        // The arrondissements are then rows of no zone: an error unless skipped…
        assertImportFails(try options(features, files: [(csv, "COM", [("PMUN", "population")])]),
                          ["attributes-twin.gpkg-0.csv", "line 3", "code 75101 matches no zone"])
        // …and skipped, the commune keeps its own row.
        let options = try options(features, files: [(csv, "COM", [("PMUN", "population")])], skipUnmatchedRows: true)
        let report = try TerritoryImporter(options: options).run()
        XCTAssertEqual(try values("population")["75056"], 2_100_000)
        XCTAssertTrue(report.warnings.map(\.description).contains { $0.contains("20 rows match no zone") },
                      "\(report.warnings)")
    }

    func testArrondissementsAreNotSummedIntoACommuneThatIsNotAZone() throws {
        // Lyon is not in this territory: its arrondissements match nothing (and are skipped).
        let csv = (["COM;PMUN", "33063;260000"] + Self.arrondissementRows(Self.lyon)).joined(separator: "\n")
        assertImportFails(try options([Self.commune("33063")], files: [(csv, "COM", [("PMUN", "population")])]),
                          ["code 69381 matches no zone"])
        let report = try TerritoryImporter(options: try options([Self.commune("33063")],
                                                                files: [(csv, "COM", [("PMUN", "population")])],
                                                                skipUnmatchedRows: true)).run()
        XCTAssertEqual(report.zoneCount, 1)
        XCTAssertTrue(report.warnings.map(\.description).contains { $0.contains("9 rows match no zone") })
    }

    // MARK: Several sources of one attribute

    func testTheFirstSourceWithAValueWins() throws {
        // 33063: a property and both files; 33009: both files; 33039: the second file only
        // (an empty cell in the first); 75056: the first file by arrondissement, the second
        // file by its own row.
        let features = [Self.commune("33063", population: 500), Self.commune("33009"), Self.commune("33039"),
                        Self.commune("75056")]
        let recent = (["COM;PMUN", "33063;900", "33009;1000", "33039;"] + Self.arrondissementRows(Self.paris))
            .joined(separator: "\n")
        let older = "COM;PMUN2017\n33063;800\n33009;950\n33039;700\n75056;2200000\n"
        let report = try TerritoryImporter(options: try options(features, files: [
            (recent, "COM", [("PMUN", "population")]), (older, "COM", [("PMUN2017", "population")]),
        ])).run()
        XCTAssertEqual(report.noDataCodes, [])
        let population = try values("population")
        XCTAssertEqual(population["33063"], 500, "the GeoJSON property comes first")
        XCTAssertEqual(population["33009"], 1000, "then the first file")
        XCTAssertEqual(population["33039"], 700, "the second file fills what the first lacks")
        XCTAssertEqual(population["75056"], Self.sum(Self.paris), "arrondissements of the first file win too")

        // The files the other way round: the 2017 values win where both give one, and the
        // 2023 arrondissements no longer count for Paris.
        let reversed = try TerritoryImporter(options: try options(features, into: "reversed.gpkg", files: [
            (older, "COM", [("PMUN2017", "population")]), (recent, "COM", [("PMUN", "population")]),
        ])).run()
        XCTAssertEqual(reversed.zoneCount, 4)
        let other = try values("population", in: directory + "/reversed.gpkg")
        XCTAssertEqual(other["33063"], 500)
        XCTAssertEqual(other["33009"], 950)
        XCTAssertEqual(other["33039"], 700)
        XCTAssertEqual(other["75056"], 2_200_000)
    }

    func testFirstWinsForEveryAttributeNotOnlyPopulation() throws {
        let features = [Self.commune("33063", population: 1000, properties: "\"jobs\":10"),
                        Self.commune("33009", population: 2000)]
        let first = "code;jobs;dwellings\n33063;20;\n33009;30;900\n"
        let second = "code;emplois;logements\n33063;40;500\n33009;50;800\n"
        _ = try TerritoryImporter(options: try options(features, files: [
            (first, "code", [("jobs", "jobs"), ("dwellings", "dwellings")]),
            (second, "code", [("emplois", "jobs"), ("logements", "dwellings")]),
        ])).run()
        XCTAssertEqual(try values("jobs"), ["33063": 10, "33009": 30])
        XCTAssertEqual(try values("dwellings"), ["33063": 500, "33009": 900])
    }

    // MARK: Zones without population

    func testAZoneWithoutPopulationIsImportedWithoutDataAndReported() throws {
        let withData = [Self.commune("33063", population: 250_000), Self.commune("33009", population: 3_000),
                        Self.commune("33039", population: 10_000)]
        let report = try TerritoryImporter(options: try options(withData + [Self.commune("33281")])).run()
        XCTAssertEqual(report.zoneCount, 4)
        XCTAssertEqual(report.noDataCodes, ["33281"])
        let lines = report.warnings.map(\.description).filter { $0.contains("no population") }
        XCTAssertEqual(lines.count, 1, "\(report.warnings)")
        XCTAssertTrue(lines[0].hasPrefix("1 zone has no population"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(": 33281"), lines[0])

        XCTAssertEqual(try sql(twin, "SELECT code, missing FROM zones ORDER BY code"),
                       ["33009|", "33039|", "33063|", "33281|population"])
        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable()
        XCTAssertEqual(table.noData, table.codes.map { $0 == "33281" })
        let zone = try XCTUnwrap(try store.zones().first { $0.code == "33281" })
        // Its area, measured; every other standard value unknown (NULL), not zero.
        let area = try XCTUnwrap(zone.values["area_ha"])
        let reference = try XCTUnwrap(try store.zones().first { $0.code == "33063" }?.values["area_ha"])
        XCTAssertEqual(area, reference, accuracy: reference * 0.01, "same square, a little further south")
        XCTAssertGreaterThan(area, 50)
        for attribute in StandardAttribute.allCases where attribute != .areaHa {
            XCTAssertNil(zone.values[attribute.id], attribute.id)
        }
        XCTAssertEqual(try sql(twin, "SELECT population IS NULL, dwellings IS NULL, area_ha > 0 FROM zones "
                                     + "WHERE code = '33281'"), ["1|1|1"])
        // The catalogue is the one of the same territory without that zone.
        let without = try TerritoryImporter(options: try options(withData, into: "without.gpkg")).run()
        XCTAssertEqual(without.noDataCodes, [])
        let statuses = try store.attributes().map { "\($0.id) \($0.status)" }
        let reference2 = try TwinStore.open(at: directory + "/without.gpkg", access: .read).attributes()
            .map { "\($0.id) \($0.status)" }
        XCTAssertEqual(statuses, reference2)
    }

    func testAnAttributeGivenForSomeZonesWithDataIsMixedOverThoseZonesOnly() throws {
        let features = [Self.commune("33063", population: 250_000, properties: "\"households\":120000"),
                        Self.commune("33009", population: 3_000), Self.commune("33039", population: 10_000),
                        Self.commune("33281")]
        _ = try TerritoryImporter(options: try options(features)).run()
        let store = try TwinStore.open(at: twin, access: .read)
        let households = try XCTUnwrap(try store.attributes().first { $0.id == "households" })
        XCTAssertEqual(households.status, .mixed)
        XCTAssertTrue(households.method.contains("estimated for 2 of 3 zones"), households.method)
        XCTAssertEqual(try store.estimatedValueCodes(attribute: "households"), ["33009", "33039"])
        XCTAssertEqual(try store.attributes().first { $0.id == "jobs" }?.status, .estimated)
    }

    func testManyZonesWithoutPopulationAreCountedAndTheFirstFiveNamed() throws {
        let missing = ["33009", "33039", "33069", "33281", "33318", "33522", "33550"]
        let features = [Self.commune("33063", population: 250_000)] + missing.map { Self.commune($0) }
        let report = try TerritoryImporter(options: try options(features)).run()
        XCTAssertEqual(report.zoneCount, 8)
        XCTAssertEqual(report.noDataCodes.sorted(), missing)
        let lines = report.warnings.map(\.description).filter { $0.contains("no population") }
        XCTAssertEqual(lines.count, 1)
        XCTAssertTrue(lines[0].hasPrefix("7 zones have no population"), lines[0])
        XCTAssertTrue(lines[0].hasSuffix(": 33009, 33039, 33069, 33281, 33318, …"), lines[0])
        XCTAssertEqual(try TwinStore.open(at: twin, access: .read).zoneTable().noData.filter { $0 }.count, 7)
    }

    func testAZoneWhosePopulationIsInNoFileIsNoData() throws {
        // A national file without a row for Mayotte (as INSEE's 2023 populations).
        let csv = "COM;PMUN\n33063;260000\n97411;150000\n"
        let features = ["33063", "97411", "97601"].map { Self.commune($0) }
        let options = try options(features, files: [(csv, "COM", [("PMUN", "population")])])
        let report = try TerritoryImporter(options: options).run()
        XCTAssertEqual(report.noDataCodes, ["97601"])
        XCTAssertEqual(try values("population"), ["33063": 260_000, "97411": 150_000])
    }

    func testNoZoneWithAPopulationIsStillAnError() throws {
        assertImportFails(try options(["33063", "33009"].map { Self.commune($0) }),
                          ["feature 0", "no zone has a population", "zone 33063 is the first"])
        // A file whose codes match nothing gives none either.
        let csv = "COM;PMUN\n01001;860\n"
        assertImportFails(try options([Self.commune("33063")], files: [(csv, "COM", [("PMUN", "population")])],
                                      skipUnmatchedRows: true),
                          ["no zone has a population"])
    }

    // MARK: Levels

    static let epciTable = """
        dept;siren;raison_sociale;nature_juridique;mode_financ;nb_membres;total_pop_tot;total_pop_mun;dep_com;insee;\
        siren_membre;nom_membre;ptot_2025;pmun_2025
        33;243300316;Bordeaux Métropole;METRO;FPU;28;830000;820000;33;33063;213300635;Bordeaux;260000;259000
        33;243300316;Bordeaux Métropole;METRO;FPU;28;830000;820000;33;33039;213300395;Bègles;30000;29000
        2A;242010056;CA du Pays Ajaccien;CA;FPU;10;88000;87000;2A;2A004;212000046;Ajaccio;74000;73000
        """

    func testLevelsComeFromTheCodeTheEmbeddedTableAndAnEPCITable() throws {
        let codes = ["2A004", "33039", "33063", "75056", "97411"]
        var options = try options(codes.map { Self.commune($0, population: 1000) })
        options.levelTables = [try ImportSource.file(try write(Self.epciTable, "epci.csv"))]
        let report = try TerritoryImporter(options: options).run()
        XCTAssertEqual(report.levelCounts[.department], 4)
        XCTAssertEqual(report.levelCounts[.region], 4)
        XCTAssertEqual(report.levelCounts[.epci], 2)

        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable()
        XCTAssertEqual(table.codes, codes)
        XCTAssertEqual(table.departments, ["2A", "33", "33", "75", "974"])
        XCTAssertEqual(table.regions, ["94", "75", "75", "11", "04"])
        XCTAssertEqual(table.epcis, ["242010056", "243300316", "243300316", "", ""])
        XCTAssertEqual(table.codes(of: .department), table.departments)

        let units = Set(try store.levelUnits())
        XCTAssertEqual(units, [
            LevelUnit(level: .region, code: "94", name: "Corse"),
            LevelUnit(level: .region, code: "75", name: "Nouvelle-Aquitaine"),
            LevelUnit(level: .region, code: "11", name: "Île-de-France"),
            LevelUnit(level: .region, code: "04", name: "La Réunion"),
            LevelUnit(level: .department, code: "2A", name: "Corse-du-Sud"),
            LevelUnit(level: .department, code: "33", name: "Gironde"),
            LevelUnit(level: .department, code: "75", name: "Paris"),
            LevelUnit(level: .department, code: "974", name: "La Réunion"),
            LevelUnit(level: .epci, code: "243300316", name: "Bordeaux Métropole"),
            LevelUnit(level: .epci, code: "242010056", name: "CA du Pays Ajaccien"),
        ])
        // Each département names its région; régions and EPCIs have no parent.
        XCTAssertEqual(try sql(twin, "SELECT level, code, parent FROM jumeau_levels ORDER BY level, code"), [
            "dep|2A|94", "dep|33|75", "dep|75|11", "dep|974|04",
            "epci|242010056|", "epci|243300316|",
            "reg|04|", "reg|11|", "reg|75|", "reg|94|",
        ])
        XCTAssertEqual(try sql(twin, "SELECT dep, reg, epci FROM zones WHERE code = '33039'"), ["33|75|243300316"])
    }

    func testWithoutAnEPCITableZonesHaveNoEPCIButStillTheirDepartmentAndRegion() throws {
        _ = try TerritoryImporter(options: try options([Self.commune("33063", population: 1)])).run()
        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable()
        XCTAssertEqual(table.departments, ["33"])
        XCTAssertEqual(table.regions, ["75"])
        XCTAssertEqual(table.epcis, [""])
        XCTAssertEqual(try store.levelUnits().map(\.level), [.department, .region])
    }

    func testLevelPropertiesOfTheBoundariesWinOverWhatIsDerived() throws {
        let features = [
            // A file's own EPCI, unknown to any table: named after its code.
            Self.commune("33063", population: 1000, properties: #""dep":"33","reg":"75","epci":"200000001""#),
            // Codes that are no INSEE codes: the département only from the property, a number
            // keeping its leading zero; the région from the embedded table.
            Self.commune("Z1", population: 10, properties: #""dep":1"#, at: (5.2, 46.2)),
            Self.commune("Z2", population: 10, at: (5.3, 46.2)),
        ]
        var options = try options(features)
        options.levelTables = [try ImportSource.file(try write(Self.epciTable, "epci.csv"))]
        _ = try TerritoryImporter(options: options).run()
        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable()
        XCTAssertEqual(table.codes, ["33063", "Z1", "Z2"])
        XCTAssertEqual(table.departments, ["33", "01", ""])
        XCTAssertEqual(table.regions, ["75", "84", ""])
        XCTAssertEqual(table.epcis, ["200000001", "", ""])
        let units = try store.levelUnits()
        XCTAssertTrue(units.contains(LevelUnit(level: .epci, code: "200000001", name: "EPCI 200000001")), "\(units)")
        XCTAssertTrue(units.contains(LevelUnit(level: .department, code: "01", name: "Ain")), "\(units)")
        XCTAssertFalse(units.contains { $0.code == "243300316" }, "only the zones' EPCIs are named: \(units)")
        // Not attributes: level properties never become numeric columns.
        XCTAssertFalse(try store.attributes().contains { ["dep", "reg", "epci"].contains($0.id) })
    }

    func testAnINSEETableOfDepartmentsRenamesThem() throws {
        var options = try options([Self.commune("33063", population: 1000)])
        let names = "dep;dep_nom;reg;reg_nom\n33;Gironde (33);75;Région Nouvelle-Aquitaine\n"
        options.levelTables = [try ImportSource.file(try write(names, "noms.csv"))]
        _ = try TerritoryImporter(options: options).run()
        XCTAssertEqual(Set(try TwinStore.open(at: twin, access: .read).levelUnits()), [
            LevelUnit(level: .department, code: "33", name: "Gironde (33)"),
            LevelUnit(level: .region, code: "75", name: "Région Nouvelle-Aquitaine"),
        ])
    }

    func testAFileThatIsNeitherTableIsRefusedNamingTheColumnsItLacks() throws {
        var options = try options([Self.commune("33063", population: 1000)])
        options.levelTables = [try ImportSource.file(try write("dep;nom;reg\n33;Gironde;75\n", "deps.csv"))]
        assertImportFails(options, ["deps.csv", "not a table of levels", "lacks dep_nom, reg_nom",
                                    "found: dep, nom, reg"])
        options.levelTables = [try ImportSource.file(try write("siren;nom;commune\n1;A;33063\n", "epcis.csv"))]
        assertImportFails(options, ["epcis.csv", "not a table of levels", "lacks raison_sociale, insee"])
        options.levelTables = [try ImportSource.file(try write("COM;PMUN\n33063;1\n", "pop.csv"))]
        assertImportFails(options, ["pop.csv", "not a table of levels", "found: COM, PMUN"])
    }

    // MARK: Overseas zones

    func testOverseasZonesAreMeasuredAndReadBackInTheirOwnProjection() throws {
        let codes = ["33063", "97411", "97601"]
        // The same 0.01° square on the mainland and overseas; one more overseas zone whose
        // code does not say where it is (found by its location, in Guadeloupe).
        let features = codes.map { Self.commune($0, population: 1000) }
            + [Self.commune("X971", population: 10, at: (-61.55, 16.25))]
        let report = try TerritoryImporter(options: try options(features)).run()
        XCTAssertEqual(report.overseasZones, [2975: 1, 4471: 1, 5490: 1])
        XCTAssertEqual(try sql(twin, "SELECT table_name, srs_id FROM gpkg_contents WHERE table_name LIKE 'zones%' "
                                     + "ORDER BY table_name"),
                       ["zones|2154", "zones_epsg2975|2975", "zones_epsg4471|4471", "zones_epsg5490|5490"])
        XCTAssertEqual(try sql(twin, "SELECT code FROM zones_epsg2975"), ["97411"])
        XCTAssertEqual(try sql(twin, "SELECT COUNT(*) FROM zones"), ["4"], "zones keeps every zone, in Lambert-93")

        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable(geometry: .outlines)
        XCTAssertEqual(table.codes, ["33063", "97411", "97601", "X971"])
        XCTAssertEqual(table.srsIDs, [2154, 2975, 4471, 5490])
        XCTAssertEqual(table.departments, ["33", "974", "976", "971"])
        // UTM coordinates: Saint-Denis lies about 340 km east of UTM 40S's false origin and
        // 7,690 km north of the southern false northing's origin.
        let reunion = table.envelopes[1]
        XCTAssertEqual(reunion.minX, 338_000, accuracy: 5_000)
        XCTAssertEqual(reunion.minY, 7_688_000, accuracy: 5_000)
        XCTAssertEqual(reunion.maxX - reunion.minX, 1_040, accuracy: 20, "0.01° of longitude at 20.9° S")
        XCTAssertEqual(reunion.maxY - reunion.minY, 1_106, accuracy: 20, "0.01° of latitude")
        XCTAssertEqual(table.outlines.envelope(of: 1), reunion, "the outline in the local plane too")
        // The mainland zone is untouched.
        XCTAssertEqual(table.envelopes[0].minX, 416_000, accuracy: 5_000)
        XCTAssertEqual(table.envelopes[0].minY, 6_421_000, accuracy: 5_000)
        // envelopeOnly (what the map reads first) agrees.
        XCTAssertEqual(try store.zoneTable().envelopes[1], reunion)

        // Areas measured locally: an ellipsoidal square's, to a few per mille (Lambert-93 so
        // far from its zone would be off by far more).
        let area = try values("area_ha")
        func squareHa(_ lat: Double) -> Double {
            let a = 6_378_137.0, e2 = 0.006_694_380_022_9
            let phi = lat * .pi / 180, s = sin(phi)
            let n = a / (1 - e2 * s * s).squareRoot(), m = a * (1 - e2) / pow(1 - e2 * s * s, 1.5)
            return (0.01 * .pi / 180 * n * cos(phi)) * (0.01 * .pi / 180 * m) / 10_000
        }
        XCTAssertEqual(area["97411"]!, squareHa(-20.895), accuracy: squareHa(-20.895) * 0.002)
        XCTAssertEqual(area["97601"]!, squareHa(-12.795), accuracy: squareHa(-12.795) * 0.002)
        XCTAssertEqual(area["X971"]!, squareHa(16.255), accuracy: squareHa(16.255) * 0.002)
        XCTAssertEqual(report.areaHa, area.values.reduce(0, +), accuracy: 1e-6)
    }

    /// Overseas départements alone hold their whole coast when each is whole: a Martinique of
    /// its 34 communes (a strip of 17 × 2 squares) has a coast on every side no other shares;
    /// two of them alone cannot know theirs.
    func testAnIslandImportedWholeGetsItsCoastFromItsBoundaries() throws {
        var island: [String] = []
        for index in 0..<34 {
            let lon: Double = -61.2 + Double(index / 2) * 0.01
            let lat: Double = 14.6 + Double(index % 2) * 0.01
            let code = String(format: "972%02d", index + 1)
            island.append(Self.commune(code, population: 1_000 + Double(index), at: (lon, lat)))
        }
        let report = try TerritoryImporter(options: try options(island)).run()
        XCTAssertFalse(report.warnings.contains { $0.key == "import.coast_unknown" }, "\(report.warnings)")
        let coast = try values("coastline_km")
        // A corner commune has two sides of coast, one in the middle of the strip one side.
        XCTAssertEqual(coast["97201"] ?? 0, 2.2, accuracy: 0.1)
        XCTAssertEqual(coast["97203"] ?? 0, 1.1, accuracy: 0.1)
        let definition = try XCTUnwrap(try TwinStore.open(at: twin, access: .read).attributes().first {
            $0.id == "coastline_km"
        })
        XCTAssertTrue(definition.method.contains("land borders left out"), definition.method)
        // Coastal, so the coast's share of second homes and its erosion default.
        let second = try values("second_homes"), dwellings = try values("dwellings")
        XCTAssertEqual(second["97201"]! / dwellings["97201"]!, 0.35, accuracy: 1e-9)
        XCTAssertEqual(try values("erosion_m_per_yr")["97201"], 0.1)

        let part = try TerritoryImporter(options: try options(Array(island.prefix(2)), into: "part.gpkg")).run()
        XCTAssertTrue(part.warnings.contains { $0.key == "import.coast_unknown" }, "\(part.warnings)")
        XCTAssertEqual(try values("coastline_km", in: directory + "/part.gpkg")["97201"], 0)
    }

    /// Part of the country cannot know its coast: its boundaries with the rest look like
    /// one. A coastal EPCI imported alone says so, and points to `extract`; an inland one does not.
    func testAPartOfACoastalDepartmentImportedAloneIsWarnedItsCoastIsUnknown() throws {
        let gironde = try TerritoryImporter(options: try options([
            Self.commune("33063", population: 250_000), Self.commune("33009", population: 3_000),
        ])).run()
        let warning = try XCTUnwrap(gironde.warnings.first { $0.key == "import.coast_unknown" })
        XCTAssertTrue(warning.description.contains("jumeau extract"), warning.description)
        XCTAssertTrue(warning.description.hasPrefix("the coast of 2 communes"), warning.description)
        XCTAssertEqual(try values("coastline_km")["33063"], 0)
        let inland = try TerritoryImporter(options: try options([
            Self.commune("74010", population: 130_000, at: (6.12, 45.90)),
        ], into: "annecy.gpkg")).run()
        XCTAssertFalse(inland.warnings.contains { $0.key == "import.coast_unknown" }, "\(inland.warnings)")
    }

    /// A national twin's outlines are read by two connections at once: the zones come back
    /// whole, in code order, each with the rings its stored geometry holds.
    func testOutlinesReadInHalvesMatchTheStoredGeometry() throws {
        let count = TwinStore.zonesReadInHalves + 500
        _ = try SyntheticTerritory(zoneCount: count, seed: 5).writeTwin(to: twin, force: true)
        let store = try TwinStore.open(at: twin, access: .read)
        let outlines = try store.zoneTable(geometry: .outlines)
        let stored = try store.zoneTable(geometry: .wkb)
        XCTAssertEqual(outlines.count, count)
        XCTAssertEqual(outlines.outlines.count, count)
        XCTAssertEqual(outlines.codes, stored.codes)
        XCTAssertEqual(outlines.envelopes, stored.envelopes)
        XCTAssertEqual(outlines.columns["population"], stored.columns["population"])
        for zone in [0, 1, count / 2 - 1, count / 2, count / 2 + 1, count - 1] {
            let rings = try stored.geometries[zone].wkb.withUnsafeBytes { try WKBCoordinates.read($0) }
            XCTAssertEqual(outlines.outlines.outline(zone), rings, "zone \(outlines.codes[zone])")
        }
    }
}
