import Foundation
import XCTest

/// Replacing a twin (`import --force`) while something else has it open, after a kill,
/// and what importers left behind: the twin is never damaged (docs/reliability.md).
final class ReplacementTests: MedocTwinTestCase {
    var samples: String { Command.packageRoot.appendingPathComponent("sample-territories").path }

    func importRe(force: Bool = true) throws -> Command {
        try Command.run(
            Command.binary,
            [
                "import", "\(samples)/ile-de-re.geojson", "--into", twin, "--attributes",
                "\(samples)/ile-de-re.csv", "--key", "code", "--territory", "Île de Ré",
            ] + (force ? ["--force"] : []))
    }

    /// Another program (QGIS, a script) holding the twin in WAL mode, as the facilitator's
    /// explorer does, and writing to it after the replacement: with a rename, its
    /// write-ahead log would have gone with the new file and corrupted it.
    func testAnotherProgramHoldingTheTwinInWALModeSurvivesTheReplacement() throws {
        let ready = directory + "/ready"
        let go = directory + "/go"
        let script = """
            import os, sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], timeout=10)
            c.execute("PRAGMA journal_mode=WAL")
            c.execute("UPDATE jumeau_territory SET attribution = attribution || ' (read)'"); c.commit()
            c.execute("SELECT COUNT(*) FROM zones").fetchall()
            open(sys.argv[2], "w").close()
            while not os.path.exists(sys.argv[3]): time.sleep(0.05)
            c.execute("INSERT INTO jumeau_journal (session, at, kind, levers, detail) VALUES ('py', '2026-01-01', 'levers', '{}', '')")
            c.commit()
            print(c.execute("SELECT name FROM jumeau_territory").fetchone()[0])
            c.close()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, twin, ready, go]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline && process.isRunning {
            usleep(20_000)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ready), "the holder never got ready")

        let replaced = try importRe()
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        FileManager.default.createFile(atPath: go, contents: nil)
        let seen = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(
            seen.trimmingCharacters(in: .whitespacesAndNewlines), "Île de Ré", "the holder sees the new twin")

        XCTAssertEqual(try Command.integrity(twin), "ok")
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("\"zones\" : 10"), info.stdout)
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "After").status, 0)
    }

    func testPartialFilesOfKilledImportsAreRemovedByTheNextImport() throws {
        // An import still writing its partial file into the same destination.
        let source = directory + "/big.geojson"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "20000", "--out", source).status, 0)
        let running = Process()
        running.executableURL = URL(fileURLWithPath: Command.binary)
        running.arguments = ["import", source, "--into", twin, "--force"]
        running.standardOutput = FileHandle.nullDevice
        running.standardError = FileHandle.nullDevice
        try running.run()
        let live = directory + "/.medoc.gpkg.\(running.processIdentifier).partial"
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: live) && running.isRunning && Date() < deadline { usleep(10_000) }
        try XCTSkipUnless(running.isRunning, "the import finished before the test could look at its partial file")
        // Files nobody writes any more (their import was killed), one of another destination.
        let stale = directory + "/.medoc.gpkg.4000001.partial"
        let other = directory + "/.other.gpkg.4000001.partial"
        for path in [stale, other] { FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)) }

        let result = try importRe()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("removed \(stale), left by an import that was killed"), result.stderr)
        XCTAssertFalse(result.stderr.contains(live), "a running import's file is its own: \(result.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: other), "another destination's file is not ours to remove")
        running.waitUntilExit()
        XCTAssertEqual(running.terminationStatus, 0, "the running import completes")
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertTrue(info.stdout.contains("\"zones\" : 20000"), info.stdout + info.stderr)
    }

    /// Another program's lock over the bytes where Jumeau's processes say who they are:
    /// holders cannot be told, so the replacement goes on under SQLite's own locking,
    /// instead of searching the range byte by byte.
    func testAForeignLockOverTheHoldersRangeDoesNotStopAReplacement() throws {
        let ready = directory + "/ready"
        let script = """
            import fcntl, os, sys, time
            f = open(sys.argv[1], "rb")
            fcntl.lockf(f, fcntl.LOCK_SH, 0, 1 << 62, 0)
            open(sys.argv[2], "w").close()
            time.sleep(60)
            """
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = ["-c", script, twin, ready]
        try holder.run()
        defer { holder.terminate() }
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline { usleep(20_000) }
        let started = Date()
        let replaced = try importRe()
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(started), 20, "no search through 2³² bytes")
        XCTAssertTrue(try Command.jumeau("info", twin, "--json").stdout.contains("\"zones\" : 10"))
    }

    /// A writer killed in the middle of a transaction leaves a journal: the next command
    /// that reads, though it opens the twin read-only, sees the last committed twin.
    func testAReadAfterAnInterruptedWriteSeesTheLastCommittedTwin() throws {
        let script = """
            import os, sqlite3, sys
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("PRAGMA cache_size=10")
            c.execute("BEGIN")
            c.execute("UPDATE jumeau_territory SET name = 'half-written'")
            c.execute("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 2000) "
                      "INSERT INTO jumeau_journal (session, at, kind, levers, detail) "
                      "SELECT 'x', '2026-01-01', 'levers', '{}', hex(randomblob(2000)) FROM r")
            os._exit(0)
            """
        XCTAssertEqual(try Command.run("/usr/bin/python3", ["-c", script, twin]).status, 0)
        XCTAssertTrue(
            FileManager.default.fileExists(atPath: twin + "-journal"), "the interrupted write left its journal")
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("\"name\" : \"medoc-atlantique\""), info.stdout)
        XCTAssertFalse(FileManager.default.fileExists(atPath: twin + "-journal"))
        XCTAssertEqual(try Command.integrity(twin), "ok")
    }

    /// kill -9 at any moment of a replacement leaves the old twin or the new one, whole.
    func testKillingAReplacementAtAnyMomentLeavesAWholeTwin() throws {
        let source = directory + "/big.geojson"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "3000", "--out", source).status, 0)
        var outcomes: Set<String> = []
        for attempt in 0..<8 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Command.binary)
            process.arguments = ["import", source, "--into", twin, "--force"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(150_000 + attempt * 250_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let info = try Command.jumeau("info", twin, "--json")
            XCTAssertEqual(info.status, 0, "attempt \(attempt): \(info.stderr)")
            XCTAssertEqual(try Command.integrity(twin), "ok", "attempt \(attempt)")
            outcomes.insert(
                info.stdout.contains("\"zones\" : 3000") ? "new" : info.stdout.contains("\"zones\" : 14") ? "old" : "?")
        }
        XCTAssertFalse(outcomes.contains("?"), "\(outcomes)")
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
    }
}
