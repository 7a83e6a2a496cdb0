import Foundation
import JumeauModel
import JumeauPostGIS
import JumeauStore
import XCTest

/// A twin on a real PostgreSQL/PostGIS server, used as a file is: every command gives the file's
/// answers, agents save at once without losing a save, a reader is told what it may not do, a
/// follower on another process follows within a second, and a server stopped in the middle of a
/// session costs neither the command line nor the explorer more than a clear line or a banner.
final class ServerTwinTests: TmuxTestCase, ServerTestCase {
    nonisolated(unsafe) static var fixture: ServerFixture?

    override class func setUp() {
        super.setUp()
        fixture = ServerFixture("server-twin")
    }

    override class func tearDown() {
        fixture?.stop()
        super.tearDown()
    }


    /// A copy of a sample this test may write into.
    func copy(_ id: String) throws -> String {
        let path = directory + "/\(id).gpkg"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: samples() + "/\(id).gpkg", toPath: path)
        return path
    }

    /// Publishes a sample into `schema` and returns its address.
    func published(_ id: String, schema: String, roles: Bool = false) throws -> String {
        let server = try running()
        let address = server.address(schema: schema)
        let publish = try Command.run(
            Command.binary, ["publish", samples() + "/\(id).gpkg", address] + (roles ? ["--roles"] : []),
            environment: server.environment)
        XCTAssertEqual(publish.status, 0, publish.stderr)
        return address
    }

    func jumeau(_ arguments: String..., user: [String: String] = [:]) throws -> Command {
        try jumeau(arguments, user: user)
    }

    /// The binary with the server's password in its environment (and `user`'s additions).
    func jumeau(_ arguments: [String], user: [String: String] = [:]) throws -> Command {
        let server = try running()
        var environment = server.environment
        environment["XDG_STATE_HOME"] = directory
        for (key, value) in user { environment[key] = value }
        return try Command.run(Command.binary, arguments, environment: environment)
    }

    func testEveryCommandAnswersOnTheServerAsOnTheFile() throws {
        let file = try copy("bordeaux-metropole")
        let server = try published("bordeaux-metropole", schema: "commands")

        // The same answers, byte for byte, where no floating sum's order is involved.
        for arguments in [
            ["run", "--format", "csv"], ["run", "--set", "zan=50", "--set", "density=40", "--format", "json"],
            ["run", "--dep", "33", "--format", "csv"], ["run", "--codes", "33063,33281", "--to", "2035"],
            ["info", "--list", "com", "--json"], ["levers"], ["compare", "baseline", "baseline", "--format", "csv"],
            ["render", "--size", "70x22", "--color", "256", "--indicator", "population"],
        ] {
            let onFile = try Command.run(Command.binary, [arguments[0], file] + arguments.dropFirst())
            let served = try jumeau([arguments[0], server] + arguments.dropFirst())
            XCTAssertEqual(onFile.status, 0, "\(arguments): \(onFile.stderr)")
            XCTAssertEqual(served.status, 0, "\(arguments): \(served.stderr)")
            XCTAssertEqual(served.stdout, onFile.stdout, "\(arguments) differs on the server")
        }

        // info: the same twin, described from the server.
        let fileInfo = try json(Command.run(Command.binary, ["info", file, "--json"]).stdout)
        let serverInfo = try json(jumeau("info", server, "--json").stdout)
        for key in ["zones", "name", "reference_year", "crs", "levels", "scenarios"] {
            XCTAssertEqual(fileInfo[key] as? NSObject, serverInfo[key] as? NSObject, key)
        }
        let fileArea = try XCTUnwrap(fileInfo["area_ha"] as? Double)
        XCTAssertEqual(try XCTUnwrap(serverInfo["area_ha"] as? Double), fileArea, accuracy: fileArea * 1e-12)
        XCTAssertTrue((serverInfo["storage"] as? String ?? "").hasPrefix("PostgreSQL "), "\(serverInfo)")
        XCTAssertNil(serverInfo["geopackage_version"])

        // A scenario saved into each: listed, read back, compared and reported alike.
        for twin in [file, server] {
            let save = try jumeau(
                "run", twin, "--save", "Sobriété", "--set", "zan=60", "--set", "renewables=30", "--author", "Claire",
                "--notes", "atelier\tdu 12")
            XCTAssertEqual(save.status, 0, save.stderr)
        }
        let listed = try json(jumeau("scenarios", server, "--json").stdout, array: true)
        XCTAssertEqual(listed.first?["name"] as? String, "Sobriété")
        XCTAssertEqual(listed.first?["author"] as? String, "Claire")
        XCTAssertEqual(listed.first?["notes"] as? String, "atelier\tdu 12")
        for arguments in [
            ["run", "--scenario", "Sobriété", "--format", "csv"],
            ["compare", "baseline", "Sobriété", "--format", "csv"],
            ["export", "--scenario", "Sobriété", "--year", "2040", "--out", "-", "--format", "csv"],
            ["export", "--out", "-", "--format", "geojson"],
        ] {
            let onFile = try Command.run(Command.binary, [arguments[0], file] + arguments.dropFirst())
            let onServer = try jumeau([arguments[0], server] + arguments.dropFirst())
            XCTAssertEqual(onServer.status, 0, "\(arguments): \(onServer.stderr)")
            XCTAssertEqual(onServer.stdout, onFile.stdout, "\(arguments) differs on the server")
        }
        // The report: the same figures; only the twin's name in it differs.
        for (twin, out) in [(file, "file.md"), (server, "server.md")] {
            let report = try jumeau("report", twin, "--scenario", "Sobriété", "--out", directory + "/" + out)
            XCTAssertEqual(report.status, 0, report.stderr)
        }
        func figures(_ name: String) throws -> [String] {
            try String(contentsOfFile: directory + "/" + name, encoding: .utf8).split(separator: "\n")
                .filter { !$0.contains("Generated") && !$0.contains("Généré") }.map(String.init)
        }
        XCTAssertEqual(try figures("server.md"), try figures("file.md"))

        // Commands that build or change a file say so, in one line, given an address.
        for arguments in [["upgrade", server], ["import", file, "--into", server], ["publish", server, server]] {
            let refused = try jumeau(arguments)
            XCTAssertEqual(refused.status, 2, "\(arguments[0]): \(refused.stderr)")
            XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
            XCTAssertTrue(refused.stderr.contains("not a server") || refused.stderr.contains("not on a server"),
                          refused.stderr)
        }
    }

    func testALocalTwinExtractedFromTheServerIsTheFilesExtract() throws {
        let file = try copy("bordeaux-metropole")
        let server = try published("bordeaux-metropole", schema: "extracts")
        for twin in [file, server] {
            XCTAssertEqual(try jumeau("run", twin, "--save", "ZAN", "--set", "zan=50").status, 0)
        }
        let fromServer = directory + "/from-server.gpkg", fromFile = directory + "/from-file.gpkg"
        for (twin, out) in [(server, fromServer), (file, fromFile)] {
            let extract = try jumeau("extract", twin, "--codes", "33063,33281,33069", "--out", out, "--with-scenarios")
            XCTAssertEqual(extract.status, 0, extract.stderr)
        }
        let validation = try Command.validateGeoPackage(fromServer)
        XCTAssertEqual(validation.status, 0, "validate_gpkg.py: \(validation.stdout)\(validation.stderr)")
        let ogr = try Command.run("/usr/bin/ogrinfo", ["-ro", "-so", fromServer, "zones"])
        XCTAssertTrue(ogr.stdout.contains("Feature Count: 3"), ogr.stdout)
        XCTAssertTrue(ogr.stdout.contains("Lambert-93"), ogr.stdout)
        for arguments in [["run", "--format", "csv"], ["run", "--scenario", "ZAN", "--format", "csv"], ["scenarios"]] {
            let a = try Command.run(Command.binary, [arguments[0], fromServer] + arguments.dropFirst())
            let b = try Command.run(Command.binary, [arguments[0], fromFile] + arguments.dropFirst())
            XCTAssertEqual(a.status, 0, a.stderr)
            XCTAssertEqual(
                a.stdout.replacingOccurrences(of: fromServer, with: "X"),
                b.stdout.replacingOccurrences(of: fromFile, with: "X"), "\(arguments)")
        }
        // A local twin's scenario goes back into the shared one (`merge --into` the server).
        let department = directory + "/department.gpkg"
        XCTAssertEqual(try jumeau("extract", server, "--dep", "33", "--out", department).status, 0)
        XCTAssertEqual(try jumeau("run", department, "--save", "Local", "--set", "zan=40").status, 0)
        let merge = try jumeau("merge", department, "--into", server, "--scenario", "Local")
        XCTAssertEqual(merge.status, 0, merge.stderr)
        let merged = try json(jumeau("scenarios", server, "--json").stdout, array: true)
        XCTAssertTrue(
            merged.contains { $0["name"] as? String == "Local" && $0["levers_text"] as? String == "dep:33:zan=40" },
            "\(merged)")
        // An existing file is kept unless --force; nothing is left beside it.
        let again = try jumeau("extract", server, "--codes", "33063", "--out", fromServer)
        XCTAssertEqual(again.status, 1)
        XCTAssertEqual(again.stderr.split(separator: "\n").count, 1, again.stderr)
        XCTAssertEqual(
            try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".partial") }, [])
    }

    func testAReaderIsToldItMayNotSaveAndAnAgentSavesWithItsName() throws {
        let server = try running()
        _ = try published("ile-de-re", schema: "workshop", roles: true)
        try server.psql(
            "CREATE ROLE lea LOGIN PASSWORD 'lea-pw' IN ROLE workshop_reader; "
                + "CREATE ROLE marc LOGIN PASSWORD 'marc-pw' IN ROLE workshop_agent")
        let reader = server.address(schema: "workshop", user: "lea")
        let agent = server.address(schema: "workshop", user: "marc")
        let read = try jumeau("run", reader, "--format", "csv", user: ["PGPASSWORD": "lea-pw"])
        XCTAssertEqual(read.status, 0, read.stderr)
        let refused = try jumeau("run", reader, "--save", "Mine", user: ["PGPASSWORD": "lea-pw"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(
            refused.stderr.contains("you may read this twin but not save scenarios (role reader)"), refused.stderr)
        XCTAssertEqual(refused.stderr.split(separator: "\n").count, 1, refused.stderr)
        let saved = try jumeau(
            "run", agent, "--save", "Marc's", "--set", "zan=40", user: ["PGPASSWORD": "marc-pw", "USER": "marc"])
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertEqual(
            try server.psql("SELECT author || '/' || saved_by FROM workshop.jumeau_scenarios WHERE name = 'Marc''s'"),
            "marc/marc")
        // The reader sees it.
        let listed = try jumeau("scenarios", reader, user: ["PGPASSWORD": "lea-pw"])
        XCTAssertTrue(listed.stdout.contains("Marc's"), listed.stdout)
    }

    func testAgentsSavingAtOnceLoseNothing() throws {
        let server = try running()
        let address = try published("medoc-atlantique", schema: "concurrent")
        // Twelve agents each saving their own scenario, and two choosing the same name at once.
        var processes: [(Process, Pipe, String)] = []
        func start(_ arguments: [String], author: String) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Command.binary)
            process.arguments = arguments + ["--author", author]
            var environment = ProcessInfo.processInfo.environment
            for (key, value) in server.environment { environment[key] = value }
            process.environment = environment
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            processes.append((process, errors, author))
        }
        for agent in 0..<12 {
            try start(
                ["run", address, "--save", "agent \(agent)", "--set", "zan=\(agent * 5)"], author: "agent\(agent)")
        }
        for author in ["alice", "bruno"] {
            let zan = author == "alice" ? 30 : 70
            try start(["run", address, "--save", "Commun", "--set", "zan=\(zan)"], author: author)
        }
        var refusals: [String] = []
        for (process, errors, author) in processes {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus != 0 {
                XCTAssertTrue(["alice", "bruno"].contains(author), "\(author) failed: \(text)")
                refusals.append(text)
            }
        }
        XCTAssertEqual(refusals.count, 1, "one of the two agents sharing a name is told: \(refusals)")
        XCTAssertTrue(
            refusals.first.map { $0.contains("was saved by") || $0.contains("at the same moment") } ?? false,
            "\(refusals)")
        let names = try server.psql("SELECT name || '=' || author FROM concurrent.jumeau_scenarios ORDER BY name")
            .split(separator: "\n").map(String.init)
        XCTAssertEqual(names.count, 13, names.joined(separator: ", "))
        for agent in 0..<12 { XCTAssertTrue(names.contains("agent \(agent)=agent\(agent)"), "agent \(agent)") }
        // Every save kept its run, whole.
        XCTAssertEqual(
            try server.psql(
                "SELECT count(*) FROM concurrent.jumeau_scenarios s WHERE NOT EXISTS "
                    + "(SELECT 1 FROM concurrent.jumeau_runs r WHERE r.scenario_id = s.id)"), "0")
    }

    func testTextThatLooksLikeSQLStaysText() throws {
        let server = try running()
        let address = try published("ile-de-re", schema: "hostile")
        let name = "Robert'); DROP TABLE zones;-- \"x\" $1 \\"
        let save = try jumeau("run", address, "--save", name, "--set", "zan=25", "--notes", "'; DELETE FROM x; --")
        XCTAssertEqual(save.status, 0, save.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM hostile.zones"), "10")
        let listed = try json(jumeau("scenarios", address, "--json").stdout, array: true)
        XCTAssertEqual(listed.first?["name"] as? String, name)
        XCTAssertEqual(listed.first?["notes"] as? String, "'; DELETE FROM x; --")
        let compare = try jumeau("compare", address, "baseline", name, "--format", "csv")
        XCTAssertEqual(compare.status, 0, compare.stderr)
        let filter = try jumeau("run", address, "--codes", "17000' OR '1'='1")
        XCTAssertEqual(filter.status, 2, filter.stderr)
        XCTAssertEqual(filter.stderr.split(separator: "\n").count, 1, filter.stderr)
        let missing = try jumeau("run", address, "--scenario", "x' OR 'a'='a")
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("no scenario named"), missing.stderr)
        XCTAssertEqual(try server.psql("SELECT count(*) FROM hostile.zones"), "10")
    }

    /// The facilitator and the follower are two processes; the server carries the view.
    func testAFollowerOnTheServerFollowsWithinASecond() throws {
        let (_, follower) = try workshopRoom(schema: "follow")
        var lags: [Double] = []
        for step in 1...3 {
            try keys("l")
            let (screen, seconds) = try waitForLever(on: follower, zan: step * 5, seconds: 5)
            XCTAssertGreaterThan(seconds, -1, "the follower never showed ZAN \(step * 5) %:\n\(screen)")
            lags.append(seconds)
        }
        XCTAssertLessThan(lags.max() ?? 99, 1.0, "follower lags: \(lags)")
        _ = try? tmux("kill-session", "-t", follower)
    }

    func testAServerStoppedMidSessionCostsALineOrABannerNeverTheLevers() throws {
        let (address, follower) = try workshopRoom(schema: "outage")
        let server = try running()

        try server.halt()
        var resumed = false
        defer { if !resumed { try? server.resume() } }
        // The command line: one line, exit 1.
        let command = try jumeau("run", address, "--format", "csv")
        XCTAssertEqual(command.status, 1)
        XCTAssertEqual(command.stderr.split(separator: "\n").count, 1, command.stderr)
        XCTAssertTrue(command.stderr.contains("cannot reach the server"), command.stderr)

        // The explorer: a banner, and the levers moved meanwhile kept.
        try keys("l")
        try keys("l")
        try waitFor("server out of reach")
        XCTAssertGreaterThan(try waitForLever(on: session, zan: 10, seconds: 10).1, -1)
        try server.resume()
        resumed = true
        try waitFor("connection back", seconds: 20)
        XCTAssertFalse(try screen().contains("server out of reach"))
        // What the journal kept locally is on the server now, and the follower has the levers.
        XCTAssertGreaterThan(try waitForLever(on: follower, zan: 10, seconds: 15).1, -1)
        let journal = try server.psql("SELECT detail FROM outage.jumeau_journal ORDER BY id")
        XCTAssertTrue(journal.contains("zan=10"), journal)
        _ = try? tmux("kill-session", "-t", follower)
    }

    /// The store itself: a follower hears of a shared view through LISTEN/NOTIFY, not at its next poll.
    func testAFollowerStoreIsNotifiedOfEachSharedView() throws {
        let server = try running()
        let text = try published("ile-de-re", schema: "notify")
        setenv("PGPASSWORD", server.password, 1)
        defer { unsetenv("PGPASSWORD") }
        let address = try ServerAddress(text)
        let facilitator = try PostGISTwin.open(address)
        let follower = try PostGISTwin.open(address)
        // Once when listening starts (no sleep: the first view shared after that read cannot be
        // missed), then at each view shared.
        let listening = XCTestExpectation(description: "listening")
        let heard = XCTestExpectation(description: "notified of both views")
        heard.expectedFulfillmentCount = 2
        let calls = Counter()
        follower.watchLiveView {
            if calls.next() == 1 { listening.fulfill() } else { heard.fulfill() }
        }
        wait(for: [listening], timeout: 5)
        let started = Date()
        for sequence in 1...2 {
            try facilitator.publishLiveView(
                LiveView(
                    session: "s", sequence: sequence, leversJSON: "{}", scenario: nil, year: 2030,
                    variable: "population", centerX: 0, centerY: 0, metresPerPixel: 10, active: true,
                    updatedAt: Date()))
        }
        wait(for: [heard], timeout: 2)
        XCTAssertLessThan(Date().timeIntervalSince(started), 1)
        XCTAssertEqual(try follower.liveView()?.sequence, 2)
        XCTAssertEqual(follower.facilitatorPresent(), true)
        // A second explorer that may write does not take the room over while the first is there.
        let other = try PostGISTwin.open(address)
        XCTAssertThrowsError(try other.shareWithFollowers()) { error in
            XCTAssertEqual((error as? ServerError)?.message.key, "server.facilitator_present")
        }
        try other.publishLiveView(
            LiveView(
                session: "other", sequence: 9, leversJSON: "{}", scenario: nil, year: 2040, variable: "jobs",
                centerX: 0, centerY: 0, metresPerPixel: 10, active: true, updatedAt: Date()))
        XCTAssertEqual(try follower.liveView()?.session, "s")
        try other.close()
        try facilitator.close()
        // The facilitator's session gone, the follower learns it has left.
        let deadline = Date().addingTimeInterval(5)
        while follower.facilitatorPresent() != false && Date() < deadline { usleep(50_000) }
        XCTAssertEqual(follower.facilitatorPresent(), false)
        try follower.close()
    }

    /// Who may replace, rename or delete a scenario on the server: its author, through the server
    /// role that saved it; not another author, not an unsigned save, not another role.
    func testAScenarioIsItsAuthorsOnTheServer() throws {
        let server = try running()
        _ = try published("ile-de-re", schema: "owned", roles: true)
        try server.psql(
            "CREATE ROLE nadia LOGIN PASSWORD 'nadia-pw' IN ROLE owned_agent; "
                + "CREATE ROLE omar LOGIN PASSWORD 'omar-pw' IN ROLE owned_agent")
        func twin(_ user: String) throws -> PostGISTwin {
            setenv("PGPASSWORD", user + "-pw", 1)
            defer { unsetenv("PGPASSWORD") }
            return try PostGISTwin.open(ServerAddress(server.address(schema: "owned", user: user)))
        }
        let nadia = try twin("nadia"), omar = try twin("omar")
        let plan = SavedScenario(name: "Plan", leversJSON: "{}", notes: "v1", author: "nadia")
        try nadia.saveScenario(plan, run: nil)
        var takeover = plan
        takeover.notes = "v2"
        for (store, author) in [(omar, "omar"), (omar, "nadia"), (nadia, "omar"), (nadia, "")] {
            takeover.author = author
            XCTAssertThrowsError(try store.saveScenario(takeover, run: nil), author) { error in
                XCTAssertEqual((error as? StoreError)?.message.key, "store.scenario_taken")
            }
            XCTAssertThrowsError(try store.deleteScenario(named: "Plan", by: author), author)
            XCTAssertThrowsError(try store.renameScenario(from: "Plan", to: "Mine", by: author), author)
        }
        XCTAssertEqual(try omar.scenario(named: "Plan")?.notes, "v1")
        takeover.author = "nadia"
        try nadia.saveScenario(takeover, run: nil)
        XCTAssertTrue(try nadia.renameScenario(from: "Plan", to: "Plan B", by: "nadia"))
        XCTAssertTrue(try nadia.deleteScenario(named: "Plan B", by: "nadia"))
        try nadia.close()
        try omar.close()
    }

    /// A national-size twin (8,000 zones or more) is read in two halves on two connections: the
    /// same zones, in the same order, with the same values (a missing one included) as the file.
    func testALargeTwinReadInHalvesIsTheFilesTwin() throws {
        let server = try running()
        let file = directory + "/large.gpkg"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "8200", "--seed", "3", "--out", file).status, 0)
        // A value missing in both.
        let code = try Command.run(
            "/usr/bin/python3",
            ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                + "print(c.execute('SELECT code FROM zones ORDER BY code LIMIT 1 OFFSET 5000').fetchone()[0])", file]
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let address = server.address(schema: "large")
        XCTAssertEqual(
            try Command.run(Command.binary, ["publish", file, address], environment: server.environment).status, 0)
        for arguments in [["export", "--out", "-", "--format", "csv"], ["info", "--list", "com", "--json"]] {
            let onFile = try Command.run(Command.binary, [arguments[0], file] + arguments.dropFirst())
            let onServer = try jumeau([arguments[0], address] + arguments.dropFirst())
            XCTAssertEqual(onServer.status, 0, onServer.stderr)
            XCTAssertEqual(onServer.stdout, onFile.stdout, "\(arguments) differs on the server")
            XCTAssertGreaterThan(onFile.stdout.split(separator: "\n").count, 8_000)
        }
        // A value missing in both: a selection's statistics come from the zones read.
        _ = try Command.run(
            "/usr/bin/python3",
            ["-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.create_function('ST_IsEmpty',1,"
                + "lambda x:0); [c.create_function(f,1,lambda x:0) for f in ('ST_MinX','ST_MaxX','ST_MinY',"
                + "'ST_MaxY')]; c.execute('UPDATE zones SET jobs = NULL WHERE code = ?',(sys.argv[2],)); c.commit()",
             file, code])
        try server.psql("UPDATE large.zones SET jobs = NULL WHERE code = '\(code)'")
        let codes = "\(code),S00001"
        for twin in [file, address] {
            let info = try json(jumeau("info", twin, "--codes", codes, "--json").stdout)
            let jobs = (info["attributes"] as? [[String: Any]])?.first { $0["id"] as? String == "jobs" }
            XCTAssertEqual(jobs?["count"] as? Int, 1, twin)
        }
    }

    // MARK: Helpers

    /// Counts calls from any thread.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func next() -> Int { lock.withLock { count += 1; return count } }
    }

    /// A facilitator (this test's session, its levers focused) and a follower (the session
    /// returned) on Bordeaux Métropole published into `schema`.
    func workshopRoom(schema: String) throws -> (address: String, follower: String) {
        let address = try published("bordeaux-metropole", schema: schema)
        let server = try running()
        try launchOnServer("explore '\(address)'", server)
        try waitFor("ZAN cut")
        let follower = try launchFollowerOnServer(address, server)
        XCTAssertGreaterThan(try waitOn(follower, "following", seconds: 15).1, -1, "the follower never followed")
        try keys("p")
        return (address, follower)
    }

    /// Waits until a session's panel shows the ZAN lever at `zan` %: its screen and the seconds it
    /// took, or the last screen and -1.
    func waitForLever(on target: String, zan: Int, seconds: Double) throws -> (String, Double) {
        let start = Date()
        var last = ""
        while Date().timeIntervalSince(start) < seconds {
            last = try tmux("capture-pane", "-t", target, "-p")
            if last.split(separator: "\n").contains(where: { $0.contains("ZAN cut") && $0.hasSuffix(" \(zan) %") }) {
                return (last, Date().timeIntervalSince(start))
            }
            usleep(20_000)
        }
        return (last, -1)
    }

    func launchOnServer(_ arguments: String, _ server: PostgresServer) throws {
        let environment = server.environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        try tmux(
            "new-session", "-d", "-s", session, "-x", "80", "-y", "24",
            "env \(environment) " + command(arguments))
    }

    func launchFollowerOnServer(_ address: String, _ server: PostgresServer) throws -> String {
        let follower = session + "-follower"
        let environment = server.environment.map { "\($0.key)='\($0.value)'" }.sorted().joined(separator: " ")
        let command =
            "env \(environment) XDG_STATE_HOME=\(directory)/follower TERM=xterm-256color LANG=C.UTF-8 LC_ALL= "
            + "\(Command.binary) explore '\(address)' --follow; echo EXITED $?; sleep 60"
        try tmux("new-session", "-d", "-s", follower, "-x", "80", "-y", "24", command)
        return follower
    }

    func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }

    func json(_ text: String, array: Bool) throws -> [[String: Any]] {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]], text)
    }
}
