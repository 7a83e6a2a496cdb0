import Foundation
import JumeauStore
import XCTest

/// `jumeau publish` against a real PostgreSQL/PostGIS server started for these tests: the zones
/// GDAL reads with their projection, a replacement readers never see half-done, the three
/// roles, text that looks like SQL carried as text, and one-line errors.
final class PublishTests: XCTestCase {
    nonisolated(unsafe) static var server: PostgresServer?
    nonisolated(unsafe) static var startFailure: String?
    nonisolated(unsafe) static var samples = ""

    override class func setUp() {
        super.setUp()
        do {
            server = try PostgresServer()
        } catch {
            startFailure = String(describing: error)
        }
        samples = NSTemporaryDirectory() + "jumeau-publish-\(getpid())"
        _ = try? Command.jumeau("samples", "--build-into", samples)
    }

    override class func tearDown() {
        server?.stop()
        try? FileManager.default.removeItem(atPath: samples)
        super.tearDown()
    }

    /// The running server, or a loud failure saying why there is none.
    func running() throws -> PostgresServer {
        guard let server = Self.server else {
            XCTFail("no PostgreSQL server for the tests: \(Self.startFailure ?? "unknown reason")")
            throw XCTSkip("server missing (reported as a failure above)")
        }
        return server
    }

    func twin(_ id: String) -> String { Self.samples + "/\(id).gpkg" }

    func testAPublishedTwinIsWhatGDALReadsWithItsProjection() throws {
        let server = try running()
        let publish = try Command.jumeau(
            "publish", twin("bordeaux-metropole"), server.address(schema: "gironde"), environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertTrue(publish.stderr.contains("published 28 zones") || publish.stdout.contains("published 28 zones"),
                      publish.stdout + publish.stderr)
        XCTAssertFalse((publish.stdout + publish.stderr).contains(server.password), "the password is never shown")

        // Every zone, its attributes and levels, as in the GeoPackage.
        let store = try TwinStore.open(at: twin("bordeaux-metropole"), access: .read)
        let table = try store.zoneTable(attributeIDs: ["population", "forest_ha"])
        let population = table.columns["population"]?.reduce(0, +) ?? .nan
        XCTAssertEqual(try server.psql("SELECT count(*) FROM gironde.zones"), "28")
        let served = try XCTUnwrap(Double(server.psql("SELECT sum(population) FROM gironde.zones")))
        XCTAssertEqual(served, population, accuracy: 1e-6)
        XCTAssertEqual(
            try server.psql("SELECT count(*) FROM gironde.zones WHERE ST_SRID(geom) = 2154 AND ST_IsValid(geom)"), "28")
        XCTAssertEqual(try server.psql("SELECT name FROM gironde.zones WHERE code = '33063'"), "Bordeaux")
        if let bordeaux = table.codes.firstIndex(of: "33063"), bordeaux < table.departments.count {
            XCTAssertEqual(
                try server.psql("SELECT department || '/' || epci FROM gironde.zones WHERE code = '33063'"),
                table.departments[bordeaux] + "/" + table.epcis[bordeaux])
        }
        XCTAssertEqual(
            try server.psql("SELECT status FROM gironde.jumeau_attributes WHERE attribute = 'population'"), "observed")
        XCTAssertEqual(try server.psql("SELECT reference_year FROM gironde.jumeau_territory"), "2024")
        XCTAssertEqual(
            try server.psql("SELECT count(*) FROM pg_indexes WHERE schemaname = 'gironde' AND indexdef LIKE '%gist%'"),
            "2")
        // The area PostGIS computes is the twin's (same geometry, same projection).
        let area = try XCTUnwrap(Double(server.psql("SELECT sum(ST_Area(geom)) / 10000 FROM gironde.zones")))
        let areas = try store.zoneTable(attributeIDs: ["area_ha"]).columns["area_ha"]?.reduce(0, +) ?? .nan
        XCTAssertEqual(area, areas, accuracy: areas * 1e-6)
        try store.close()

        // GDAL: the layer, its count, its projection.
        let info = try Command.run(
            "/usr/bin/ogrinfo", ["-ro", "-so", server.gdal, "gironde.zones(geom)"], environment: server.environment)
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("Feature Count: 28"), info.stdout)
        XCTAssertTrue(info.stdout.contains("Multi Polygon"), info.stdout)
        XCTAssertTrue(info.stdout.contains("2154") && info.stdout.contains("Lambert"), info.stdout)
    }

    /// A second publish replaces the twin in one transaction: a reader querying all along sees
    /// the old twin or the new one, never none or half; nothing of the swap is left behind.
    func testRepublishingReplacesTheTwinAtomically() throws {
        let server = try running()
        let first = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "swap"), environment: server.environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM swap.zones"), "10")
        // A reader in another process, 300 queries while the second publish runs.
        let counts = NSTemporaryDirectory() + "jumeau-counts-\(UUID().uuidString)"
        let psql = "\(server.bin)/psql -h 127.0.0.1 -p \(server.port) -U postgres -d \(server.database) -X -A -t"
        try """
            i=0
            while [ $i -lt 300 ]; do \(psql) -c 'SELECT count(*) FROM swap.zones'; i=$((i + 1)); done
            """.write(toFile: counts + ".sh", atomically: true, encoding: .utf8)
        XCTAssertEqual(
            system("PGPASSWORD='\(server.password)' sh '\(counts).sh' > '\(counts)' 2> '\(counts).err' &"), 0)
        let second = try Command.jumeau(
            "publish", twin("bordeaux-metropole"), server.address(schema: "swap"), environment: server.environment)
        XCTAssertEqual(second.status, 0, second.stderr)
        // Let the reader finish.
        let deadline = Date().addingTimeInterval(60)
        var lines: [String] = []
        while Date() < deadline {
            lines = ((try? String(contentsOfFile: counts, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if lines.count >= 300 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let errors = (try? String(contentsOfFile: counts + ".err", encoding: .utf8)) ?? ""
        XCTAssertEqual(lines.count, 300, "the reader's answers")
        XCTAssertTrue(Set(lines).isSubset(of: ["10", "28"]), "only whole twins: \(Set(lines))")
        XCTAssertEqual(Set(lines), ["10", "28"], "the reader saw the replacement happen")
        XCTAssertEqual(errors, "", "the reader never missed the table")
        XCTAssertEqual(try server.psql("SELECT count(*) FROM swap.zones"), "28")
        XCTAssertEqual(
            try server.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'swap\\_\\_%'"), "0",
            "no staging or previous schema left")
        try? FileManager.default.removeItem(atPath: counts)
        try? FileManager.default.removeItem(atPath: counts + ".err")
        try? FileManager.default.removeItem(atPath: counts + ".sh")
    }

    /// `--roles`: a reader may look but not save scenarios; an agent may save; the owner may
    /// publish again.
    func testTheRolesGiveReadersAgentsAndOwnersTheirRights() throws {
        let server = try running()
        let publish = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "roles"), "--roles", environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        try server.psql(
            "CREATE ROLE alice LOGIN PASSWORD 'alice-pw' IN ROLE roles_reader; "
                + "CREATE ROLE bob LOGIN PASSWORD 'bob-pw' IN ROLE roles_agent; "
                + "CREATE ROLE claire LOGIN PASSWORD 'claire-pw' IN ROLE roles_owner")
        XCTAssertEqual(try server.psql("SELECT count(*) FROM roles.zones", user: "alice", password: "alice-pw"), "10")
        let insert = "INSERT INTO roles.jumeau_scenarios (name, levers, created_at, updated_at) "
        XCTAssertThrowsError(
            try server.psql(insert + "VALUES ('a', '{}', now(), now())", user: "alice", password: "alice-pw")
        ) { error in XCTAssertTrue(String(describing: error).contains("permission denied"), "\(error)") }
        try server.psql(insert + "VALUES ('b', '{}', now(), now())", user: "bob", password: "bob-pw")
        XCTAssertThrowsError(try server.psql("DROP TABLE roles.zones", user: "bob", password: "bob-pw"))
        // The owner replaces the twin; the grants follow the new schema.
        let again = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "roles", user: "claire"),
            environment: ["PGPASSWORD": "claire-pw", "PGPASSFILE": "/nonexistent"])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM roles.zones", user: "alice", password: "alice-pw"), "10")
        // A reader who publishes is told so in one line.
        let denied = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "roles", user: "alice"),
            environment: ["PGPASSWORD": "alice-pw", "PGPASSFILE": "/nonexistent"])
        XCTAssertEqual(denied.status, 1)
        XCTAssertTrue(denied.stderr.contains("alice may not"), denied.stderr)
        XCTAssertEqual(denied.stderr.split(separator: "\n").count, 1, denied.stderr)
    }

    /// Scenario names and notes made of SQL metacharacters, tabs and newlines arrive as text.
    func testTextThatLooksLikeSQLArrivesAsText() throws {
        let server = try running()
        let copy = Self.samples + "/hostile.gpkg"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.copyItem(atPath: twin("ile-de-re"), toPath: copy)
        let name = "Robert'); DROP TABLE zones;--"
        let notes = "tab\there\nnew line \\N end"
        let save = try Command.jumeau("run", copy, "--set", "zan=50", "--save", name, "--notes", notes)
        XCTAssertEqual(save.status, 0, save.stderr)
        let publish = try Command.jumeau(
            "publish", copy, server.address(schema: "hostile"), environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM hostile.zones"), "10", "zones still there")
        XCTAssertEqual(try server.psql("SELECT name FROM hostile.jumeau_scenarios"), name)
        XCTAssertEqual(
            try server.psql("SELECT notes = E'tab\\there\\nnew line \\\\N end' FROM hostile.jumeau_scenarios"), "t")
    }

    func testBadAddressesAndDeadServersSayWhyInOneLine() throws {
        let server = try running()
        let cases: [(arguments: [String], environment: [String: String], status: Int32, says: String)] = [
            (["postgresql://postgres:secret@127.0.0.1:\(server.port)/twins?schema=x"], [:], 2, "PGPASSWORD"),
            (["postgresql://postgres@127.0.0.1/twins?schema=x;drop"], [:], 2, "schema name refused"),
            (["postgresql://postgres@127.0.0.1:1/twins?schema=x&sslmode=disable"], server.environment, 1,
             "cannot reach the server"),
            ([server.address(schema: "x")], ["PGPASSWORD": "wrong", "PGPASSFILE": "/nonexistent"], 1,
             "refused user postgres"),
            ([server.address(schema: "x").replacingOccurrences(of: "/twins?", with: "/nowhere?")],
             server.environment, 1, "no database nowhere"),
        ]
        for (arguments, environment, status, says) in cases {
            let result = try Command.run(
                Command.binary, ["publish", twin("ile-de-re")] + arguments, environment: environment)
            XCTAssertEqual(result.status, status, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(says), "\(arguments): \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
            XCTAssertFalse(result.stderr.contains("secret"), result.stderr)
        }
        // A twin that cannot be read leaves the server untouched.
        let missing = try Command.jumeau(
            "publish", "/nonexistent/twin.gpkg", server.address(schema: "untouched"), environment: server.environment)
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'untouched%'"), "0")
    }
}
