import Foundation
import XCTest

/// What the release promises under bad values, damaged twins and failing output
/// (docs/reliability.md): one line and an exit status, never a trap, never a changed twin.
final class ValueReliabilityTests: MedocTwinTestCase {
    func testAbsurdLeverValuesAreRefusedAsTyped() throws {
        let cases: [(String, String)] = [
            ("zan=1e308", "zan = 1e308 is out of range (0–100 %)"),
            ("zan=-1e308", "zan = -1e308 is out of range"),
            ("zan=99999999999999999999999", "zan = 99999999999999999999999 is out of range"),
            ("density=1e308", "density = 1e308 is out of range (5–100 dwellings/ha)"),
            ("zan=nan", "'nan' is not a number"),
            ("zan=inf", "'inf' is not a number"),
            ("zan=0x10", "'0x10' is not a number"),
            ("zan=0x1p5", "'0x1p5' is not a number"),
            ("zan=50,2031:60,2031:70", "2031 is given twice"),
            ("zan=50,2031:1e308", "zan = 1e308 is out of range"),
            ("zan_milestone=2032", "zan_milestone = 2032 is not one of 2031 / 2034"),
        ]
        for (assignment, message) in cases {
            for command in [
                ["run", twin, "--set", assignment],
                ["export", twin, "--set", assignment, "--out", directory + "/x.csv"],
                ["render", twin, "--set", assignment],
            ] {
                let result = try Command.run(Command.binary, command)
                XCTAssertEqual(result.status, 2, "\(command): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(message), "\(assignment): \(result.stderr)")
                XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, result.stderr)
            }
        }
        // Spaces around the parts are trimmed everywhere, consistently.
        let spaced = try Command.jumeau(
            "run", twin, "--set", "zan =50", "--set", " density = 30 , 2031 : 40", "--format", "json")
        XCTAssertEqual(spaced.status, 0, spaced.stderr)
        XCTAssertTrue(spaced.stdout.contains("\"levers_text\" : \"zan=50 density=30,2031:40\""), spaced.stdout)
    }

    func testAValueBetweenStepsIsSnappedOnceAndEveryCommandReadsTheSavedScenario() throws {
        let saved = try Command.jumeau("run", twin, "--set", "zan=33", "--save", "S")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertTrue(saved.stderr.contains("zan = 33 lies between the lever's steps of 5 %: set to 35"), saved.stderr)
        let report = try Command.jumeau("report", twin, "--scenario", "S", "--out", directory + "/s.html")
        XCTAssertEqual(report.status, 0, report.stderr)
        let export = try Command.jumeau("export", twin, "--scenario", "S", "--out", directory + "/s.csv")
        XCTAssertEqual(export.status, 0, export.stderr)
        let csv = try String(contentsOfFile: directory + "/s.csv", encoding: .utf8)
        XCTAssertTrue(csv.contains(",S,JA07,"), csv)
    }

    /// Jumeau 0.1 saved values between steps and years changed twice: such scenarios are
    /// read on the steps, the last change kept, and each adjustment said.
    /// JSON has no infinity: a sum that overflows (two zones of 1e308 in a column of one's
    /// own) is written null, not a Swift encoding error.
    func testNumbersThatAreNotFiniteAreNullInJSON() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let big = directory + "/big.csv"
        try "code;custom\n33097;1e308\n33193;1e308\n".write(toFile: big, atomically: true, encoding: .utf8)
        let path = directory + "/big.gpkg"
        let imported = try Command.jumeau(
            "import", "\(samples)/medoc-atlantique.geojson", "--into", path, "--attributes",
            "\(samples)/medoc-atlantique.csv", "--attributes", big, "--key", "code",
            "--skip-unmatched-rows")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        let info = try Command.jumeau("info", path, "--json")
        XCTAssertEqual(info.status, 0, info.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any])
        let custom = try XCTUnwrap((json["attributes"] as? [[String: Any]])?.first { $0["id"] as? String == "custom" })
        XCTAssertTrue(custom["sum"] is NSNull, "\(custom)")
        XCTAssertEqual(custom["max"] as? Double, 1e308)
    }

    /// A twin whose base year is after 2031: commands keep to the years its runs reach.
    func testALateReferenceYearKeepsToItsYears() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let path = directory + "/late.gpkg"
        XCTAssertEqual(
            try Command.jumeau(
                "import", "\(samples)/ile-de-re.geojson", "--into", path, "--attributes",
                "\(samples)/ile-de-re.csv", "--key", "code", "--reference-year", "2045"
            ).status, 0)
        let compare = try Command.jumeau("compare", path, "baseline", "baseline")
        XCTAssertEqual(compare.status, 0, compare.stderr)
        XCTAssertTrue(compare.stdout.contains("2050") && !compare.stdout.contains("2031"), compare.stdout)
        let report = try Command.jumeau("report", path, "--scenario", "baseline", "--out", directory + "/late.md")
        XCTAssertEqual(report.status, 0, report.stderr)
        XCTAssertFalse(try String(contentsOfFile: directory + "/late.md", encoding: .utf8).contains("– ()"))
        XCTAssertEqual(
            try Command.jumeau(
                "import", "\(samples)/ile-de-re.geojson", "--into", directory + "/x.gpkg",
                "--reference-year", "2050"
            ).status, 2)
    }

    func testScenariosSavedByTheFirstReleaseAreStillRead() throws {
        let levers = #"{"zan":{"changes":[{"value":60,"year":2031},{"value":70,"year":2031}],"value":33}}"#
        XCTAssertEqual(
            try Command.sql(
                twin,
                """
                INSERT INTO jumeau_scenarios (name, levers, notes, author, created_at, updated_at)
                VALUES ('Old', '\(levers)', '', 'v0.1', '2026-06-01 10:00:00.000', '2026-06-01 10:00:00.000')
                """
            ).status, 0)
        let run = try Command.jumeau("run", twin, "--scenario", "Old", "--format", "json")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(
            run.stderr.contains("scenario 'Old', saved by an earlier Jumeau: zan = 33 lies between the lever's steps"),
            run.stderr)
        XCTAssertTrue(run.stderr.contains("zan changed twice in 2031: the last change is kept"), run.stderr)
        XCTAssertTrue(run.stdout.contains("\"levers_text\" : \"zan=35,2031:70\""), run.stdout)
        XCTAssertTrue(try Command.jumeau("scenarios", twin).stdout.contains("zan=35,2031:70"))
        XCTAssertEqual(
            try Command.jumeau("report", twin, "--scenario", "Old", "--out", directory + "/old.md").status, 0)
    }

    func testImportedAttributesOutsideTheirPhysicalRangeAreRefusedWithFileLineAndColumn() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let rows = try String(contentsOfFile: "\(samples)/medoc-atlantique.csv", encoding: .utf8).split(separator: "\n")
            .map(String.init)
        let header = rows[0].split(separator: ";").map(String.init)
        let column = try XCTUnwrap(header.firstIndex(of: "population"))
        for bad in ["1e308", "1e23", "-500", "0x10", "nan"] {
            var fields = rows[2].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            fields[column] = bad
            let file = directory + "/bad.csv"
            try ([rows[0], rows[1], fields.joined(separator: ";")] + rows.dropFirst(3)).joined(separator: "\n")
                .write(toFile: file, atomically: true, encoding: .utf8)
            let result = try Command.jumeau(
                "import", "\(samples)/medoc-atlantique.geojson", "--into", directory + "/bad.gpkg",
                "--attributes", file, "--key", "code", "--columns", "population=population,coastline_km=coastline_km")
            XCTAssertEqual(result.status, 1, "\(bad): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("bad.csv: line 3: population \"\(bad)\""), result.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/bad.gpkg"))
        }
        // The same from a GeoJSON property: the feature is named.
        let geojson = directory + "/bad.geojson"
        try
            #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"A","population":-5},"geometry":{"type":"Polygon","coordinates":[[[0,45],[0.1,45],[0.1,45.1],[0,45]]]}}]}"#
            .write(toFile: geojson, atomically: true, encoding: .utf8)
        let property = try Command.jumeau("import", geojson, "--into", directory + "/bad.gpkg")
        XCTAssertEqual(property.status, 1)
        XCTAssertTrue(
            property.stderr.contains("bad.geojson: feature 0: property population = -5.0 is not a possible value"),
            property.stderr)
    }

    func testATwinEditedToAnAbsurdValueIsRefusedNotTrapped() throws {
        for value in ["1e308", "-500", "1e23"] {
            try Command.sql(twin, "UPDATE zones SET population = \(value) WHERE code = (SELECT MIN(code) FROM zones)")
            let info = try Command.jumeau("info", twin)
            XCTAssertEqual(info.status, 0, "info describes what is there: \(info.stderr)")
            let run = try Command.jumeau("run", twin)
            XCTAssertEqual(run.status, 1, run.stderr)
            XCTAssertTrue(run.stderr.contains("population"), run.stderr)
            XCTAssertEqual(run.stderr.filter { $0 == "\n" }.count, 1, run.stderr)
        }
    }
}

final class DamagedTwinTests: MedocTwinTestCase {
    /// Every command that opens a twin, as a user would type it.
    var commands: [[String]] {
        [
            ["info", twin], ["info", twin, "--json"], ["run", twin], ["scenarios", twin],
            ["compare", twin, "baseline", "baseline"],
            ["export", twin, "--out", directory + "/x.csv"],
            ["report", twin, "--scenario", "baseline", "--out", directory + "/r.html"],
            ["render", twin], ["run", twin, "--set", "zan=50", "--save", "S"],
        ]
    }

    func assertOneLineFailure(_ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        for command in commands {
            let result = try Command.run(Command.binary, command)
            XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)", file: file, line: line)
            XCTAssertTrue(result.stderr.contains(expected), "\(command): \(result.stderr)", file: file, line: line)
            XCTAssertEqual(
                result.stderr.filter { $0 == "\n" }.count, 1, "\(command): \(result.stderr)", file: file, line: line)
        }
    }

    func testADroppedColumnIsNamedByEveryCommand() throws {
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "Loi ZAN").status, 0)
        let pristine = try Data(contentsOf: URL(fileURLWithPath: twin))
        for (table, column) in [
            ("jumeau_attributes", "unit"), ("jumeau_territory", "name"), ("jumeau_scenarios", "levers"),
        ] {
            try pristine.write(to: URL(fileURLWithPath: twin))
            let dropped = try Command.sql(twin, "ALTER TABLE \(table) DROP COLUMN \(column)")
            XCTAssertEqual(dropped.status, 0, dropped.stderr)
            let damaged = try Data(contentsOf: URL(fileURLWithPath: twin))
            try assertOneLineFailure(
                "medoc.gpkg is damaged: \(table) has no column \(column); restore it from a copy or re-import it")
            XCTAssertEqual(
                try Data(contentsOf: URL(fileURLWithPath: twin)), damaged, "a damaged twin is left as it was")
        }
    }

    func testTextInANumberColumnIsNamedWithItsZone() throws {
        try Command.sql(twin, "UPDATE zones SET population = 'lots' WHERE code = (SELECT MIN(code) FROM zones)")
        let code = try Command.sql(twin, "SELECT MIN(code) FROM zones").stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
        try assertOneLineFailure("zones.population holds text 'lots' (zone \(code))")
    }

    func testWrongValuesInJumeausOwnTablesAreNamed() throws {
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "Loi ZAN").status, 0)
        let pristine = try Data(contentsOf: URL(fileURLWithPath: twin))
        let damages: [(String, String, [String])] = [
            (
                "UPDATE jumeau_territory SET reference_year = 'soon'",
                "jumeau_territory.reference_year holds text 'soon'", ["info", twin]
            ),
            (
                "UPDATE jumeau_attributes SET year = 'last year' WHERE attribute = 'jobs'",
                "jumeau_attributes.year holds text 'last year'",
                ["info", twin]
            ),
            (
                "UPDATE jumeau_scenarios SET created_at = x'00ff'",
                "jumeau_scenarios.created_at holds a blob of 2 bytes", ["scenarios", twin]
            ),
            ("UPDATE zones SET geom = 'not a shape' WHERE fid = 1", "the geometry of zone", ["run", twin]),
            // A GeoPackage header with WKB cut after five bytes.
            (
                "UPDATE zones SET geom = x'47500003' || x'6A080000' || zeroblob(32) || x'0106000000' WHERE fid = 1",
                "the geometry of zone", ["info", twin]
            ),
            (
                "UPDATE zones SET geom = x'47500003' || x'6A080000' || zeroblob(32) || x'0106000000' WHERE fid = 1",
                "the geometry of zone", ["render", twin]
            ),
            (
                "UPDATE jumeau_runs SET last_year = 99999", "jumeau_runs.last_year",
                ["run", twin, "--scenario", "Loi ZAN"]
            ),
        ]
        for (sql, expected, command) in damages {
            try pristine.write(to: URL(fileURLWithPath: twin))
            XCTAssertEqual(try Command.sql(twin, sql).status, 0, sql)
            let result = try Command.run(Command.binary, command)
            XCTAssertEqual(result.status, 1, "\(sql): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(sql): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is damaged"), "\(sql): \(result.stderr)")
        }
    }

    func testAHistoryThatLacksAnAppliedMigrationIsNotAppliedTwice() throws {
        try Command.sql(twin, "DELETE FROM jumeau_schema_migrations WHERE identifier = 'v5-live-view'")
        XCTAssertEqual(try Command.jumeau("info", twin).status, 0, "reading takes it as a v4 twin")
        let upgrade = try Command.jumeau("upgrade", twin)
        XCTAssertEqual(upgrade.status, 1, upgrade.stderr)
        XCTAssertTrue(
            upgrade.stderr.contains(
                "is damaged: its schema history lacks v5-live-view though its table jumeau_live_view is there"),
            upgrade.stderr)
    }

    func testDamagedSavedRunsAreRecomputedNotTrusted() throws {
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "X").status, 0)
        let expected = try Command.jumeau("run", twin, "--set", "zan=50", "--format", "csv").stdout
        for sql in [
            "UPDATE jumeau_runs SET last_year = 2030", "UPDATE jumeau_runs SET first_year = 2100, last_year = 2150",
            "DELETE FROM jumeau_run_results WHERE year > 2040",
            "DELETE FROM jumeau_run_results WHERE indicator = 'population' AND year = 2031",
            "UPDATE jumeau_run_results SET value = 9e999 WHERE indicator = 'dwellings'",
        ] {
            XCTAssertEqual(try Command.sql(twin, sql).status, 0, sql)
            let compare = try Command.jumeau("compare", twin, "baseline", "X")
            XCTAssertEqual(compare.status, 0, "\(sql): \(compare.stderr)")
            let run = try Command.jumeau("run", twin, "--scenario", "X", "--format", "csv")
            XCTAssertEqual(run.status, 0, "\(sql): \(run.stderr)")
            XCTAssertEqual(run.stdout, expected, sql)
        }
        XCTAssertEqual(
            try Command.sql(twin, "UPDATE jumeau_territory SET reference_year = 9223372036854775807").status, 0)
        let run = try Command.jumeau("run", twin)
        XCTAssertEqual(run.status, 1, run.stderr)
        XCTAssertTrue(
            run.stderr.contains("jumeau_territory.reference_year holds integer 9223372036854775807"), run.stderr)
    }

    func testAFileThatIsNotATwinAtAllGivesOneLine() throws {
        for (name, bytes) in [
            ("empty.gpkg", Data()), ("text.gpkg", Data("hello".utf8)),
            ("cut.gpkg", try Data(contentsOf: URL(fileURLWithPath: twin)).prefix(5000)),
        ] {
            let path = directory + "/" + name
            try bytes.write(to: URL(fileURLWithPath: path))
            for command in [["info", path], ["run", path], ["render", path]] {
                let result = try Command.run(Command.binary, command)
                XCTAssertEqual(result.status, 1, "\(command): \(result.stderr)")
                XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "\(command): \(result.stderr)")
                XCTAssertTrue(result.stderr.contains(name), result.stderr)
            }
        }
    }
}

final class ReadOnlyCommandTests: MedocTwinTestCase {
    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// The commands that only read, on a twin given by path.
    func readers(_ path: String) -> [[String]] {
        [
            ["info", path], ["info", path, "--json"], ["run", path],
            ["run", path, "--set", "zan=50", "--format", "csv"],
            ["scenarios", path], ["compare", path, "baseline", "Loi ZAN"], ["levers", path],
            ["export", path, "--scenario", "Loi ZAN", "--out", directory + "/x.geojson"],
            ["report", path, "--scenario", "Loi ZAN", "--out", directory + "/r.md"],
            ["render", path, "--indicator", "naf_consumption_ha"],
        ]
    }

    func testReadingCommandsLeaveTheTwinByteForByte() throws {
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "Loi ZAN").status, 0)
        let before = try bytes(twin)
        for command in readers(twin) {
            let result = try Command.run(Command.binary, command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
            XCTAssertEqual(try bytes(twin), before, "\(command) changed the twin")
        }
    }

    func testATwinCopiedByOgr2ogrOpensWithEveryCommand() throws {
        XCTAssertEqual(try Command.jumeau("run", twin, "--set", "zan=50", "--save", "Loi ZAN").status, 0)
        let copy = directory + "/copy.gpkg"
        let converted = try Command.run("/usr/bin/ogr2ogr", ["-f", "GPKG", copy, twin])
        XCTAssertEqual(converted.status, 0, converted.stderr)
        let before = try bytes(copy)
        for command in readers(copy) {
            let result = try Command.run(Command.binary, command)
            XCTAssertEqual(result.status, 0, "\(command): \(result.stderr)")
        }
        XCTAssertEqual(try bytes(copy), before)
        // Writing works on the copy too, and GDAL still validates it.
        let saved = try Command.jumeau("run", copy, "--set", "zan=60", "--save", "Plus")
        XCTAssertEqual(saved.status, 0, saved.stderr)
        XCTAssertEqual(try Command.jumeau("scenarios", copy).stdout.contains("Plus"), true)
        XCTAssertEqual(try Command.validateGeoPackage(copy).status, 0)
    }

    func testATwinFromAnOlderReleaseIsReadAsItIsAndUpgradedOnlyByACommandThatWrites() throws {
        // A twin as release v4 wrote it: no live view and no levels yet.
        try Command.sql(twin, "DROP TABLE jumeau_live_view")
        try Command.sql(twin, "DELETE FROM gpkg_contents WHERE table_name = 'jumeau_live_view'")
        try Command.sql(twin, "DELETE FROM jumeau_schema_migrations WHERE identifier = 'v5-live-view'")
        try Command.sql(twin, "DROP TABLE jumeau_levels")
        try Command.sql(twin, "DELETE FROM gpkg_contents WHERE table_name = 'jumeau_levels'")
        try Command.sql(twin, "DELETE FROM jumeau_schema_migrations WHERE identifier = 'v6-levels'")
        for column in ["dep", "reg", "epci", "missing"] {
            try Command.sql(twin, "ALTER TABLE zones DROP COLUMN \(column)")
        }
        let before = try bytes(twin)
        let info = try Command.jumeau("info", twin, "--json")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("\"schema_version\" : \"v4-session-journal\""), info.stdout)
        XCTAssertEqual(try Command.jumeau("run", twin).status, 0)
        XCTAssertEqual(try bytes(twin), before)

        // Two writers upgrading at once: each migration is applied once.
        let both = try Command.run(
            "/bin/bash", ["-c", "\"$0\" upgrade \"$1\" 2>&1 & \"$0\" upgrade \"$1\" 2>&1; wait", Command.binary, twin])
        XCTAssertEqual(both.status, 0, both.stdout)
        XCTAssertEqual(
            both.stdout.components(
                separatedBy: "upgraded \(twin) to the current schema (v5-live-view, v6-levels)"
            ).count - 1, 1,
            both.stdout)
        XCTAssertEqual(both.stdout.components(separatedBy: "already has the current schema").count - 1, 1, both.stdout)
        XCTAssertEqual(
            try Command.sql(twin, "SELECT COUNT(*) FROM jumeau_schema_migrations WHERE identifier = 'v5-live-view'")
                .stdout, "1\n")
        XCTAssertEqual(
            try Command.sql(twin, "SELECT COUNT(*) FROM jumeau_schema_migrations WHERE identifier = 'v6-levels'")
                .stdout, "1\n")
        XCTAssertTrue(
            try Command.jumeau("info", twin, "--json").stdout.contains("\"schema_version\" : \"v6-levels\""))
        // The levels an upgrade adds are those a twin of one territory has: its département.
        XCTAssertEqual(try Command.jumeau("run", twin).status, 0)
        XCTAssertEqual(try Command.validateGeoPackage(twin).status, 0)
        let again = try Command.jumeau("upgrade", twin)
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.stderr.contains("already"), again.stderr)
    }
}

final class OutputReliabilityTests: MedocTwinTestCase {
    /// Runs through the shell, for redirections a Process cannot express.
    func shell(_ script: String) throws -> Command {
        try Command.run("/bin/bash", ["-c", script], environment: ["JUMEAU": Command.binary, "TWIN": twin])
    }

    func testOutputThatCannotBeWrittenIsAnErrorNotASilentSuccess() throws {
        for command in [
            "\"$JUMEAU\" run \"$TWIN\"", "\"$JUMEAU\" info \"$TWIN\" --json",
            "\"$JUMEAU\" export \"$TWIN\" --format csv --out -",
            "\"$JUMEAU\" render \"$TWIN\"", "\"$JUMEAU\" levers \"$TWIN\"",
        ] {
            let full = try shell("\(command) > /dev/full")
            XCTAssertEqual(full.status, 1, "\(command): \(full.stderr)")
            XCTAssertTrue(full.stderr.contains("cannot write the output: No space left on device"), full.stderr)
            let closed = try shell("\(command) >&-")
            XCTAssertEqual(closed.status, 1, "\(command): \(closed.stderr)")
            XCTAssertTrue(closed.stderr.contains("cannot write the output: Bad file descriptor"), closed.stderr)
            XCTAssertFalse(closed.stderr.contains("Fatal error"), closed.stderr)
        }
    }

    func testABrokenPipeEndsQuietly() throws {
        // Several megabytes: far more than a pipe holds, so the writes meet the closed pipe.
        let big = directory + "/big.gpkg"
        XCTAssertEqual(try Command.jumeau("generate", "--zones", "3000", "--out", big).status, 0)
        for ignore in ["", "trap '' PIPE; "] {
            let result = try shell(
                "\(ignore)\"$JUMEAU\" export \"\(big)\" --format geojson --out - | head -c 10; echo \" status ${PIPESTATUS[0]}\""
            )
            XCTAssertEqual(result.stderr, "", ignore)
            XCTAssertTrue(result.stdout.hasPrefix("{\"type\":\"F"), result.stdout)
            XCTAssertTrue(
                result.stdout.hasSuffix(" status 141\n"), "ended by SIGPIPE, as any Unix tool: \(result.stdout)")
        }
    }

    /// `--out` naming the twin (or another name of it, or its journal) is refused; a pipe,
    /// a device or a symbolic link is written to, not replaced by a plain file.
    func testOutputFilesNeverReplaceTheTwinOrSpecialFiles() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: twin))
        XCTAssertEqual(link(twin, directory + "/other-name.gpkg"), 0)
        for out in [twin, directory + "/other-name.gpkg", twin + "-wal", twin + "-journal"] {
            let result = try Command.jumeau("export", twin, "--format", "csv", "--out", out)
            XCTAssertEqual(result.status, 2, "\(out): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains("is the twin being read"), result.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: twin)), before)
        XCTAssertFalse(FileManager.default.fileExists(atPath: twin + "-wal"))

        let fifo = directory + "/fifo.csv"
        XCTAssertEqual(mkfifo(fifo, 0o644), 0)
        let copy = directory + "/from-fifo.csv"
        let read = try shell("cat \(fifo) > \(copy) & \"$JUMEAU\" export \"$TWIN\" --format csv --out \(fifo); wait")
        XCTAssertEqual(read.status, 0, read.stderr)
        var status = stat()
        XCTAssertEqual(lstat(fifo, &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFIFO, "still a pipe")
        XCTAssertTrue(try String(contentsOfFile: directory + "/from-fifo.csv", encoding: .utf8).hasPrefix("code,name,"))

        try "old".write(toFile: directory + "/target.csv", atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("target.csv", directory + "/link.csv"), 0)
        XCTAssertEqual(
            try Command.jumeau("export", twin, "--format", "csv", "--out", directory + "/link.csv").status, 0)
        XCTAssertEqual(lstat(directory + "/link.csv", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFLNK, "still a link")
        XCTAssertTrue(try String(contentsOfFile: directory + "/target.csv", encoding: .utf8).hasPrefix("code,name,"))

        let full = try Command.jumeau("export", twin, "--format", "csv", "--out", "/dev/full")
        XCTAssertEqual(full.status, 1)
        XCTAssertTrue(full.stderr.contains("cannot write /dev/full: No space left on device"), full.stderr)
        XCTAssertEqual(lstat("/dev/full", &status), 0)
        XCTAssertEqual(status.st_mode & S_IFMT, S_IFCHR, "a device stays a device")
    }

    func testACommandThatWritesNoOutputDoesNotCareThatStandardOutputIsClosed() throws {
        for command in [
            "\"$JUMEAU\" export \"$TWIN\" --out \"$TWIN.csv\"", "\"$JUMEAU\" upgrade \"$TWIN\"",
            "\"$JUMEAU\" report \"$TWIN\" --scenario baseline --out \"$TWIN.html\"",
        ] {
            let closed = try shell("\(command) >&-")
            XCTAssertEqual(closed.status, 0, "\(command): \(closed.stderr)")
        }
    }

    func testClosedStandardErrorIsNotACrash() throws {
        let result = try shell("\"$JUMEAU\" run \"$TWIN\" --set zan=nope 2>&-; echo \"status $?\"")
        XCTAssertTrue(result.stdout.contains("status 2"), result.stdout)
    }
}

final class ImporterStrictnessTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-strict-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One square feature per (properties, lon, lat), as raw bytes (so tests can break them).
    func collection(_ features: [(properties: String, lon: Double, lat: Double)]) -> Data {
        let items = features.map { f in
            let (x, y, d) = (f.lon, f.lat, 0.05)
            return
                #"{"type":"Feature","properties":{\#(f.properties)},"geometry":{"type":"Polygon","coordinates":[[[\#(x),\#(y)],[\#(x + d),\#(y)],[\#(x + d),\#(y + d)],[\#(x),\#(y + d)],[\#(x),\#(y)]]]}}"#
        }
        return Data(#"{"type":"FeatureCollection","features":[\#(items.joined(separator: ","))]}"#.utf8)
    }

    func importing(_ data: Data) throws -> Command {
        let file = directory + "/in.geojson"
        try data.write(to: URL(fileURLWithPath: file))
        try? FileManager.default.removeItem(atPath: directory + "/t.gpkg")
        return try Command.jumeau("import", file, "--into", directory + "/t.gpkg")
    }

    func testANulInACodeIsRefused() throws {
        let result = try importing(collection([(#""code":"17\u0000001","population":10"#, 0, 45)]))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(#"feature 0: the code in code ("17\u{0}001") holds a control character"#),
            result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/t.gpkg"))
    }

    func testInvalidUTF8InANameIsReplacedAndReported() throws {
        var data = collection([
            (#""code":"A","nom":"Saint-XX","population":10"#, 0, 45),
            (#""code":"B","nom":"Bon","population":5"#, 0.1, 45),
        ])
        let marker = Data("XX".utf8)
        let range = try XCTUnwrap(data.range(of: marker))
        data.replaceSubrange(range, with: [0xC3, 0x28])  // a lead byte with no continuation
        let result = try importing(data)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(
            result.stderr.contains(
                "in.geojson: feature 0: nom is not valid UTF-8; its bad bytes were replaced: \"Saint-\u{FFFD}(\""),
            result.stderr)
        let names = try Command.sql(directory + "/t.gpkg", "SELECT name FROM zones ORDER BY code").stdout
        XCTAssertEqual(names, "Saint-\u{FFFD}(\nBon\n")
        // A code is matched byte for byte: bad bytes there are refused.
        var badCode = collection([(#""code":"XX","population":10"#, 0, 45)])
        badCode.replaceSubrange(try XCTUnwrap(badCode.range(of: marker)), with: [0xFF])
        let refused = try importing(badCode)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("holds a control character or bytes that are not UTF-8"), refused.stderr)
    }

    func testNumbersThatAreNotJSONAreRefused() throws {
        let property = collection([(#""code":"A","population":00012"#, 0, 45)])
        let coordinate = Data(
            String(decoding: collection([(#""code":"A","population":12"#, 0.5, 45)]), as: UTF8.self)
                .replacingOccurrences(of: "[0.5,45.0]", with: "[00.5,45.0]").utf8)
        for data in [property, coordinate] {
            let result = try importing(data)
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("a number with a leading zero (like 0012) is not JSON"), result.stderr)
        }
    }

    /// Found by a review: 10,000 nested arrays in a property overflowed the stack (signal 11).
    /// A cell that is not a number in a column the simulation reads is an error with its
    /// line, not a reason to drop the column and estimate it; so is text in such a property.
    func testNumbersThatAreNotNumbersAreNamedNotEstimated() throws {
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let csv = try String(contentsOfFile: "\(samples)/ile-de-re.csv", encoding: .utf8)
        let file = directory + "/er.csv"
        let row = "17019;1314;1307;1314;14.37;0.3"
        try csv.replacingOccurrences(of: row, with: row + "x").write(toFile: file, atomically: true, encoding: .utf8)
        let result = try Command.jumeau(
            "import", "\(samples)/ile-de-re.geojson", "--attributes", file, "--key", "code",
            "--into", directory + "/t.gpkg")
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(
            result.stderr.contains("er.csv: line 2: erosion_m_per_yr \"0.3x\" is not a number"), result.stderr)
        try "code;population;POPULATION\n17019;1;2\n".write(toFile: file, atomically: true, encoding: .utf8)
        let twice = try Command.jumeau(
            "import", "\(samples)/ile-de-re.geojson", "--attributes", file, "--key", "code",
            "--skip-unmatched-rows", "--into", directory + "/t.gpkg")
        XCTAssertEqual(twice.status, 1, twice.stderr)
        XCTAssertTrue(twice.stderr.contains("column POPULATION gives attribute population a second time"), twice.stderr)
        let text = try importing(collection([(#""code":"A","population":10,"coastline_km":"5,2""#, 0, 45)]))
        XCTAssertEqual(text.status, 1, text.stderr)
        XCTAssertTrue(text.stderr.contains("property coastline_km is the text \"5,2\", not a number"), text.stderr)
    }

    func testDeepNestingIsRefusedNotACrash() throws {
        let regressions = Command.packageRoot.appendingPathComponent("Fuzz/regressions/geojson").path
        for name in ["deep-nesting", "deep-coordinates"] {
            let result = try Command.jumeau("import", regressions + "/" + name, "--into", directory + "/t.gpkg")
            XCTAssertEqual(result.status, 1, result.stderr)
            XCTAssertTrue(result.stderr.contains("arrays and objects nested more than 512 deep"), result.stderr)
        }
    }

    func testSwappedLatitudeAndLongitudeAreNamed() throws {
        // La Rochelle is at 46.16 N, 1.15 W: written latitude first, it would lie in the Indian Ocean.
        let result = try importing(collection([(#""code":"17300","population":77000"#, 46.16, -1.15)]))
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("feature 0: coordinates look like latitude, longitude"), result.stderr)
        XCTAssertTrue(result.stderr.contains("GeoJSON is longitude, latitude"), result.stderr)
        let elsewhere = try importing(collection([(#""code":"X","population":1"#, 139.7, 35.7)]))
        XCTAssertEqual(elsewhere.status, 1, elsewhere.stderr)
        XCTAssertTrue(elsewhere.stderr.contains("lies outside France and its overseas départements"), elsewhere.stderr)
        // Overseas départements are France: a commune of La Réunion imports.
        let reunion = try importing(collection([(#""code":"97411","population":150000"#, 55.45, -20.9)]))
        XCTAssertEqual(reunion.status, 0, reunion.stderr)
    }

    /// Geometries crafted to make a repair cost quadratic time and memory (GEOS's default
    /// method): repaired or refused at a cost bounded by their size (docs/performance.md
    /// measures it).
    func testCraftedGeometriesAreRepairedOrRefusedQuickly() throws {
        let generator = Command.packageRoot.appendingPathComponent("Tests/Benchmarks/pathological.py").path
        func crafted(_ kind: String, _ count: Int) throws -> Command {
            let file = directory + "/\(kind).geojson"
            XCTAssertEqual(try Command.run("/usr/bin/python3", [generator, kind, String(count), file]).status, 0)
            try? FileManager.default.removeItem(atPath: directory + "/t.gpkg")
            return try Command.jumeau("import", file, "--into", directory + "/t.gpkg")
        }
        let holes = try crafted("holes", 400)
        XCTAssertEqual(holes.status, 1, holes.stderr)
        XCTAssertTrue(
            holes.stderr.contains("holes.geojson: feature 0: invalid geometry that cannot be repaired"), holes.stderr)
        let star = try crafted("star", 501)
        XCTAssertEqual(star.status, 1, star.stderr)
        XCTAssertTrue(
            star.stderr.contains("star.geojson: feature 0: repairing this geometry takes more than"), star.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/t.gpkg"))
        // Identical polygons are one polygon.
        let multi = try crafted("multi", 400)
        XCTAssertEqual(multi.status, 0, multi.stderr)
        XCTAssertTrue(multi.stdout.contains("1 zones, 483.9 ha"), multi.stdout)
    }
}
