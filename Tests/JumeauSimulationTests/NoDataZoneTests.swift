import Foundation
import JumeauImport
import JumeauModel
import JumeauSamples
import JumeauSimulation
import JumeauStore
import XCTest

/// A zone imported without population (commit e804238) is kept in the twin but left out of
/// the simulation: the run is the one of the same territory without that zone, and the
/// zone's own values are NaN (unknown), never zero.
final class NoDataZoneTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-nodata-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// The Île de Ré sample, with `extra` features added to its GeoJSON (in none of its CSV rows).
    func importIleDeRe(_ name: String, extra: [String]) throws -> ZoneTable {
        let sample = try XCTUnwrap(SampleTerritory.named("ile-de-re"))
        let path = directory + "/\(name).gpkg"
        var options = sample.importOptions(destination: path)
        var text = String(decoding: options.sources[0].bytes, as: UTF8.self)
        let end = try XCTUnwrap(text.range(of: "]", options: .backwards))
        text.replaceSubrange(end, with: extra.map { ",\n" + $0 }.joined() + "]")
        options.sources[0] = ImportSource(name: options.sources[0].name, bytes: Data(text.utf8))
        let report = try TerritoryImporter(options: options).run()
        XCTAssertEqual(report.zoneCount, 10 + extra.count)
        return try TwinStore.open(at: path, access: .read).zoneTable()
    }

    /// An inland square commune without population, far from the island's coast.
    static func withoutData(_ code: String, lon: Double) -> String {
        let ring = [(lon, 46.5), (lon + 0.02, 46.5), (lon + 0.02, 46.52), (lon, 46.52), (lon, 46.5)]
            .map { "[\($0.0),\($0.1)]" }.joined(separator: ",")
        return """
            {"type":"Feature","properties":{"code":"\(code)","nom":"Sans données"},\
            "geometry":{"type":"Polygon","coordinates":[[\(ring)]]}}
            """
    }

    func testZonesWithoutDataAreLeftOutOfTheSimulation() throws {
        let complete = try importIleDeRe("complete", extra: [])
        // Codes sorting first and last, so that the zones with data change places.
        let table = try importIleDeRe("with-no-data", extra: [Self.withoutData("17000", lon: -0.9),
                                                               Self.withoutData("17999", lon: -0.8)])
        XCTAssertEqual(table.codes.first, "17000")
        XCTAssertEqual(table.codes.last, "17999")
        XCTAssertEqual(table.noData, table.codes.map { ["17000", "17999"].contains($0) })
        XCTAssertTrue(table.columns["population"]![0].isNaN, "unknown, not zero")

        let full = try BaseState(table: complete, referenceYear: 2024)
        let partial = try BaseState(table: table, referenceYear: 2024)
        XCTAssertNil(full.slotOfZone)
        XCTAssertEqual(partial.codes, full.codes)
        XCTAssertEqual(partial.count, 10)
        XCTAssertEqual(partial.zoneCount, 12)
        XCTAssertEqual(partial.slotOfZone, [-1] + Array(0..<10) + [-1])
        XCTAssertEqual(partial.fingerprint, full.fingerprint, "the same base state, value for value")

        var rng = SeededGenerator(state: 41)
        let reference = Simulator(base: full), simulator = Simulator(base: partial)
        for settings in [LeverSettings(), try reference.catalog.randomSettings(&rng)] {
            let expected = reference.run(settings), result = simulator.run(settings)
            XCTAssertEqual(result.years, expected.years)
            XCTAssertEqual(result.zoneCount, 12)
            for indicator in Indicator.allCases {
                XCTAssertEqual(Array(result.territory(indicator)), Array(expected.territory(indicator)), indicator.id)
            }
            for year in [result.firstYear, result.lastYear] {
                for indicator in [Indicator.population, .dwellings, .artificialized, .renewableProduction] {
                    let zones = try XCTUnwrap(result.zones(indicator, year: year))
                    XCTAssertEqual(zones.count, 12)
                    XCTAssertTrue(zones[0].isNaN && zones[11].isNaN, "\(indicator.id) \(year): \(zones)")
                    XCTAssertEqual(Array(zones[1...10]), expected.zones(indicator, year: year),
                                   "\(indicator.id) \(year)")
                }
            }
            XCTAssertNil(result.zone(0, .population), "no sparkline for a zone without data")
            XCTAssertNil(result.zone(11, .population))
            XCTAssertEqual(result.zone(1, .population), expected.zone(0, .population))
            XCTAssertEqual(result.zone(10, .dwellings), expected.zone(9, .dwellings))
        }
        let population = try XCTUnwrap(simulator.run().territory(.population, year: 2024))
        XCTAssertEqual(population, full.population.reduce(0, +), accuracy: 1e-6)
    }

    func testATableWhereEveryZoneLacksDataCannotBeSimulated() throws {
        var table = try importIleDeRe("complete", extra: [])
        table.noData = [Bool](repeating: true, count: table.count)
        XCTAssertThrowsError(try BaseState(table: table, referenceYear: 2024)) { error in
            XCTAssertEqual((error as? SimulationError)?.message.key, "simulation.no_zones", "\(error)")
        }
    }
}
