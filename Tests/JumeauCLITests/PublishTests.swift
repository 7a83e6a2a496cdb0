import Foundation
import JumeauStore
import XCTest

/// `jumeau publish` against a real PostgreSQL/PostGIS server started for these tests: the zones
/// GDAL reads with their projection, a replacement readers never see half-done, the three
/// roles, text that looks like SQL carried as text, and one-line errors.
final class PublishTests: XCTestCase, ServerTestCase {
    nonisolated(unsafe) static var fixture: ServerFixture?

    override class func setUp() {
        super.setUp()
        fixture = ServerFixture("publish")
    }

    override class func tearDown() {
        fixture?.stop()
        super.tearDown()
    }


    func twin(_ id: String) -> String { samples() + "/\(id).gpkg" }

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
            let text = (try? String(contentsOfFile: counts, encoding: .utf8)) ?? ""
            lines = text.split(separator: "\n").map(String.init)
            if lines.count >= 300 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let errors = (try? String(contentsOfFile: counts + ".err", encoding: .utf8)) ?? ""
        XCTAssertEqual(lines.count, 300, "the reader's answers")
        XCTAssertTrue(Set(lines).isSubset(of: ["10", "28"]), "only whole twins: \(Set(lines))")
        XCTAssertEqual(errors, "", "the reader never missed the table")
        XCTAssertEqual(try server.psql("SELECT count(*) FROM swap.zones"), "28")
        XCTAssertEqual(
            try server.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'swap\\_\\_%'"), "0",
            "no staging or previous schema left")

        // A reader in a long transaction does not hold the replacement up, and each of its
        // statements sees a whole twin (READ COMMITTED, PostgreSQL's default and QGIS's: the
        // second sees the new one); the old tables it held go with the next publish.
        let session = NSTemporaryDirectory() + "jumeau-session-\(UUID().uuidString)"
        try """
            BEGIN;
            SELECT count(*) FROM swap.zones;
            SELECT pg_sleep(4);
            SELECT count(*) FROM swap.zones;
            COMMIT;
            """.write(toFile: session + ".sql", atomically: true, encoding: .utf8)
        XCTAssertEqual(
            system("PGPASSWORD='\(server.password)' \(psql) -f '\(session).sql' > '\(session)' 2>&1 &"), 0)
        let begun = Date().addingTimeInterval(10)
        while Date() < begun && !((try? String(contentsOfFile: session, encoding: .utf8)) ?? "").contains("28") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let started = Date()
        let third = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "swap"), environment: server.environment)
        XCTAssertEqual(third.status, 0, third.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 3.5, "the reader did not hold the publish up")
        XCTAssertEqual(try server.psql("SELECT count(*) FROM swap.zones"), "10", "new readers see the new twin")
        let finished = Date().addingTimeInterval(15)
        var answers = ""
        while Date() < finished {
            answers = (try? String(contentsOfFile: session, encoding: .utf8)) ?? ""
            if answers.contains("COMMIT") { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let counts2 = answers.split(separator: "\n").filter { Int($0) != nil }
        XCTAssertEqual(counts2, ["28", "10"], "each statement saw a whole twin: \(answers)")
        XCTAssertFalse(answers.contains("ERROR"), answers)
        let fourth = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "swap"), environment: server.environment)
        XCTAssertEqual(fourth.status, 0, fourth.stderr)
        XCTAssertEqual(
            try server.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'swap\\_\\_%'"), "0",
            "what the long reader kept is gone")
        try? FileManager.default.removeItem(atPath: session)
        try? FileManager.default.removeItem(atPath: session + ".sql")
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
        let copy = samples() + "/hostile.gpkg"
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
            ([server.address(schema: "x")], ["PGPASSFILE": "/nonexistent", "PGPASSWORD": ""], 1,
             "asks a password for user postgres"),
            ([server.address(schema: "x").replacingOccurrences(of: "disable", with: "verify-full")],
             server.environment, 1, "TLS connection"),
            (["postgresql://postgres@127.0.0.1/twins?schema=public"], [:], 2, "is not for a twin"),
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
        // A file that is not a twin leaves the server untouched.
        let notATwin = NSTemporaryDirectory() + "jumeau-not-a-twin-\(UUID().uuidString).gpkg"
        try "not a GeoPackage".write(toFile: notATwin, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: notATwin) }
        let unreadable = try Command.jumeau(
            "publish", notATwin, server.address(schema: "untouched"), environment: server.environment)
        XCTAssertEqual(unreadable.status, 1, unreadable.stderr)
        XCTAssertEqual(unreadable.stderr.split(separator: "\n").count, 1, unreadable.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'untouched%'"), "0")
        // A schema holding something else is not replaced.
        try server.psql(
            "CREATE SCHEMA precious; CREATE TABLE precious.data (x int); INSERT INTO precious.data VALUES (1)")
        let other = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "precious"), environment: server.environment)
        XCTAssertEqual(other.status, 1, other.stderr)
        XCTAssertTrue(other.stderr.contains("not a Jumeau twin"), other.stderr)
        XCTAssertEqual(try server.psql("SELECT x FROM precious.data"), "1")
    }

    /// A twin of 4,096 zones or more goes in two COPYs on two connections: every zone once.
    func testALargeTwinArrivesWholeThroughTwoConnections() throws {
        let server = try running()
        let large = samples() + "/large.gpkg"
        let generate = try Command.jumeau("generate", "--zones", "5000", "--out", large, "--seed", "7", "--force")
        XCTAssertEqual(generate.status, 0, generate.stderr)
        let publish = try Command.jumeau(
            "publish", large, server.address(schema: "large"), environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        let store = try TwinStore.open(at: large, access: .read)
        let table = try store.zoneTable(attributeIDs: ["population"])
        try store.close()
        XCTAssertEqual(try server.psql("SELECT count(*) || '/' || count(DISTINCT code) FROM large.zones"), "5000/5000")
        let population = try XCTUnwrap(Double(server.psql("SELECT sum(population) FROM large.zones")))
        XCTAssertEqual(population, table.columns["population"]?.reduce(0, +) ?? .nan, accuracy: 1e-6)
        XCTAssertEqual(try server.psql("SELECT min(code) || '/' || max(code) FROM large.zones"),
                       (table.codes.min() ?? "") + "/" + (table.codes.max() ?? ""))
    }

    /// Two publishes into one schema: the second is told another is running, and nothing changes.
    func testASecondPublishIntoTheSameSchemaWaitsItsTurn() throws {
        let server = try running()
        let first = try Command.jumeau(
            "publish", twin("ile-de-re"), server.address(schema: "turns"), environment: server.environment)
        XCTAssertEqual(first.status, 0, first.stderr)
        // Another session holds the publication lock, as a running publish would.
        let session = NSTemporaryDirectory() + "jumeau-lock-\(UUID().uuidString)"
        let psql = "\(server.bin)/psql -h 127.0.0.1 -p \(server.port) -U postgres -d \(server.database) -X -A -t"
        let hold = "-c \"SELECT pg_advisory_lock(hashtext('jumeau.publish.turns'))\" -c \"SELECT 'held'\" "
            + "-c \"SELECT pg_sleep(5)\""
        XCTAssertEqual(system("PGPASSWORD='\(server.password)' \(psql) \(hold) > '\(session)' 2>&1 &"), 0)
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !((try? String(contentsOfFile: session, encoding: .utf8)) ?? "").contains("held") {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let second = try Command.jumeau(
            "publish", twin("bordeaux-metropole"), server.address(schema: "turns"), environment: server.environment)
        XCTAssertEqual(second.status, 1, second.stderr)
        XCTAssertTrue(second.stderr.contains("another publication into schema turns is running"), second.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM turns.zones"), "10")
        try? FileManager.default.removeItem(atPath: session)
    }

    /// The server offers TLS (a self-signed certificate): the default (prefer) and require use it
    /// without checking who answers, as libpq does; verify-full refuses the unsigned certificate.
    func testTLSIsUsedWhenTheServerOffersIt() throws {
        let server = try running()
        let address = server.address(schema: "tls").replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let before = server.log.components(separatedBy: "SSL enabled").count
        let publish = try Command.jumeau("publish", twin("ile-de-re"), address, environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        XCTAssertGreaterThan(server.log.components(separatedBy: "SSL enabled").count, before, "an encrypted session")
        let preferred = try Command.jumeau(
            "publish", twin("ile-de-re"), address.replacingOccurrences(of: "&sslmode=require", with: ""),
            environment: server.environment)
        XCTAssertEqual(preferred.status, 0, preferred.stderr)
    }
}
