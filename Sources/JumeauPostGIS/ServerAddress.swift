import Foundation
import JumeauModel

/// Why a server address or connection is refused.
public struct ServerError: MessageError, Sendable {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        message = Message(key, arguments)
    }

    /// The server could not be reached or the connection was lost: worth trying again later.
    public var isConnectionLoss: Bool {
        ["server.dropped", "server.reconnecting", "server.unreachable", "server.timeout"].contains(message.key)
    }
}

/// A twin on a PostgreSQL server: `postgresql://user@host:port/database?schema=france`, read as
/// libpq reads it. A password is never taken from the address (it would show in shell history
/// and process lists): PGPASSWORD or ~/.pgpass give it, as for psql.
public struct ServerAddress: Sendable, Equatable {
    /// libpq's sslmode: `prefer` and `require` encrypt without checking the certificate (as libpq
    /// does), `verifyCA` checks its chain, `verifyFull` its chain and host name.
    public enum TLSMode: String, Sendable {
        case disable, prefer, require, verifyCA, verifyFull
    }

    public private(set) var user: String
    /// A host name or address, or a directory holding the server's socket (libpq's `host=/path`).
    public private(set) var host: String
    public private(set) var port: Int
    public private(set) var database: String
    /// The schema holding the twin: checked once here (`isIdentifier`, not a system schema).
    public private(set) var schema: String
    public private(set) var tls: TLSMode

    public var isSocket: Bool { host.hasPrefix("/") }
    /// The socket file libpq would use in `host`.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// Whether a TWIN argument names a server rather than a file or a sample.
    public static func isServer(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// Reads an address; `environment` supplies libpq's defaults (PGUSER, PGHOST, PGPORT, PGDATABASE,
    /// PGSSLMODE) for what the address leaves out.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard Self.isServer(text), let components = URLComponents(string: text) else {
            throw ServerError("server.bad_address", ["address": Self.redacted(text)])
        }
        if components.password != nil {
            throw ServerError("server.password_in_address")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value, query[item.name] == nil,
                ["schema", "host", "port", "sslmode", "user", "dbname"].contains(item.name)
            else { throw ServerError("server.bad_parameter", ["parameter": item.name]) }
            query[item.name] = value
        }
        let login = NSUserName()
        user = components.user ?? query["user"] ?? environment["PGUSER"] ?? login
        host = (components.host.flatMap { $0.isEmpty ? nil : $0 }) ?? query["host"] ?? environment["PGHOST"]
            ?? "/var/run/postgresql"
        let portText = components.port.map(String.init) ?? query["port"] ?? environment["PGPORT"] ?? "5432"
        guard let port = Int(portText), (1...65_535).contains(port) else {
            throw ServerError("server.bad_port", ["port": portText])
        }
        self.port = port
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = !path.isEmpty ? path : query["dbname"] ?? environment["PGDATABASE"] ?? user
        schema = query["schema"] ?? "jumeau"
        guard Self.isIdentifier(schema) else { throw ServerError("server.bad_schema", ["schema": schema]) }
        // A system schema, PostGIS's own, or a name publishing uses for its staging copies.
        guard !Self.reservedSchemas.contains(schema), !schema.hasPrefix("pg_"), !schema.contains("__") else {
            throw ServerError("server.reserved_schema", ["schema": schema])
        }
        let mode = query["sslmode"] ?? environment["PGSSLMODE"] ?? "prefer"
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require": tls = .require
        case "verify-ca": tls = .verifyCA
        case "verify-full": tls = .verifyFull
        default: throw ServerError("server.bad_sslmode", ["mode": mode])
        }
        guard !user.isEmpty, !database.isEmpty else {
            throw ServerError("server.bad_address", ["address": Self.redacted(text)])
        }
    }

    static let reservedSchemas: Set<String> = ["public", "information_schema", "topology", "tiger", "tiger_data"]

    /// An address as it may be shown: what stands between `//` and `@` hidden (it may hold a password).
    public static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@") else {
            return text
        }
        return String(text[..<scheme.upperBound]) + "…" + String(text[at...])
    }

    /// The address as shown to people: never a password (there is none in it).
    public var description: String {
        let where_ = isSocket ? "socket \(host)" : "\(host):\(port)"
        return "postgresql://\(user)@\(where_)/\(database)?schema=\(schema)"
    }

    /// Lower-case letters, digits and underscores, not starting with a digit, at most 48
    /// characters (room for the suffixes publishing adds): safe to quote as an identifier.
    public static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, (1...48).contains(text.utf8.count), !(48...57).contains(first) else {
            return false
        }
        return text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    /// The password libpq would use: PGPASSWORD, else the first matching line of PGPASSFILE or
    /// ~/.pgpass (`host:port:database:user:password`, `*` matching anything, `\:` a colon).
    public func password(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let file =
            environment["PGPASSFILE"]
            ?? (environment["HOME"].map { $0 + "/.pgpass" } ?? NSHomeDirectory() + "/.pgpass")
        // Like libpq, a file others may read is not trusted with passwords.
        if let mode = (try? FileManager.default.attributesOfItem(atPath: file))?[.posixPermissions] as? Int,
            mode & 0o077 != 0
        {
            return nil
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        // libpq names a connection through the default socket directory "localhost" in the file.
        let hostName = isSocket && Self.defaultSocketDirectories.contains(host) ? "localhost" : host
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.passFields(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [hostName, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    static let defaultSocketDirectories: Set<String> = ["/var/run/postgresql", "/run/postgresql", "/tmp"]

    static func passFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" && fields.count < 4 {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
