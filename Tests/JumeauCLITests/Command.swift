import Foundation
import XCTest

/// Runs the real `jumeau` binary, as a user or a script would.
struct Command {
    var status: Int32
    var stdout: String
    var stderr: String

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The binary under test: $JUMEAU_BIN, or the debug build of this package.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["JUMEAU_BIN"], !path.isEmpty { return path }
        return packageRoot.appendingPathComponent(".build/debug/jumeau").path
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil,
                    environment: [String: String] = [:]) throws -> Command {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        // English unless a test asks for another language, whatever the machine's locale.
        for name in ["LC_ALL", "LC_MESSAGES"] { env[name] = nil }
        env["LANG"] = "C.UTF-8"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Command(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
    }

    static func jumeau(_ arguments: String..., directory: String? = nil, environment: [String: String] = [:]) throws -> Command {
        try run(binary, arguments, directory: directory, environment: environment)
    }

    /// GDAL's GeoPackage validator, from Debian's python3-gdal (installed by `make test`).
    static func validateGeoPackage(_ path: String) throws -> Command {
        let candidates = ["/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
                          "/usr/share/doc/python3-gdal/examples/validate_gpkg.py"]
        guard let script = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            XCTFail("validate_gpkg.py not found: install python3-gdal (make test does)")
            return Command(status: -1, stdout: "", stderr: "")
        }
        return try run("/usr/bin/python3", [script, path])
    }

    static func ogrinfo(_ arguments: [String]) throws -> Command {
        guard FileManager.default.fileExists(atPath: "/usr/bin/ogrinfo") else {
            XCTFail("ogrinfo not found: install gdal-bin (make test does)")
            return Command(status: -1, stdout: "", stderr: "")
        }
        return try run("/usr/bin/ogrinfo", arguments)
    }
}

/// Tests on a twin of the Médoc sample imported into a fresh folder.
class MedocTwinTestCase: XCTestCase {
    var directory: String!
    var twin: String { directory + "/medoc.gpkg" }

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "jumeau-\(type(of: self))-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let samples = Command.packageRoot.appendingPathComponent("sample-territories").path
        let result = try Command.jumeau("import", "\(samples)/medoc-atlantique.geojson", "--into", twin,
                                        "--attributes", "\(samples)/medoc-atlantique.csv", "--key", "code")
        XCTAssertEqual(result.status, 0, result.stderr)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }
}

extension Command {
    /// Runs SQL on a twin the way another tool would (Python's sqlite3), the GeoPackage
    /// R-tree functions stubbed so that the triggers on `zones` still compile.
    @discardableResult
    static func sql(_ path: String, _ statements: String) throws -> Command {
        let script = """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for f in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"):
                c.create_function(f, 1, lambda x: 0)
            for row in c.execute(sys.argv[2]).fetchall():
                print("|".join("" if v is None else str(v) for v in row))
            c.commit()
            """
        return try run("/usr/bin/python3", ["-c", script, path, statements])
    }

    /// SQLite's own verdict on a file ("ok" when sound).
    static func integrity(_ path: String) throws -> String {
        try sql(path, "PRAGMA integrity_check").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
