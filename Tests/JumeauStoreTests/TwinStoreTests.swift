import Foundation
import GRDB
import JumeauGeometry
import JumeauModel
@testable import JumeauStore
import XCTest

final class TwinStoreTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-store-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    func systems() throws -> [SpatialReferenceSystem] {
        [try CRSCatalog.spatialReferenceSystem(epsg: 4326), try CRSCatalog.spatialReferenceSystem(epsg: 2154)]
    }

    func attribute(_ id: String, _ status: ValueStatus = .observed) -> AttributeDefinition {
        AttributeDefinition(id: id, labelFR: id, labelEN: id, unit: "u", source: "test", licence: "none",
                            year: 2024, status: status, method: "test")
    }

    func zone(_ code: String, x: Double, population: Double) throws -> ZoneRecord {
        let context = GeometryContext()
        let ring = [Point2(x: x, y: 6_600_000), Point2(x: x + 1_000, y: 6_600_000), Point2(x: x + 1_000, y: 6_601_000),
                    Point2(x: x, y: 6_601_000), Point2(x: x, y: 6_600_000)]
        let geometry = try context.multiPolygon(MultiPolygonCoordinates(polygons: [PolygonRings(rings: [ring])]))
        return ZoneRecord(code: code, name: "Zone \(code)", values: ["population": population], geometry: try geometry.wkbGeometry())
    }

    func makeTwin(_ name: String = "t.gpkg") throws -> TwinStore {
        let store = try TwinStore.create(at: directory + "/" + name,
                                         metadata: TerritoryMetadata(name: "Test", referenceYear: 2024, attribution: "none"),
                                         referenceSystems: try systems(),
                                         attributes: [attribute("population"), attribute("jobs", .estimated)])
        try store.insertZones([try zone("A", x: 700_000, population: 10), try zone("B", x: 702_000, population: 30)],
                              attributeIDs: ["population", "jobs"])
        return store
    }

    func testGeometryBlobRoundTripAndHeader() throws {
        let geometry = WKBGeometry(wkb: try GeometryContext().readWKT("MULTIPOLYGON(((0 0,1 0,1 2,0 0)))").wkb(),
                                   envelope: Envelope(minX: 0, minY: 0, maxX: 1, maxY: 2))
        let blob = GeoPackageBinary.encode(geometry, srsID: 2154)
        XCTAssertEqual(Array(blob[0..<4]), [0x47, 0x50, 0, 0b011], "GP, version 0, little-endian with an xy envelope")
        XCTAssertEqual(try GeoPackageBinary.decode(blob), geometry)
        let header = try blob.withUnsafeBytes { try GeoPackageBinary.header($0) }
        XCTAssertEqual(header.srsID, 2154)
        XCTAssertFalse(header.isEmpty)
        XCTAssertThrowsError(try GeoPackageBinary.decode([1, 2, 3, 4, 5, 6, 7, 8]))
    }

    func testBlobWithoutEnvelopeGetsOneFromTheWKB() throws {
        let wkb = try GeometryContext().readWKT("MULTIPOLYGON(((3 4,9 4,9 7,3 4)),((-1 0,0 0,0 1,-1 0)))").wkb()
        var blob: [UInt8] = [0x47, 0x50, 0, 0b001]
        withUnsafeBytes(of: Int32(2154).littleEndian) { blob.append(contentsOf: $0) }
        blob += wkb
        XCTAssertEqual(try GeoPackageBinary.decode(blob).envelope, Envelope(minX: -1, minY: 0, maxX: 9, maxY: 7))
    }

    func testCreateWriteAndReadBack() throws {
        let store = try makeTwin()
        XCTAssertEqual(try store.zoneCount(), 2)
        XCTAssertEqual(try store.metadata().name, "Test")
        XCTAssertEqual(try store.metadata().referenceYear, 2024)
        XCTAssertEqual(try store.attributes().map(\.id), ["population", "jobs"])
        XCTAssertEqual(try store.attributes()[1].status, .estimated)
        let zones = try store.zones()
        XCTAssertEqual(zones.map(\.code), ["A", "B"])
        XCTAssertEqual(zones[1].values["population"], 30)
        XCTAssertNil(zones[1].values["jobs"])
        XCTAssertEqual(zones[0].geometry.envelope, Envelope(minX: 700_000, minY: 6_600_000, maxX: 701_000, maxY: 6_601_000))
        XCTAssertEqual(try GeometryContext().readWKB(zones[0].geometry.wkb).area(), 1_000_000, accuracy: 1e-6)
        let statistics = try store.attributeStatistics()
        XCTAssertEqual(statistics["population"], AttributeStatistics(count: 2, min: 10, max: 30, sum: 40))
        XCTAssertEqual(statistics["jobs"]?.count, 0)
        XCTAssertEqual(try store.extent(), Envelope(minX: 700_000, minY: 6_600_000, maxX: 703_000, maxY: 6_601_000))
        // The R-tree, filled by the GeoPackage triggers through our ST_ functions.
        XCTAssertEqual(try store.zoneCodes(intersecting: Envelope(minX: 702_500, minY: 6_600_500, maxX: 702_600, maxY: 6_600_600)), ["B"])
        XCTAssertEqual(try store.zoneCodes(intersecting: Envelope(minX: 0, minY: 0, maxX: 1, maxY: 1)), [])
        XCTAssertEqual(try store.registeredTables(),
                       ["jumeau_attributes", "jumeau_estimated_values", "jumeau_journal", "jumeau_levels",
                        "jumeau_live_view", "jumeau_run_results", "jumeau_run_zone_results",
                        "jumeau_runs", "jumeau_scenarios", "jumeau_schema_migrations", "jumeau_territory", "zones"])
        XCTAssertEqual(try store.scenarioCount(), 0)
    }

    func testEveryUserTableIsRegisteredInGpkgContents() throws {
        let store = try makeTwin()
        try store.close()
        let queue = try DatabaseQueue(path: directory + "/t.gpkg")
        let unregistered = try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
                  AND name NOT LIKE 'gpkg_%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'rtree_%'
                  AND name != 'grdb_migrations'
                  AND name NOT IN (SELECT table_name FROM gpkg_contents)
                """)
        }
        XCTAssertEqual(unregistered, [])
        let (applicationID, userVersion) = try queue.read { db in
            (try Int32.fetchOne(db, sql: "PRAGMA application_id")!, try Int.fetchOne(db, sql: "PRAGMA user_version")!)
        }
        XCTAssertEqual(applicationID, 0x4750_4B47)
        XCTAssertEqual(userVersion, 10300)
    }

    func testDuplicateCodeIsRefused() throws {
        let store = try makeTwin()
        XCTAssertThrowsError(try store.insertZones([try zone("A", x: 0, population: 1)], attributeIDs: ["population"])) { error in
            XCTAssertEqual("\(error)", "zone code A appears twice")
        }
        XCTAssertEqual(try store.zoneCount(), 2, "the failed batch is rolled back")
    }

    func testInvalidAttributeNamesAreRefused() throws {
        for bad in ["code", "Population", "1st", "drop table", ""] {
            XCTAssertThrowsError(try TwinStore.create(at: directory + "/x\(bad.count).gpkg",
                                                      metadata: TerritoryMetadata(name: "T", referenceYear: 2024, attribution: ""),
                                                      referenceSystems: try systems(), attributes: [attribute(bad)]), bad)
        }
    }

    func testTwinWrittenByAnOlderReleaseIsUpgradedOnOpen() throws {
        // A twin as the first release wrote it: only the first migration applied.
        let path = directory + "/old.gpkg"
        var configuration = Configuration()
        configuration.prepareDatabase { Schema.addGeometryFunctions($0) }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID); PRAGMA user_version = \(Schema.userVersion)")
        }
        try queue.write { db in
            try Schema.migrations[0].migrate(db)
            try db.execute(sql: "INSERT INTO jumeau_schema_migrations (identifier) VALUES ('v1-geopackage-core')")
            try db.execute(sql: "INSERT INTO jumeau_territory VALUES (1, 'Old', 2024, 'a', '2025-01-01', '0.0.1')")
            XCTAssertFalse(try db.tableExists("jumeau_estimated_values"))
        }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        // Reading takes the twin as it is, and leaves it byte for byte.
        let reader = try TwinStore.open(at: path, access: .read)
        XCTAssertEqual(try reader.schemaMigrations(), ["v1-geopackage-core"])
        XCTAssertEqual(try reader.scenarios(), [])
        XCTAssertEqual(try reader.estimatedValueCodes(attribute: "x"), [])
        XCTAssertEqual(try reader.metadata().name, "Old")
        XCTAssertEqual(reader.upgrades, [])
        try reader.close()
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before)

        let store = try TwinStore.open(at: path)
        XCTAssertEqual(store.upgrades, ["v2-per-value-provenance", "v3-scenarios", "v4-session-journal", "v5-live-view",
                                        "v6-levels"])
        XCTAssertEqual(try store.schemaMigrations(), ["v1-geopackage-core", "v2-per-value-provenance", "v3-scenarios",
                                                      "v4-session-journal", "v5-live-view", "v6-levels"])
        XCTAssertEqual(try store.scenarios(), [])
        XCTAssertEqual(try store.estimatedValueCodes(attribute: "x"), [])
        XCTAssertEqual(try store.metadata().name, "Old")
        XCTAssertTrue(try store.registeredTables().contains("jumeau_estimated_values"))
    }

    func testTwinFromANewerReleaseIsRefused() throws {
        let store = try makeTwin()
        try store.dbQueue.write { db in
            try db.execute(sql: "INSERT INTO jumeau_schema_migrations (identifier) VALUES ('v99-from-the-future')")
        }
        try store.close()
        XCTAssertThrowsError(try TwinStore.open(at: directory + "/t.gpkg")) { error in
            XCTAssertTrue("\(error)".contains("newer Jumeau"), "\(error)")
        }
    }

    func testFilesThatAreNotTwinsGiveOneLineErrors() throws {
        let garbage = directory + "/garbage.gpkg"
        try Data("this is not a database, just text that goes on for a while".utf8).write(to: URL(fileURLWithPath: garbage))
        XCTAssertThrowsError(try TwinStore.open(at: garbage)) { error in
            XCTAssertFalse("\(error)".contains("\n"))
            XCTAssertTrue("\(error)".contains("garbage.gpkg"), "\(error)")
        }
        let plainSQLite = directory + "/plain.gpkg"
        try DatabaseQueue(path: plainSQLite).write { try $0.execute(sql: "CREATE TABLE t(x)") }
        XCTAssertThrowsError(try TwinStore.open(at: plainSQLite)) { error in
            XCTAssertTrue("\(error)".contains("not a GeoPackage"), "\(error)")
        }
        XCTAssertThrowsError(try TwinStore.open(at: directory + "/missing.gpkg")) { error in
            XCTAssertTrue("\(error)".contains("no such twin"), "\(error)")
        }
        XCTAssertThrowsError(try TwinStore.create(at: garbage, metadata: TerritoryMetadata(name: "T", referenceYear: 2024, attribution: ""),
                                                  referenceSystems: try systems(), attributes: []))
    }

    func testScenariosAndTheirRunsRoundTrip() throws {
        let store = try makeTwin()
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let scenario = SavedScenario(name: "Sobriété", leversJSON: #"{"zan":{"changes":[],"value":50}}"#, notes: "atelier",
                                     author: "Claire", createdAt: created, updatedAt: created)
        let run = SavedRun(modelVersion: "m1", inputsHash: "abc", years: [2024, 2025],
                           territory: ["population": [40, 41.5]], zones: ["population": [2031: [10.25, 30.5]]])
        try store.saveScenario(scenario, run: run)
        XCTAssertEqual(try store.scenarioCount(), 1)
        XCTAssertEqual(try store.scenario(named: "Sobriété"), scenario)
        let back = try XCTUnwrap(try store.latestRun(scenario: "Sobriété"))
        XCTAssertEqual(back.years, [2024, 2025])
        XCTAssertEqual(back.territory["population"], [40, 41.5])
        XCTAssertEqual(back.zones["population"]?[2031], [10.25, 30.5])
        XCTAssertEqual(back.inputsHash, "abc")

        // Saving again under the same name updates it and replaces its run.
        var updated = scenario
        updated.notes = "revu"
        updated.updatedAt = created.addingTimeInterval(60)
        try store.saveScenario(updated, run: nil)
        XCTAssertEqual(try store.scenarios().count, 1)
        XCTAssertEqual(try store.scenario(named: "Sobriété")?.notes, "revu")
        XCTAssertEqual(try store.scenario(named: "Sobriété")?.createdAt, created, "creation time kept")
        XCTAssertNil(try store.latestRun(scenario: "Sobriété"))
        // Another author may neither replace, rename nor delete it, nor may an unsigned save.
        for author in ["Marc", ""] {
            var theirs = updated
            theirs.author = author
            XCTAssertThrowsError(try store.saveScenario(theirs, run: nil)) { error in
                XCTAssertEqual((error as? StoreError)?.message.key, "store.scenario_taken")
            }
            XCTAssertThrowsError(try store.renameScenario(from: "Sobriété", to: "Autre", by: author))
            XCTAssertThrowsError(try store.deleteScenario(named: "Sobriété", by: author))
        }
        XCTAssertEqual(try store.scenario(named: "Sobriété")?.notes, "revu", "kept whole")
        XCTAssertTrue(try store.renameScenario(from: "Sobriété", to: "Sobriété 2", by: "Claire"))
        XCTAssertTrue(try store.deleteScenario(named: "Sobriété 2", by: "Claire"))
        XCTAssertFalse(try store.deleteScenario(named: "Sobriété 2", by: "Claire"))
        XCTAssertEqual(try store.scenarioCount(), 0)
    }
}
