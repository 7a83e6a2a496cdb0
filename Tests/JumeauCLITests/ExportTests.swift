import Foundation
import XCTest

/// `jumeau export`: files other tools read (GDAL's ogrinfo is the judge of the GeoJSON).
final class ExportCommandTests: MedocTwinTestCase {
    func testGeoJSONInWGS84ThatOGRInfoReads() throws {
        let file = directory + "/zan.geojson"
        let export = try Command.jumeau("export", twin, "--set", "zan=50", "--year", "2031", "--out", file)
        XCTAssertEqual(export.status, 0, export.stderr)
        let info = try Command.ogrinfo(["-so", "-al", file])
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("Geometry: Multi Polygon"), info.stdout)
        XCTAssertTrue(info.stdout.contains("ID[\"EPSG\",4326]"), info.stdout)
        XCTAssertTrue(info.stdout.contains("naf_consumption_ha: Real"), info.stdout)
        let count = try XCTUnwrap(info.stdout.split(separator: "\n").first { $0.hasPrefix("Feature Count:") })
        let zones = try Command.jumeau("export", twin, "--out", "-", "--format", "csv", "--indicators", "population")
        XCTAssertEqual(count, "Feature Count: \(zones.stdout.split(separator: "\n").count - 1)")
        // Longitude/latitude of the Médoc coast, not Lambert-93 metres.
        let extent = try XCTUnwrap(info.stdout.split(separator: "\n").first { $0.hasPrefix("Extent:") })
        let numbers = extent.split(whereSeparator: { "(), -".contains($0) && $0 != "-" }).compactMap { Double($0) }
        XCTAssertEqual(numbers.count, 4, String(extent))
        XCTAssertTrue((-2.0 ... 0.0).contains(numbers[0]) && (44.0 ... 46.0).contains(numbers[1]), String(extent))
        // Every feature carries the scenario, its code and the year.
        let feature = try Command.ogrinfo(["-al", "-fid", "0", file])
        XCTAssertTrue(feature.stdout.contains("year (Integer) = 2031"), feature.stdout)
        XCTAssertTrue(feature.stdout.contains("levers (String) = JA0A"), feature.stdout)
    }

    func testCSVZonesAddUpToTheTerritoryRun() throws {
        let export = try Command.jumeau("export", twin, "--set", "zan=50", "--year", "2030", "--out", "-", "--format", "csv")
        XCTAssertEqual(export.status, 0, export.stderr)
        let lines = export.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(Array(lines[0].prefix(6)), ["code", "name", "scenario", "levers", "year", "population"])
        let column = try XCTUnwrap(lines[0].firstIndex(of: "naf_consumption_ha"))
        let zoneSum = lines.dropFirst().reduce(0.0) { $0 + Double($1[column])! }
        let run = try Command.jumeau("run", twin, "--set", "zan=50", "--format", "csv", "--indicators", "naf_consumption_ha")
        let territory = Double(run.stdout.split(separator: "\n").first { $0.hasPrefix("2030,") }!.split(separator: ",")[1])!
        XCTAssertEqual(zoneSum, territory, accuracy: territory * 1e-9)
    }

    func testBadExportsSayWhyAndLeaveNoFile() throws {
        let unknown = try Command.jumeau("export", twin, "--out", directory + "/x.txt")
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("--format geojson|csv"), unknown.stderr)
        let year = try Command.jumeau("export", twin, "--year", "2070", "--out", directory + "/x.csv")
        XCTAssertEqual(year.status, 2)
        XCTAssertTrue(year.stderr.contains("--year"), year.stderr)
        let folder = try Command.jumeau("export", twin, "--out", directory + "/missing/x.csv")
        XCTAssertEqual(folder.status, 1)
        XCTAssertTrue(folder.stderr.contains("does not exist"), folder.stderr)
        XCTAssertEqual(folder.stderr.filter { $0 == "\n" }.count, 1)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory).sorted(), ["medoc.gpkg"])
    }
}
