import Foundation
import XCTest

/// Replacing a twin (`import --force`) while something else has it open, after a kill,
/// and what importers left behind: the twin is never damaged (docs/reliability.md).
final class ReplacementTests: MedocTwinTestCase {
    var samples: String { Command.packageRoot.appendingPathComponent("sample-territories").path }

    func importRe(force: Bool = true) throws -> Command {
        try Command.run(Command.binary, ["import", "\(samples)/ile-de-re.geojson", "--into", twin, "--attributes",
                                         "\(samples)/ile-de-re.csv", "--key", "code", "--territory", "Île de Ré"] + (force ? ["--force"] : []))
    }

    /// Another program (QGIS, a script) holding the twin in WAL mode, as the facilitator's
    /// explorer does, and writing to it after the replacement: with a rename, its
    /// write-ahead log would have gone with the new file and corrupted it.
    func testAnotherProgramHoldingTheTwinInWALModeSurvivesTheReplacement() throws {
        let ready = directory + "/ready", go = directory + "/go"
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
        while !FileManager.default.fileExists(atPath: ready) && Date() < deadline && process.isRunning { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: ready), "the holder never got ready")

        let replaced = try importRe()
        XCTAssertEqual(replaced.status, 0, replaced.stderr)
        FileManager.default.createFile(atPath: go, contents: nil)
        let seen = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertEqual(seen.trimmingCharacters(in: .whitespacesAndNewlines), "Île de Ré", "the holder sees the new twin")

        XCTAssertEqual(try Command.integrity(twin), "ok")
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("\"zones\" : 10"), info.stdout)
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "After").status, 0)
    }

    func testPartialFilesOfKilledImportsAreRemovedByTheNextImport() throws {
        // A process that has ended: its pid names a partial file nobody writes any more.
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let stale = directory + "/.medoc.gpkg.\(ended.processIdentifier).partial"
        let live = directory + "/.medoc.gpkg.\(getpid()).partial"
        let other = directory + "/.other.gpkg.\(ended.processIdentifier).partial"
        for path in [stale, live, other] { FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)) }
        let result = try importRe()
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("removed \(stale), left by an import that was killed"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        XCTAssertTrue(FileManager.default.fileExists(atPath: live), "a living process's file is its own")
        XCTAssertTrue(FileManager.default.fileExists(atPath: other), "another destination's file is not ours to remove")
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
            outcomes.insert(info.stdout.contains("\"zones\" : 3000") ? "new" : info.stdout.contains("\"zones\" : 14") ? "old" : "?")
        }
        XCTAssertFalse(outcomes.contains("?"), "\(outcomes)")
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
    }
}
