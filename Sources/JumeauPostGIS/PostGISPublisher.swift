import Foundation
import JumeauModel
import JumeauStore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Writes a twin into a PostgreSQL schema with PostGIS: zones with their geometry (mainland in
/// Lambert-93, overseas in their own projections, as the GeoPackage stores them), attributes
/// and their provenance, levels, scenarios. Loads with COPY into a schema of its own, then swaps
/// names in one transaction: a reader sees the old twin or the new one, never half of one.
public struct PostGISPublisher: Sendable {
    public struct Summary: Sendable {
        public var zones: Int
        public var attributes: Int
        public var scenarios: Int
        public var seconds: Double
    }

    public let address: ServerAddress
    /// Creates (if missing) and grants the three roles: reader, agent, owner.
    public var roles: Bool

    public init(address: ServerAddress, roles: Bool = false) {
        self.address = address
        self.roles = roles
    }

    /// The roles publishing creates for a schema, from least to most.
    public static func roleNames(schema: String) -> (reader: String, agent: String, owner: String) {
        (schema + "_reader", schema + "_agent", schema + "_owner")
    }

    /// Publishes the GeoPackage twin at `path` (read in full first: a twin that cannot be read
    /// leaves the server untouched).
    public func publish(twin path: String) async throws -> Summary {
        let started = Date()
        // Connecting (a few round trips, TLS perhaps) while the twin is read.
        async let opening = ServerConnection.open(address)
        let metadata: TerritoryMetadata, attributes: [AttributeDefinition], table: ZoneTable
        let levels: [LevelUnit], scenarios: [SavedScenario]
        do {
            let store = try TwinStore.open(at: path, access: .read)
            metadata = try store.metadata()
            attributes = try store.attributes()
            table = try store.zoneTable(attributeIDs: attributes.map(\.id), geometry: .wkb)
            levels = try store.levelUnits()
            scenarios = try store.scenarios()
            try store.close()
            try Self.check(attributes, table)
        } catch {
            // Nothing was sent but the login: the server is untouched.
            if let connection = try? await opening { try? await connection.close() }
            throw error
        }
        let connection = try await opening
        do {
            try await load(connection, metadata, attributes, table, levels, scenarios)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw ServerConnection.explained(error, address)
        }
        return Summary(
            zones: table.count, attributes: attributes.count, scenarios: scenarios.count,
            seconds: Date().timeIntervalSince(started))
    }

    /// Columns `zones` has whatever the twin: an attribute may not take one of their names.
    static let fixedColumns: Set<String> = [
        "fid", "code", "name", "region", "department", "epci", "no_data", "srs_id", "geom", "geom_local",
    ]

    /// What the server could not take, found before it is touched: an attribute that cannot be a
    /// column, a geometry that is not a 2D polygon or multipolygon.
    static func check(_ attributes: [AttributeDefinition], _ table: ZoneTable) throws {
        for attribute in attributes {
            let bytes = attribute.id.utf8
            let valid =
                (1...63).contains(bytes.count) && !fixedColumns.contains(attribute.id)
                && bytes.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
                && !(bytes.first.map { (48...57).contains($0) } ?? true)
            guard valid else { throw ServerError("server.attribute_column", ["id": attribute.id]) }
        }
        for (zone, geometry) in table.geometries.enumerated() {
            guard wkbType(geometry.wkb).map({ $0 == 3 || $0 == 6 }) == true else {
                throw ServerError("server.bad_geometry", ["code": zone < table.count ? table.codes[zone] : "?"])
            }
        }
    }

    private func load(
        _ connection: ServerConnection, _ metadata: TerritoryMetadata, _ attributes: [AttributeDefinition],
        _ table: ZoneTable, _ levels: [LevelUnit], _ scenarios: [SavedScenario]
    ) async throws {
        let schema = address.schema
        // Identifiers are checked (`ServerAddress`) and quoted; every value is bound or copied.
        let staging = quoted(schema + "__publishing"), target = quoted(schema)
        // A name of its own for the twin being replaced: dropped once no reader holds its tables.
        let previousName = schema + "__previous_" + String(UInt64(Date().timeIntervalSince1970 * 1000))
        let previous = quoted(previousName)
        try await connection.run("SET client_encoding TO 'UTF8'")
        // One publish at a time into a schema (the lock ends with the session, even a killed one).
        let key = "jumeau.publish." + schema
        let locked = try await connection.bool("SELECT pg_try_advisory_lock(hashtext(\(key)))")
        guard locked else { throw ServerError("server.busy", ["schema": schema]) }
        let marker = schema + ".jumeau_territory"
        let existing = try await connection.strings(
            """
            SELECT CASE WHEN to_regclass(\(marker)) IS NULL THEN 'other' ELSE 'twin' END
            FROM pg_namespace WHERE nspname = \(schema)
            """)
        guard existing.allSatisfy({ $0 == "twin" }) else { throw ServerError("server.not_a_twin", ["schema": schema]) }
        try await connection.run("CREATE EXTENSION IF NOT EXISTS postgis")
        // What earlier publishes left: a staging schema if one died half-way, replaced twins that
        // readers were still in. Dropped when no one holds them, else left for the next publish.
        try await connection.run("SET lock_timeout = '2s'")
        let replaced = schema + "__previous_"
        for leftover in try await connection.strings(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, \(replaced))")
        {
            try? await connection.run("DROP SCHEMA IF EXISTS \(quoted(leftover)) CASCADE")
        }
        try await connection.run("SET lock_timeout = 0")
        try await connection.run("DROP SCHEMA IF EXISTS \(staging) CASCADE")
        try await connection.run("CREATE SCHEMA \(staging)")
        try await connection.run("SET search_path TO \(staging), public")
        let attributeColumns = attributes.map { "\(quoted($0.id)) double precision" }.joined(separator: ", ")
        try await connection.run(
            """
            CREATE TABLE zones (
              fid serial PRIMARY KEY, code text NOT NULL UNIQUE, name text NOT NULL,
              region text NOT NULL DEFAULT '', department text NOT NULL DEFAULT '', epci text NOT NULL DEFAULT '',
              no_data boolean NOT NULL DEFAULT false, srs_id integer NOT NULL,
              geom geometry(MultiPolygon, 2154), geom_local geometry(MultiPolygon)
              \(attributes.isEmpty ? "" : ", " + attributeColumns))
            """)
        // Geometry stored out of line uncompressed: it barely compresses, and every explorer that
        // opens the twin reads all of it (pglz would be undone at each read).
        try await connection.run(
            "ALTER TABLE zones ALTER COLUMN geom SET STORAGE EXTERNAL, ALTER COLUMN geom_local SET STORAGE EXTERNAL")
        try await connection.run(
            """
            CREATE TABLE jumeau_territory (
              id integer PRIMARY KEY CHECK (id = 1), name text NOT NULL, reference_year integer NOT NULL,
              attribution text NOT NULL, created_at timestamptz NOT NULL, writer_version text NOT NULL,
              published_at timestamptz NOT NULL DEFAULT now(), published_by text NOT NULL DEFAULT current_user)
            """)
        try await connection.run(
            """
            CREATE TABLE jumeau_attributes (
              attribute text PRIMARY KEY, label_fr text NOT NULL, label_en text NOT NULL, unit text NOT NULL,
              source text NOT NULL, licence text NOT NULL, year integer,
              status text NOT NULL CHECK (status IN ('observed', 'estimated', 'mixed', 'computed')),
              method text NOT NULL DEFAULT '', position integer NOT NULL)
            """)
        try await connection.run(
            "CREATE TABLE jumeau_levels (level text NOT NULL, code text NOT NULL, name text NOT NULL, "
                + "PRIMARY KEY (level, code))")
        try await connection.run(
            """
            CREATE TABLE jumeau_scenarios (
              id serial PRIMARY KEY, name text NOT NULL UNIQUE, levers text NOT NULL, notes text NOT NULL DEFAULT '',
              author text NOT NULL DEFAULT '', created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,
              saved_by text NOT NULL DEFAULT current_user)
            """)
        // What agents write while the twin is shared: runs, the explorers' journal, the shared view.
        try await connection.run(
            """
            CREATE TABLE jumeau_runs (
              id serial PRIMARY KEY, scenario_id integer NOT NULL REFERENCES jumeau_scenarios (id) ON DELETE CASCADE,
              model_version text NOT NULL, inputs_hash text NOT NULL, first_year integer NOT NULL,
              last_year integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())
            """)
        for (table, value) in [("jumeau_run_results", "value double precision"), ("jumeau_run_zone_results",
                                                                                   "zone_values bytea NOT NULL")] {
            try await connection.run(
                """
                CREATE TABLE \(table) (
                  run_id integer NOT NULL REFERENCES jumeau_runs (id) ON DELETE CASCADE, indicator text NOT NULL,
                  year integer NOT NULL, \(value), PRIMARY KEY (run_id, indicator, year))
                """)
        }
        // A run's zone values (8 bytes each) barely compress: compressing them would only slow saves.
        try await connection.run("ALTER TABLE jumeau_run_zone_results ALTER COLUMN zone_values SET STORAGE EXTERNAL")
        try await connection.run(
            """
            CREATE TABLE jumeau_journal (
              id bigserial PRIMARY KEY, session text NOT NULL, at timestamptz NOT NULL, kind text NOT NULL,
              levers text NOT NULL, detail text NOT NULL DEFAULT '', author text NOT NULL DEFAULT current_user)
            """)
        try await connection.run(
            """
            CREATE TABLE jumeau_live_view (
              id integer PRIMARY KEY CHECK (id = 1), session text NOT NULL, sequence integer NOT NULL,
              levers text NOT NULL, scenario text, year integer NOT NULL, variable text NOT NULL,
              center_x double precision NOT NULL, center_y double precision NOT NULL,
              metres_per_pixel double precision NOT NULL, active boolean NOT NULL, updated_at timestamptz NOT NULL,
              backend_pid integer NOT NULL DEFAULT pg_backend_pid())
            """)

        try await connection.connection.query(
            """
            INSERT INTO jumeau_territory (id, name, reference_year, attribution, created_at, writer_version)
            VALUES (1, \(metadata.name), \(metadata.referenceYear), \(metadata.attribution), \(metadata.createdAt),
                    \(metadata.writerVersion))
            """, logger: connection.logger)
        try await connection.copy("jumeau_attributes", [
            "attribute", "label_fr", "label_en", "unit", "source", "licence", "year", "status", "method", "position",
        ], rows: attributes.enumerated().map { position, a in
            [a.id, a.labelFR, a.labelEN, a.unit, a.source, a.licence, a.year.map(String.init), a.status.rawValue,
             a.method, String(position)]
        })
        try await connection.copy("jumeau_levels", ["level", "code", "name"], rows: levels.map {
            [$0.level.rawValue, $0.code, $0.name]
        })
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        try await connection.copy(
            "jumeau_scenarios", ["name", "levers", "notes", "author", "created_at", "updated_at"],
            rows: scenarios.map {
                [$0.name, $0.leversJSON, $0.notes, $0.author, formatter.string(from: $0.createdAt),
                 formatter.string(from: $0.updatedAt)]
            })
        // A national twin in two COPYs on two connections: the server parses geometry on two cores.
        if table.count >= 4_096 {
            let second = try await ServerConnection.open(address)
            do {
                try await second.run("SET client_encoding TO 'UTF8'")
                try await second.run("SET search_path TO \(staging), public")
                let half = table.count / 2
                async let first: Void = copyZones(connection, table, attributes, zones: 0..<half)
                try await copyZones(second, table, attributes, zones: half..<table.count)
                try await first
                try await second.close()
            } catch {
                try? await second.close()
                throw error
            }
        } else {
            try await copyZones(connection, table, attributes, zones: 0..<table.count)
        }

        // Feature ids follow the codes' order (the table's, copied in halves at once): readers ask
        // for zones by fid and get them in code order without a sort.
        try await connection.run(
            "SELECT setval(pg_get_serial_sequence('zones', 'fid'), greatest(1, max(fid))) FROM zones")
        try await connection.run("CREATE INDEX ON zones USING gist (geom)")
        try await connection.run("CREATE INDEX ON zones USING gist (geom_local)")
        // No ANALYZE: on geometry it costs a third of the publish; autovacuum analyzes the new table.
        try await connection.run("SET search_path TO public")

        // The swap: one transaction of renames and grants, so readers see the old twin until it
        // commits, then the new one with its rights. Renaming a schema waits for no reader.
        try await connection.run("BEGIN")
        do {
            if !existing.isEmpty { try await connection.run("ALTER SCHEMA \(target) RENAME TO \(previous)") }
            try await connection.run("ALTER SCHEMA \(staging) RENAME TO \(target)")
            try await grant(connection)
            try await connection.run("COMMIT")
        } catch {
            try? await connection.run("ROLLBACK")
            throw error
        }
        // The old twin goes once its last reader is done; a reader still in it leaves it to the next publish.
        if !existing.isEmpty {
            try await connection.run("SET lock_timeout = '2s'")
            try? await connection.run("DROP SCHEMA IF EXISTS \(previous) CASCADE")
        }
    }

    /// Creates the roles when asked, and grants each existing one its rights on the new schema
    /// (a schema replaced by a publish starts without grants).
    private func grant(_ connection: ServerConnection) async throws {
        let names = Self.roleNames(schema: address.schema)
        let target = quoted(address.schema), database = quoted(address.database)
        let all3 = [names.reader, names.agent, names.owner]
        var existing = try await connection.strings("SELECT rolname FROM pg_roles WHERE rolname = ANY(\(all3))")
        if roles {
            for role in all3 where !existing.contains(role) {
                try await connection.run("CREATE ROLE \(quoted(role)) NOLOGIN")
                existing.append(role)
            }
            // The publisher joins the owner role, which then owns the schema (below).
            if try await !connection.bool("SELECT pg_has_role(current_user, \(names.owner), 'MEMBER')") {
                try await connection.run("GRANT \(quoted(names.owner)) TO CURRENT_USER")
            }
        }
        guard !existing.isEmpty else { return }
        let all = "ALL TABLES IN SCHEMA \(target)", sequences = "ALL SEQUENCES IN SCHEMA \(target)"
        for role in [names.reader, names.agent] where existing.contains(role) {
            try await connection.run("GRANT USAGE ON SCHEMA \(target) TO \(quoted(role))")
            try await connection.run("GRANT SELECT ON \(all) TO \(quoted(role))")
        }
        if existing.contains(names.agent) {
            let agent = quoted(names.agent)
            for table in PostGISTwin.agentTables {
                try await connection.run("GRANT INSERT, UPDATE, DELETE ON \(target).\(table) TO \(agent)")
            }
            try await connection.run("GRANT USAGE ON \(sequences) TO \(agent)")
        }
        if existing.contains(names.owner) {
            let owner = quoted(names.owner)
            // The schema belongs to the role, so any of its members may replace it next time.
            try await connection.run("ALTER SCHEMA \(target) OWNER TO \(owner)")
            try await connection.run("GRANT CREATE ON DATABASE \(database) TO \(owner)")
            try await connection.run("GRANT ALL ON SCHEMA \(target) TO \(owner)")
            try await connection.run("GRANT ALL ON \(all) TO \(owner)")
            try await connection.run("GRANT ALL ON \(sequences) TO \(owner)")
        }
    }

    /// Every zone in one COPY: geometry as hex EWKB (PostGIS reads it as text), attributes in
    /// full precision, no value as NULL.
    private func copyZones(
        _ connection: ServerConnection, _ table: ZoneTable, _ attributes: [AttributeDefinition], zones: Range<Int>
    ) async throws {
        let columns =
            ["fid", "code", "name", "region", "department", "epci", "no_data", "srs_id", "geom", "geom_local"]
            + attributes.map(\.id)
        let values = attributes.map { table.columns[$0.id] ?? [] }
        try await connection.connection.copyFrom(table: "zones", columns: columns, logger: connection.logger) {
            writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for zone in zones {
                let srid = zone < table.srsIDs.count ? table.srsIDs[zone] : CRS.lambert93
                let wkb = zone < table.geometries.count ? table.geometries[zone].wkb : []
                CopyText.append(
                    [
                        String(zone + 1), table.codes[zone], table.names[zone],
                        zone < table.regions.count ? table.regions[zone] : "",
                        zone < table.departments.count ? table.departments[zone] : "",
                        zone < table.epcis.count ? table.epcis[zone] : "",
                        zone < table.noData.count && table.noData[zone] ? "t" : "f", String(srid),
                    ], to: &buffer, ending: false)
                // The geometry in its column, hex written straight into the buffer (no escape needed).
                let mainland = srid == CRS.lambert93
                buffer.writeInteger(UInt8(9))
                if !mainland || !Self.writeHexEWKB(wkb, srid: srid, to: &buffer) { buffer.writeStaticString("\\N") }
                buffer.writeInteger(UInt8(9))
                if mainland || !Self.writeHexEWKB(wkb, srid: srid, to: &buffer) { buffer.writeStaticString("\\N") }
                for column in values {
                    buffer.writeInteger(UInt8(9))
                    let value = zone < column.count ? column[zone] : .nan
                    if value.isFinite { buffer.writeString(value.description) } else { buffer.writeStaticString("\\N") }
                }
                buffer.writeInteger(UInt8(10))
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// Writes a GeoPackage's WKB into `buffer` as PostGIS's hex EWKB with the zone's SRID, a polygon
    /// made a one-part multipolygon; false (nothing written) for anything else.
    static func writeHexEWKB(_ wkb: [UInt8], srid: Int, to buffer: inout ByteBuffer) -> Bool {
        guard let type = wkbType(wkb) else { return false }
        let little = wkb[0] == 1
        func word(_ value: UInt32) -> [UInt8] {
            let bytes = [UInt8(value & 0xff), UInt8(value >> 8 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 24)]
            return little ? bytes : bytes.reversed()
        }
        var header: [UInt8] = [wkb[0]] + word(6 | 0x2000_0000) + word(UInt32(truncatingIfNeeded: srid))
        switch type {
        case 6: break
        case 3: header += word(1) + wkb[0..<5]
        default: return false
        }
        Hex.write(header, to: &buffer)
        Hex.write(wkb[5...], to: &buffer)
        return true
    }

    /// The geometry type a WKB declares (3 polygon, 6 multipolygon, …), nil when it is not WKB.
    static func wkbType(_ wkb: [UInt8]) -> UInt32? {
        guard wkb.count >= 9, wkb[0] <= 1 else { return nil }
        let bytes = wkb[1..<5]
        return (wkb[0] == 1 ? Array(bytes.reversed()) : Array(bytes)).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// PostgreSQL's COPY text format: tab-separated fields, `\N` for NULL, backslash escapes.
enum CopyText {
    static func append(_ fields: [String?], to buffer: inout ByteBuffer, ending: Bool = true) {
        for (index, field) in fields.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(9)) }
            guard let field else {
                buffer.writeStaticString("\\N")
                continue
            }
            for byte in field.utf8 {
                switch byte {
                case 92: buffer.writeStaticString("\\\\")
                case 9: buffer.writeStaticString("\\t")
                case 10: buffer.writeStaticString("\\n")
                case 13: buffer.writeStaticString("\\r")
                default: buffer.writeInteger(byte)
                }
            }
        }
        if ending { buffer.writeInteger(UInt8(10)) }
    }
}

enum Hex {
    static let digits = Array("0123456789ABCDEF".utf8)
    static func write(_ bytes: some Collection<UInt8>, to buffer: inout ByteBuffer) {
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: bytes.count * 2) { out in
            var index = 0
            for byte in bytes {
                out[index] = digits[Int(byte >> 4)]
                out[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
