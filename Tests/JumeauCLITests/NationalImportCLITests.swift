import Foundation
import JumeauStore
import XCTest

/// The national import through the real binary, judged by GDAL: overseas zones measured in
/// their own projection (areas as GDAL measures them there), mainland zones in Lambert-93,
/// the twin with its per-projection tables a valid GeoPackage; and, when ../shared/data is
/// beside the repository, every commune of France with INSEE's 2023 populations.
final class NationalImportCLITests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-national-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Command.binary),
                      "build jumeau first: \(Command.binary)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The real open data beside the repository (CI has it in ../shared).
    static let sharedData = Command.packageRoot.appendingPathComponent("../shared/data").standardized.path

    func requireSharedData(_ file: String) throws -> String {
        let path = Self.sharedData + "/" + file
        try XCTSkipUnless(FileManager.default.fileExists(atPath: path),
                          "\(path) is absent: the real national data lives in ../shared/data beside the repository")
        return path
    }

    func write(_ text: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The EPSG code each overseas département is measured in (IGN's choices).
    static let overseasEPSG = ["971": 5490, "972": 5490, "973": 2972, "974": 2975, "976": 4471]

    // MARK: GDAL

    static func ogr2ogr(_ arguments: [String]) throws -> Command {
        guard FileManager.default.fileExists(atPath: "/usr/bin/ogr2ogr") else {
            XCTFail("ogr2ogr not found: install gdal-bin (make test does)")
            return Command(status: -1, stdout: "", stderr: "")
        }
        return try Command.run("/usr/bin/ogr2ogr", arguments)
    }

    /// Each feature's area (m²) and envelope as GDAL measures them (SpatiaLite's ST_ functions),
    /// in a layer of a GeoPackage, by code.
    func gdalMeasures(_ gpkg: String, layer: String, geometry: String = "geom",
                      file: StaticString = #filePath, line: UInt = #line) throws -> [String: [Double]] {
        let g = geometry
        let query = "SELECT code, ST_Area(\(g)), ST_MinX(\(g)), ST_MinY(\(g)), ST_MaxX(\(g)), ST_MaxY(\(g)) "
            + "FROM \(layer)"
        let result = try Self.ogr2ogr(["-f", "CSV", "/vsistdout/", gpkg, "-dialect", "SQLite", "-sql", query])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        var measures: [String: [Double]] = [:]
        for row in result.stdout.split(separator: "\n").dropFirst() {
            let fields = row.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"\r")) }
            guard fields.count == 6 else { XCTFail("ogr2ogr row: \(row)", file: file, line: line); continue }
            measures[fields[0]] = fields.dropFirst().compactMap(Double.init)
        }
        return measures
    }

    /// GDAL's own reprojection of these zones of the input GeoJSON, then its measures there.
    func gdalMeasures(reprojecting geojson: String, codes: [String], to epsg: Int,
                      file: StaticString = #filePath, line: UInt = #line) throws -> [String: [Double]] {
        let out = directory + "/gdal-\(epsg).gpkg"
        let filter = "code IN (" + codes.map { "'\($0)'" }.joined(separator: ",") + ")"
        let result = try Self.ogr2ogr(["-f", "GPKG", "-t_srs", "EPSG:\(epsg)", "-nln", "reprojected", "-where", filter,
                                       out, geojson])
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return try gdalMeasures(out, layer: "reprojected", file: file, line: line)
    }

    /// Imports a GeoJSON with the binary and compares every zone's area_ha (and each overseas
    /// zone's envelope in its own plane) with GDAL's in the zone's projection.
    func assertAreasAgreeWithGDAL(_ geojson: String, twin: String, epsgOfCode: [String: Int],
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable(attributeIDs: ["area_ha"], geometry: .outlines)
        XCTAssertEqual(Set(table.codes), Set(epsgOfCode.keys), file: file, line: line)
        let systems = Set(epsgOfCode.values)
        var reprojected: [Int: [String: [Double]]] = [:]
        var stored: [Int: [String: [Double]]] = [:]
        for epsg in systems {
            let codes = epsgOfCode.filter { $0.value == epsg }.map(\.key)
            reprojected[epsg] = try gdalMeasures(reprojecting: geojson, codes: codes, to: epsg, file: file, line: line)
            // GDAL measuring the twin's own table: the geometry Jumeau stored for that plane.
            stored[epsg] = try gdalMeasures(twin, layer: epsg == 2154 ? "zones" : "zones_epsg\(epsg)",
                                            file: file, line: line)
        }
        for (i, code) in table.codes.enumerated() {
            let epsg = try XCTUnwrap(epsgOfCode[code], file: file, line: line)
            let areaHa = table.columns["area_ha"]![i]
            let gdal = try XCTUnwrap(reprojected[epsg]?[code], "\(code) in GDAL's EPSG:\(epsg)", file: file, line: line)
            let gdalHa = gdal[0] / 10_000
            XCTAssertEqual(areaHa, gdalHa, accuracy: gdalHa * 0.005, "\(code): area_ha vs GDAL in EPSG:\(epsg)",
                           file: file, line: line)
            let own = try XCTUnwrap(stored[epsg]?[code], "\(code) in the twin's EPSG:\(epsg) table",
                                    file: file, line: line)
            XCTAssertEqual(areaHa, own[0] / 10_000, accuracy: gdalHa * 1e-6,
                           "\(code): area_ha is the stored geometry's", file: file, line: line)
            XCTAssertEqual(table.srsIDs[i], epsg, code, file: file, line: line)
            // The outline the explorer draws lies where GDAL puts the zone in that plane.
            let envelope = table.envelopes[i]
            for (mine, theirs) in zip([envelope.minX, envelope.minY, envelope.maxX, envelope.maxY], gdal.dropFirst()) {
                XCTAssertEqual(mine, theirs, accuracy: 2, "\(code): envelope in EPSG:\(epsg)", file: file, line: line)
            }
        }
    }

    // MARK: Overseas areas

    /// An irregular (concave) polygon around (lon, lat), `size` degrees across, with a hole.
    static func feature(_ code: String, lon: Double, lat: Double, size: Double, population: Int = 1000) -> String {
        let outer = [(0.0, 0.0), (1.0, 0.1), (0.8, 0.5), (1.0, 1.0), (0.4, 0.8), (0.0, 1.0), (0.2, 0.5), (0.0, 0.0)]
        let hole = [(0.4, 0.3), (0.5, 0.3), (0.5, 0.4), (0.4, 0.4), (0.4, 0.3)]
        func ring(_ points: [(Double, Double)]) -> String {
            "[" + points.map { "[\(lon + $0.0 * size),\(lat + $0.1 * size)]" }.joined(separator: ",") + "]"
        }
        return """
            {"type":"Feature","properties":{"code":"\(code)","nom":"Zone \(code)","population":\(population)},\
            "geometry":{"type":"Polygon","coordinates":[\(ring(outer)),\(ring(hole))]}}
            """
    }

    func testOverseasAreasAgreeWithGDALInTheirOwnProjectionAndTheTwinValidates() throws {
        // One zone in each overseas département, one found only by its location (Guyane), a
        // large one (half a degree: where Lambert-93 would be furthest off), two on the
        // mainland (Paris, Corsica).
        let zones: [(code: String, lon: Double, lat: Double, size: Double, epsg: Int)] = [
            ("97101", -61.55, 16.25, 0.05, 5490), ("97209", -61.05, 14.65, 0.05, 5490),
            ("97301", -53.5, 3.5, 0.5, 2972), ("G1", -52.4, 4.8, 0.05, 2972),
            ("97411", 55.45, -21.05, 0.05, 2975), ("97611", 45.1, -12.85, 0.05, 4471),
            ("75056", 2.30, 48.82, 0.1, 2154), ("2A004", 8.70, 41.90, 0.1, 2154),
        ]
        let geojson = try write("{\"type\":\"FeatureCollection\",\"features\":[\n"
                                + zones.map { Self.feature($0.code, lon: $0.lon, lat: $0.lat, size: $0.size) }
                                    .joined(separator: ",\n") + "\n]}\n", "overseas.geojson")
        let twin = directory + "/overseas.gpkg"
        let result = try Command.jumeau("import", geojson, "--into", twin)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("overseas zones measured and drawn in their own projection: "
                                             + "2 in EPSG:2972, 1 in EPSG:2975, 1 in EPSG:4471, 2 in EPSG:5490"),
                      result.stderr)
        try assertAreasAgreeWithGDAL(geojson, twin: twin,
                                     epsgOfCode: Dictionary(uniqueKeysWithValues: zones.map { ($0.code, $0.epsg) }))

        let validation = try Command.validateGeoPackage(twin)
        XCTAssertEqual(validation.status, 0, "validate_gpkg.py: \(validation.stdout)\(validation.stderr)")
        for (table, epsg, count) in [("zones_epsg2972", 2972, 2), ("zones_epsg5490", 5490, 2), ("zones", 2154, 8)] {
            let info = try Command.ogrinfo(["-so", twin, table])
            XCTAssertEqual(info.status, 0, info.stderr)
            XCTAssertTrue(info.stdout.contains("Feature Count: \(count)"), info.stdout)
            XCTAssertTrue(info.stdout.contains("ID[\"EPSG\",\(epsg)]"), info.stdout)
            XCTAssertTrue(info.stdout.contains("Geometry: Multi Polygon"), info.stdout)
        }
    }

    /// Real communes of every overseas département and of the mainland, from the national file.
    func testRealCommunesAreasAgreeWithGDAL() throws {
        let france = try requireSharedData("communes-france.geojson")
        let epci = try requireSharedData("epci-membres-2026.csv")
        let codes = ["97105": 5490, "97234": 5490, "97301": 2972, "97302": 2972, "97407": 2975, "97605": 4471,
                     "33063": 2154, "2A004": 2154, "67482": 2154]
        let geojson = directory + "/communes.geojson"
        let script = """
            import json, sys
            codes = set(sys.argv[3:])
            with open(sys.argv[1], encoding="utf-8") as f:
                features = [x for x in json.load(f)["features"] if x["properties"]["code"] in codes]
            with open(sys.argv[2], "w", encoding="utf-8") as f:
                json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
            print(len(features))
            """
        let extract = try Command.run("/usr/bin/python3", ["-c", script, france, geojson] + codes.keys.sorted())
        XCTAssertEqual(extract.stdout.trimmingCharacters(in: .whitespacesAndNewlines), "\(codes.count)", extract.stderr)
        let rows = codes.keys.sorted().map { "\($0);1000" }
        let populations = try write((["code;population"] + rows).joined(separator: "\n"), "populations.csv")
        let twin = directory + "/communes.gpkg"
        let result = try Command.jumeau("import", geojson, "--into", twin, "--attributes", populations, "--key", "code",
                                        "--levels", epci)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("9 zones"), result.stdout)
        try assertAreasAgreeWithGDAL(geojson, twin: twin, epsgOfCode: codes)
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)

        // Levels from the file's properties, named by the embedded table and the DGCL's.
        let units = try TwinStore.open(at: twin, access: .read).levelUnits()
        let names = Dictionary(uniqueKeysWithValues: units.map { ("\($0.level.rawValue) \($0.code)", $0.name) })
        XCTAssertEqual(names["dep 973"], "Guyane")
        XCTAssertEqual(names["reg 06"], "Mayotte")
        XCTAssertEqual(names["dep 2A"], "Corse-du-Sud")
        XCTAssertEqual(names["epci 243300316"], "Bordeaux Métropole")
        XCTAssertEqual(names["epci 249730045"], "CA du Centre Littoral")
        XCTAssertFalse(names.values.contains { $0.hasPrefix("EPCI ") }, "every EPCI named: \(names)")
    }

    // MARK: France

    /// A national CSV's values of a column by code (`;`-separated, a header line).
    static func column(_ name: String, key: String, in path: String) throws -> [String: Double] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        let keyIndex = try XCTUnwrap(header.firstIndex(of: key))
        let valueIndex = try XCTUnwrap(header.firstIndex(of: name))
        var values: [String: Double] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            if let value = Double(fields[valueIndex]) { values[String(fields[keyIndex])] = value }
        }
        return values
    }

    func testEveryCommuneOfFranceImportsWithINSEEPopulations() throws {
        let france = try requireSharedData("communes-france.geojson")
        let csv = try requireSharedData("populations-legales-2023.csv")
        let twin = directory + "/france.gpkg"
        let result = try Command.jumeau("import", france, "--into", twin, "--attributes", csv, "--key", "COM",
                                        "--columns", "PMUN=population", "--skip-unmatched-rows")
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("34,867 zones"), result.stdout)
        let notes = result.stderr.split(separator: "\n").map(String.init)
        // Mayotte has no 2023 legal population: its 17 communes are imported without data.
        let noData = notes.filter { $0.contains("zones have no population") }
        XCTAssertEqual(noData.count, 1, result.stderr)
        XCTAssertTrue(noData.first?.hasPrefix("jumeau: warning: 17 zones have no population") == true, result.stderr)
        XCTAssertTrue(noData.first?.hasSuffix(": 97601, 97602, 97603, 97604, 97605, …") == true, result.stderr)
        XCTAssertTrue(notes.contains("jumeau: overseas zones measured and drawn in their own projection: "
                                     + "22 in EPSG:2972, 24 in EPSG:2975, 17 in EPSG:4471, 66 in EPSG:5490"),
                      result.stderr)
        XCTAssertTrue(notes.contains { $0.hasPrefix("jumeau: levels: 18 régions, 101 départements, ") }, result.stderr)

        let store = try TwinStore.open(at: twin, access: .read)
        let table = try store.zoneTable(attributeIDs: ["population"])
        XCTAssertEqual(table.count, 34_867)
        XCTAssertEqual(table.codes.indices.filter { table.noData[$0] }.map { table.codes[$0] },
                       (1...17).map { String(format: "976%02d", $0) })
        let population = Dictionary(uniqueKeysWithValues: zip(table.codes, table.columns["population"]!))
        // Paris, Lyon and Marseille: the sums of their arrondissements in INSEE's file.
        let insee = try Self.column("PMUN", key: "COM", in: csv)
        XCTAssertNil(insee["75056"], "INSEE gives Paris by arrondissement")
        let cities = [("75056", 75101...75120), ("69123", 69381...69389), ("13055", 13201...13216)]
        for (commune, arrondissements) in cities {
            let sum = try arrondissements.reduce(0.0) { $0 + (try XCTUnwrap(insee[String($1)], "\($1)")) }
            XCTAssertEqual(population[commune], sum, commune)
        }
        XCTAssertGreaterThan(population["75056"]!, 2_000_000)
        XCTAssertEqual(population["33063"], insee["33063"])
        XCTAssertTrue(population["97601"]!.isNaN)

        let levels = try store.levelUnits()
        XCTAssertEqual(levels.filter { $0.level == .region }.count, 18)
        XCTAssertEqual(levels.filter { $0.level == .department }.count, 101)
        XCTAssertTrue(levels.contains { $0.level == .department && $0.code == "33" && $0.name == "Gironde" })
        XCTAssertEqual(Set(table.departments).count, 101)
        XCTAssertEqual(Set(table.regions).count, 18)
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)

        // The coast, from the boundaries of the whole country (issue 15 §3).
        XCTAssertFalse(result.stderr.contains("cannot be known"), result.stderr)
        let coast = try store.zoneTable(attributeIDs: ["coastline_km", "erosion_m_per_yr"])
        let km = Dictionary(uniqueKeysWithValues: zip(coast.codes, coast.columns["coastline_km"]!))
        // Every commune of an island has a coast: Île de Ré's ten, Groix, Sein, Yeu.
        let ileDeRe = coast.codes.indices.filter { coast.epcis[$0] == "241700459" }
        XCTAssertEqual(ileDeRe.count, 10)
        for zone in ileDeRe { XCTAssertGreaterThan(km[coast.codes[zone]]!, 0, coast.codes[zone]) }
        for island in ["56069", "29083", "85113"] { XCTAssertGreaterThan(km[island]!, 0, island) }
        // Communes on a land border only have none: the Swiss, German, Italian borders, and
        // Guyane's on the Maroni and the Oyapock.
        for inland in ["74056", "74243", "67482", "68224", "97353", "97311", "97308", "75056", "33063"] {
            XCTAssertEqual(km[inland], 0, inland)
        }
        // Coast and border both: the border is left out (Hendaye's unshared boundary is 12 km,
        // half of it on the Bidassoa; Menton's 6.7 km, part on the Italian border).
        XCTAssertEqual(km["64260"]!, 5.4, accuracy: 1)
        XCTAssertEqual(km["06083"]!, 4.5, accuracy: 1)
        XCTAssertEqual(km["97302"]!, 22.8, accuracy: 2, "Cayenne, its islands included")
        // The départements with a coast are exactly the coastal ones (Mayotte has no data).
        let coastal = Set(coast.codes.indices.filter { (km[coast.codes[$0]] ?? 0) > 0 }.map { coast.departments[$0] })
        XCTAssertEqual(coastal, [
            "06", "11", "13", "14", "17", "22", "27", "29", "30", "33", "34", "35", "40", "44", "50", "56", "59",
            "62", "64", "66", "76", "80", "83", "85", "2A", "2B", "971", "972", "973", "974",
        ])
        let total = coast.columns["coastline_km"]!.filter { !$0.isNaN }.reduce(0, +)
        XCTAssertEqual(total, 7_800, accuracy: 400, "France's coast on these simplified boundaries")
        // Coastal communes get the coast's erosion default; their provenance says how.
        let erosion = Dictionary(uniqueKeysWithValues: zip(coast.codes, coast.columns["erosion_m_per_yr"]!))
        XCTAssertEqual(erosion["17161"], 0.1)
        XCTAssertEqual(erosion["74056"], 0)
        let definition = try XCTUnwrap(try store.attributes().first { $0.id == "coastline_km" })
        XCTAssertEqual(definition.status, .estimated)
        XCTAssertTrue(definition.method.contains("land borders left out"), definition.method)
    }
}
