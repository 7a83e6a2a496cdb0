import Foundation
import JumeauModel
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import JumeauStore
import PostgresNIO

/// One connection to a twin's server: statements the store writes itself (identifiers checked
/// and quoted, values bound), COPY, and errors turned into one line a user can act on.
struct ServerConnection: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    static func open(_ address: ServerAddress) async throws -> ServerConnection {
        var logger = Logger(label: "jumeau.postgis")
        // postgres-nio logs for developers; the user gets one line from `explained`.
        logger.logLevel = .critical
        let password = address.password()
        var configuration: PostgresConnection.Configuration
        do {
            if address.isSocket {
                configuration = PostgresConnection.Configuration(
                    unixSocketPath: address.socketPath, username: address.user, password: password,
                    database: address.database)
            } else {
                // libpq's modes: prefer and require encrypt without checking who answers (a
                // self-signed certificate passes), verify-ca checks the chain, verify-full the name too.
                var client = TLSConfiguration.makeClientConfiguration()
                let tls: PostgresConnection.Configuration.TLS
                switch address.tls {
                case .disable: tls = .disable
                case .prefer:
                    client.certificateVerification = .none
                    tls = .prefer(try NIOSSLContext(configuration: client))
                case .require:
                    client.certificateVerification = .none
                    tls = .require(try NIOSSLContext(configuration: client))
                case .verifyCA:
                    client.certificateVerification = .noHostnameVerification
                    tls = .require(try NIOSSLContext(configuration: client))
                case .verifyFull:
                    tls = .require(try NIOSSLContext(configuration: client))
                }
                configuration = PostgresConnection.Configuration(
                    host: address.host, port: address.port, username: address.user, password: password,
                    database: address.database, tls: tls)
            }
            configuration.options.connectTimeout = .seconds(10)
            let connection = try await PostgresConnection.connect(
                on: NIOSingletons.posixEventLoopGroup.next(), configuration: configuration, id: 1, logger: logger)
            return ServerConnection(connection: connection, logger: logger)
        } catch {
            throw explained(error, address)
        }
    }

    func close() async throws { try await connection.close() }

    /// A statement with no values: its identifiers are checked and quoted by the caller.
    func run(_ sql: String) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// The first column of every row, as text; values in `query` are bound.
    func strings(_ query: PostgresQuery) async throws -> [String] {
        var result: [String] = []
        for try await row in try await connection.query(query, logger: logger) {
            result.append(try row.decode(String.self))
        }
        return result
    }

    /// The first column of the first row, a boolean; values in `query` are bound.
    func bool(_ query: PostgresQuery) async throws -> Bool {
        for try await row in try await connection.query(query, logger: logger) {
            return try row.decode(Bool.self)
        }
        return false
    }

    /// A statement with bound values, its rows ignored.
    func execute(_ query: PostgresQuery) async throws {
        try await connection.query(query, logger: logger)
    }

    /// Every row, decoded as the given column types (a tuple, or one type for one column).
    func rows<each Column: PostgresDecodable>(
        _ query: PostgresQuery, as types: (repeat each Column).Type
    ) async throws -> [(repeat each Column)] {
        var result: [(repeat each Column)] = []
        for try await row in try await connection.query(query, logger: logger) {
            result.append(try row.decode(types))
        }
        return result
    }

    /// `body` in one transaction: committed when it returns, rolled back when it throws.
    func inTransaction(_ body: () async throws -> Void) async throws {
        try await run("BEGIN")
        do {
            try await body()
            try await run("COMMIT")
        } catch {
            if !connection.isClosed { try? await run("ROLLBACK") }
            throw error
        }
    }

    /// Rows into a table of the current schema, in COPY's text format.
    func copy(_ table: String, _ columns: [String], rows: [[String?]]) async throws {
        guard !rows.isEmpty else { return }
        try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
            var buffer = ByteBuffer()
            for row in rows { CopyText.append(row, to: &buffer) }
            try await writer.write(buffer)
        }
    }

    /// An error as one line: what the server said (never a password: none is sent back), or
    /// why it could not be reached.
    static func explained(_ error: any Error, _ address: ServerAddress) -> any Error {
        if error is ServerError || error is StoreError { return error }
        if error is PostGISTwin.Conflict { return ServerError("server.conflict") }
        if error is NIOSSLError || (error as? PSQLError)?.underlying is NIOSSLError {
            let detail = String(describing: (error as? PSQLError)?.underlying ?? error)
            return ServerError("server.tls_failed", ["server": address.description, "detail": detail])
        }
        if let psql = error as? PSQLError {
            switch psql.code {
            case .authMechanismRequiresPassword:
                return ServerError("server.password_needed", ["user": address.user, "server": address.description])
            case .sslUnsupported:
                return ServerError("server.no_tls", ["server": address.description])
            case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
                return ServerError("server.dropped", ["server": address.description])
            case .connectionError:
                return ServerError("server.unreachable", ["server": address.description])
            default: break
            }
            let state = psql.serverInfo?[.sqlState] ?? ""
            let said = psql.serverInfo?[.message] ?? ""
            switch state {
            case "28P01", "28000":
                return ServerError("server.authentication", ["user": address.user, "server": address.description])
            case "42501":
                return ServerError("server.denied", ["user": address.user, "detail": said])
            case "23505":
                return ServerError("server.conflict")
            case "3D000":
                return ServerError("server.no_database", ["database": address.database])
            case "0A000" where said.contains("postgis"), "58P01" where said.contains("postgis"):
                return ServerError("server.no_postgis", ["database": address.database])
            // The server shutting down or the link failing mid-statement: the connection is lost.
            case "57P01", "57P02", "57P03", _ where state.hasPrefix("08"):
                return ServerError("server.dropped", ["server": address.description])
            case "":
                return ServerError("server.failed", ["detail": String(describing: psql.code), "state": "-"])
            default:
                return ServerError("server.failed", ["detail": said, "state": state])
            }
        }
        // A value the server sent that this version cannot read (a column edited by another tool).
        if error is PostgresDecodingError {
            return ServerError("server.bad_value", ["server": address.description])
        }
        return ServerError("server.unreachable", ["server": address.description])
    }
}
