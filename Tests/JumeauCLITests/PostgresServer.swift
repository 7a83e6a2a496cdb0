import Foundation
import XCTest

/// A throwaway PostgreSQL cluster with PostGIS for the tests: `initdb` in a temporary folder,
/// `pg_ctl` on a loopback port and a socket there, stopped and removed at the end. `make test`
/// installs the server (Debian's postgresql and postgresql-15-postgis-3); when it is missing the
/// tests fail saying so, never pass silently.
final class PostgresServer: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let directory: String
    let bin: String
    private(set) var port = 0
    /// The superuser's password: TCP connections need one (scram-sha-256), as a real server would.
    let password = "jumeau-test-\(UUID().uuidString.prefix(8))"
    let database = "twins"
    private let asRoot = getuid() == 0

    init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.compactMap(Int.init).max(),
            FileManager.default.fileExists(atPath: "/usr/lib/postgresql/\(version)/bin/initdb")
        else {
            throw Failure(description: "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "make test installs it (Debian's postgresql and postgresql-15-postgis-3)")
        }
        guard FileManager.default.fileExists(atPath: "/usr/share/postgresql/\(version)/extension/postgis.control")
        else {
            throw Failure(description: "PostGIS is not installed for PostgreSQL \(version): "
                + "make test installs it (postgresql-\(version)-postgis-3)")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        directory = "/tmp/jumeau-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        do {
            try start()
        } catch {
            stop()
            throw error
        }
    }

    private func start() throws {
        try password.write(toFile: directory + "/pw", atomically: true, encoding: .utf8)
        // A self-signed certificate: the server offers TLS, as a real one should.
        try shell(
            "openssl req -new -x509 -days 2 -nodes -subj /CN=localhost -keyout '\(directory)/server.key' "
                + "-out '\(directory)/server.crt' && chmod 600 '\(directory)/server.key'")
        // initdb refuses to run as root: the cluster belongs to the postgres account then.
        if asRoot { try shell("chown -R postgres '\(directory)'") }
        try shell(
            asServer("\(bin)/initdb -D '\(directory)/data' -U postgres --auth-local=trust "
                + "--auth-host=scram-sha-256 --pwfile='\(directory)/pw' -E UTF8 --locale=C"))
        var started: Int?
        for _ in 0..<5 {
            let candidate = Int.random(in: 20_000...45_000)
            let options = options(candidate)
            if (try? shell(
                asServer("\(bin)/pg_ctl -D '\(directory)/data' -l '\(directory)/log' -o '\(options)' -w -t 60 start")))
                != nil
            {
                started = candidate
                break
            }
        }
        guard let started else {
            let log = (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? ""
            throw Failure(description: "the test PostgreSQL server did not start: \(log.suffix(400))")
        }
        port = started
        try psql("CREATE DATABASE \(database)", database: "postgres")
    }

    private func options(_ port: Int) -> String {
        "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c ssl=on "
            + "-c ssl_cert_file=\(directory)/server.crt -c ssl_key_file=\(directory)/server.key "
            + "-c log_connections=on"
    }

    /// Stops the server as an administrator would (every session ended), keeping its data.
    func halt() throws {
        try shell(asServer("\(bin)/pg_ctl -D '\(directory)/data' -m fast -w stop"))
    }

    /// Starts the halted server again, on the same port.
    func resume() throws {
        try shell(
            asServer("\(bin)/pg_ctl -D '\(directory)/data' -l '\(directory)/log' -o '\(options(port))' -w -t 60 start"))
    }

    /// The server's log so far (connections are logged, with their TLS state).
    var log: String { (try? String(contentsOfFile: directory + "/log", encoding: .utf8)) ?? "" }

    func stop() {
        _ = try? shell(asServer("\(bin)/pg_ctl -D '\(directory)/data' -m immediate -w stop"))
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// What a client needs in its environment to connect as the superuser over TCP.
    var environment: [String: String] { ["PGPASSWORD": password, "PGPASSFILE": directory + "/none"] }

    /// The address of a schema for `jumeau`.
    func address(schema: String, user: String = "postgres") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)?schema=\(schema)&sslmode=disable"
    }

    /// GDAL's connection string.
    var gdal: String { "PG:host=127.0.0.1 port=\(port) dbname=\(database) user=postgres" }

    /// Runs SQL with psql over TCP and returns its unaligned output; throws with psql's error.
    @discardableResult
    func psql(_ sql: String, user: String = "postgres", password: String? = nil, database: String? = nil) throws
        -> String
    {
        let command = Command.self
        let result = try command.run(
            bin + "/psql",
            ["-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", database ?? self.database, "-X", "-A", "-t",
             "-v", "ON_ERROR_STOP=1", "-c", sql],
            environment: ["PGPASSWORD": password ?? self.password])
        guard result.status == 0 else { throw Failure(description: result.stderr) }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func asServer(_ command: String) -> String {
        asRoot ? "runuser -u postgres -- sh -c \(quote(command))" : command
    }

    private func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A shell command through system(): pg_ctl leaves a server running, which Foundation's
    /// Process would wait for.
    @discardableResult
    private func shell(_ command: String) throws -> String {
        let output = directory + "/shell-\(UUID().uuidString).out"
        let status = system("\(command) > '\(output)' 2>&1 < /dev/null")
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: output)
        guard status == 0 else { throw Failure(description: "\(command): \(text.suffix(400))") }
        return text
    }
}

/// What a test class on a server holds: its server (started once for the class) and the samples
/// built for it; a server that did not start is a loud failure in each test, never a pass.
final class ServerFixture: @unchecked Sendable {
    let server: PostgresServer?
    let startFailure: String?
    let samples: String

    init(_ name: String) {
        do {
            server = try PostgresServer()
            startFailure = nil
        } catch {
            server = nil
            startFailure = String(describing: error)
        }
        samples = NSTemporaryDirectory() + "jumeau-\(name)-\(getpid())"
        _ = try? Command.jumeau("samples", "--build-into", samples)
    }

    func stop() {
        server?.stop()
        try? FileManager.default.removeItem(atPath: samples)
    }

    /// The running server, or a loud failure saying why there is none.
    func running(file: StaticString = #filePath, line: UInt = #line) throws -> PostgresServer {
        guard let server else {
            XCTFail("no PostgreSQL server for the tests: \(startFailure ?? "unknown reason")", file: file, line: line)
            throw XCTSkip("server missing (reported as a failure above)")
        }
        return server
    }

    func twin(_ id: String) -> String { samples + "/\(id).gpkg" }
}

/// A test class with a server of its own: its `fixture`, made in its class `setUp`.
protocol ServerTestCase: XCTestCase {
    static var fixture: ServerFixture? { get }
}

extension ServerTestCase {
    /// The running server, or a loud failure saying why there is none.
    func running() throws -> PostgresServer {
        guard let fixture = Self.fixture else {
            XCTFail("the server fixture was not set up")
            throw XCTSkip("no fixture (reported as a failure above)")
        }
        return try fixture.running()
    }

    func samples() -> String { Self.fixture?.samples ?? "" }
}
