import Foundation
import GRDB
import GRDBSQLite
import JumeauModel

/// An error about the twin file, phrased for the user (catalogue keys `store.*`).
public struct StoreError: MessageError, Sendable {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        message = Message(key, arguments)
    }
}

/// Summary statistics of one attribute over all zones.
public struct AttributeStatistics: Sendable, Equatable {
    public var count: Int
    public var min: Double?
    public var max: Double?
    public var sum: Double
    public init(count: Int, min: Double?, max: Double?, sum: Double) {
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
    }
}

/// How a command opens a twin.
public enum TwinAccess: Sendable {
    /// Never writes to the file (info, run, export, report, render, a follower).
    case read
    /// May write (import, run --save, the facilitator's explorer, upgrade): applies the
    /// schema migrations the twin lacks first.
    case write
}

/// A twin database: an OGC GeoPackage holding one territory.
public final class TwinStore: Sendable {
    let dbQueue: DatabaseQueue
    public let path: String
    private let syncOnClose: Bool
    /// What this process declared it does with the twin (released when the store goes).
    private let use: TwinUse?
    /// Migrations applied when the twin was opened for writing, oldest first.
    public let upgrades: [String]

    /// Opened without write access.
    public var isReadOnly: Bool { dbQueue.configuration.readonly }

    private init(
        dbQueue: DatabaseQueue, path: String, syncOnClose: Bool = false, use: TwinUse? = nil,
        upgrades: [String] = []
    ) {
        self.dbQueue = dbQueue
        self.path = path
        self.syncOnClose = syncOnClose
        self.use = use
        self.upgrades = upgrades
        if let use { TwinLocks.acquire(path, use: use) }
    }

    deinit {
        if let use { TwinLocks.release(path, use: use) }
    }

    static func configuration(readOnly: Bool, scratch: Bool = false) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        configuration.label = "twin"
        // Another explorer may be writing (follow mode, a save): wait for it a little.
        configuration.busyMode = .timeout(2)
        configuration.prepareDatabase { db in
            Schema.addGeometryFunctions(db)
            if scratch {
                // A scratch file is moved into place only once complete (and synced then):
                // per-commit durability and rollback journals would only slow the build
                // down (a failed build is deleted, never rolled back into place).
                try db.execute(sql: "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF")
            } else {
                // Pages read from the kernel's cache in place rather than copied: opening a
                // national twin reads some 60 MB of zones (writes still go through SQLite's
                // journal; SQLite re-checks the file's size at each transaction).
                try db.execute(sql: "PRAGMA mmap_size = 268435456")
            }
        }
        return configuration
    }

    // MARK: Creating

    /// Creates a new, empty twin at `path`, which must not exist yet.
    ///
    /// - Parameters:
    ///   - scratch: the file is a temporary one, renamed into place once complete; it is
    ///     written without per-commit syncing, and `close()` syncs it to disk.
    ///   - referenceSystems: gpkg_spatial_ref_sys rows for EPSG:4326 and EPSG:2154 (from PROJ).
    ///   - attributes: the zone attributes, each becoming a REAL column of `zones`.
    public static func create(
        at path: String, metadata: TerritoryMetadata,
        referenceSystems: [SpatialReferenceSystem],
        attributes: [AttributeDefinition], scratch: Bool = false
    ) throws -> TwinStore {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StoreError("store.exists", ["path": path])
        }
        for system in [CRS.wgs84, CRS.lambert93] where !referenceSystems.contains(where: { $0.srsID == system }) {
            throw StoreError("store.crs_required", ["epsg": String(system)])
        }
        var seen = Set<String>()
        for attribute in attributes {
            guard AttributeDefinition.isValidID(attribute.id), !reservedZoneColumns.contains(attribute.id) else {
                throw StoreError("store.bad_attribute_name", ["id": attribute.id])
            }
            guard seen.insert(attribute.id).inserted else {
                throw StoreError("store.attribute_twice", ["id": attribute.id])
            }
        }
        let dbQueue: DatabaseQueue
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: configuration(readOnly: false, scratch: scratch))
        } catch {
            throw StoreError("store.cannot_create", ["path": path, "cause": describe(error)])
        }
        do {
            try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA application_id = \(Schema.applicationID)")
                try db.execute(sql: "PRAGMA user_version = \(Schema.userVersion)")
            }
            try Schema.migrate(dbQueue, path: path)
            try dbQueue.write { try Schema.writeLedgerForOlderReleases($0) }
            try dbQueue.write { db in
                for system in referenceSystems where system.srsID > 0 {
                    try Schema.insert(system, db, replacing: true)
                }
                try db.execute(
                    sql: """
                        INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                        VALUES ('zones', 'features', 'zones', ?, \(CRS.lambert93));
                        INSERT INTO gpkg_geometry_columns
                        VALUES ('zones', 'geom', 'MULTIPOLYGON', \(CRS.lambert93), 0, 0);
                        """, arguments: ["Zones of \(metadata.name)"])
                for attribute in attributes {
                    try db.execute(sql: "ALTER TABLE zones ADD COLUMN \(attribute.id.quotedDatabaseIdentifier) REAL")
                    try insert(attribute, db)
                }
                try TerritoryRecord(metadata).insert(db)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("store.cannot_write", ["path": path, "cause": describe(error)])
        }
        return TwinStore(dbQueue: dbQueue, path: path, syncOnClose: scratch)
    }

    private static func insert(_ attribute: AttributeDefinition, _ db: Database) throws {
        try AttributeRecord(attribute).insert(db)
    }

    /// Appends zones with their values: the importer's path (geometries in one
    /// transaction, then values), for callers holding whole records.
    public func insertZones(_ zones: [ZoneRecord], attributeIDs: [String]) throws {
        var fids: [Int64] = []
        try bulkInsert { inserter in
            for zone in zones {
                fids.append(try inserter.insert(code: zone.code, name: zone.name, geometry: zone.geometry))
            }
        }
        let rows = zip(fids, zones).map { fid, zone in (fid: fid, values: attributeIDs.map { zone.values[$0] }) }
        try updateValues(rows, attributeIDs: attributeIDs)
    }

    /// Writes zones one at a time inside a single transaction: the importer streams
    /// geometries in as it parses them, so they never pile up in memory.
    public final class ZoneInserter {
        let db: Database
        let statement: Statement
        private var localStatements: [Int: Statement] = [:]
        init(db: Database) throws {
            self.db = db
            statement = try db.makeStatement(
                sql: "INSERT INTO zones (geom, code, name, dep, reg, epci) VALUES (?, ?, ?, ?, ?, ?)")
        }

        /// Inserts a zone (its geometry in Lambert-93) and returns its feature id.
        public func insert(
            code: String, name: String, geometry: WKBGeometry, department: String? = nil,
            region: String? = nil, epci: String? = nil
        ) throws -> Int64 {
            do {
                try statement.execute(arguments: [
                    Data(GeoPackageBinary.encode(geometry, srsID: Int32(CRS.lambert93))), code, name,
                    department, region, epci,
                ])
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError("store.code_twice", ["code": code])
            }
            return db.lastInsertedRowID
        }

        /// Stores a zone's geometry in the official projection of its overseas territory, in
        /// that projection's feature table (created with the first zone, its system given).
        public func insertLocal(code: String, geometry: WKBGeometry, system: SpatialReferenceSystem) throws {
            let epsg = system.srsID
            if localStatements[epsg] == nil {
                let table = Schema.localTable(epsg: epsg)
                try Schema.insert(system, db, replacing: false)
                try db.execute(
                    sql: """
                        CREATE TABLE \(table) (
                          fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
                          geom MULTIPOLYGON,
                          code TEXT NOT NULL UNIQUE REFERENCES zones(code));
                        INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
                        VALUES ('\(table)', 'features', '\(table)', ?, \(epsg));
                        INSERT INTO gpkg_geometry_columns VALUES ('\(table)', 'geom', 'MULTIPOLYGON', \(epsg), 0, 0);
                        """,
                    arguments: [
                        "Overseas zones in their official projection (\(system.name)): measured and drawn there"
                    ])
                localStatements[epsg] = try db.makeStatement(sql: "INSERT INTO \(table) (geom, code) VALUES (?, ?)")
            }
            try localStatements[epsg]?.execute(arguments: [
                Data(GeoPackageBinary.encode(geometry, srsID: Int32(epsg))), code,
            ])
        }
    }

    /// Runs `body` with an inserter, in one transaction: all zones or none.
    public func bulkInsert(_ body: (ZoneInserter) throws -> Void) throws {
        do {
            try dbQueue.write { db in
                try body(try ZoneInserter(db: db))
                try refreshExtent(db)
            }
        } catch let error as DatabaseError {
            throw StoreError("store.cannot_write_zones", ["path": path, "cause": Self.describe(error)])
        }
    }

    /// Adds attribute columns (with their catalogue rows) to an existing twin.
    public func addAttributes(_ attributes: [AttributeDefinition]) throws {
        let existing = Set(try self.attributes().map(\.id))
        for attribute in attributes {
            guard AttributeDefinition.isValidID(attribute.id), !reservedZoneColumns.contains(attribute.id) else {
                throw StoreError("store.bad_attribute_name", ["id": attribute.id])
            }
            guard !existing.contains(attribute.id) else {
                throw StoreError("store.attribute_exists", ["id": attribute.id])
            }
        }
        try dbQueue.write { db in
            for attribute in attributes {
                try db.execute(sql: "ALTER TABLE zones ADD COLUMN \(attribute.id.quotedDatabaseIdentifier) REAL")
                try Self.insert(attribute, db)
            }
        }
    }

    /// Sets attribute values by feature id, in one transaction.
    public func updateValues<S: Sequence>(_ rows: S, attributeIDs: [String], progress: ((Int) -> Void)? = nil) throws
    where S.Element == (fid: Int64, values: [Double?]) {
        guard !attributeIDs.isEmpty else { return }
        let assignments = attributeIDs.map { "\($0.quotedDatabaseIdentifier) = ?" }.joined(separator: ", ")
        try dbQueue.write { db in
            let statement = try db.makeStatement(sql: "UPDATE zones SET \(assignments) WHERE fid = ?")
            var arguments = [DatabaseValueConvertible?]()
            var written = 0
            for row in rows {
                arguments.removeAll(keepingCapacity: true)
                for value in row.values { arguments.append(value) }
                arguments.append(row.fid)
                try statement.execute(arguments: StatementArguments(arguments))
                written += 1
                if written % 256 == 0 { progress?(written) }
            }
            progress?(written)
        }
    }

    /// Marks zones imported without values the simulation needs (code → attributes missing).
    public func recordMissing(_ missing: [(fid: Int64, attributes: [String])]) throws {
        try dbQueue.write { db in
            let statement = try db.makeStatement(sql: "UPDATE zones SET missing = ? WHERE fid = ?")
            for zone in missing {
                try statement.execute(arguments: [zone.attributes.joined(separator: ","), zone.fid])
            }
        }
    }

    /// Names the régions, départements and EPCIs of the zones.
    public func writeLevels(_ units: [LevelUnit], parents: [String: String] = [:]) throws {
        try dbQueue.write { db in
            let statement = try db.makeStatement(
                sql: """
                    INSERT OR REPLACE INTO jumeau_levels (level, code, name, parent) VALUES (?, ?, ?, ?)
                    """)
            for unit in units where unit.level != .commune {
                try statement.execute(arguments: [
                    unit.level.rawValue, unit.code, unit.name,
                    unit.level == .department ? parents[unit.code] : nil,
                ])
            }
        }
    }

    /// The named régions, départements and EPCIs (empty for a twin written before levels).
    public func levelUnits() throws -> [LevelUnit] {
        try read { db in
            guard try db.tableExists("jumeau_levels") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT level, code, name FROM jumeau_levels ORDER BY level, code")
                .compactMap { row in
                    let checked = CheckedRow(row, table: "jumeau_levels")
                    let level: String = try checked("level")
                    guard let parsed = TerritoryLevel(rawValue: level) else { return nil }
                    return LevelUnit(level: parsed, code: try checked("code"), name: try checked("name"))
                }
        }
    }

    /// Records which zones' values of an attribute were estimated (for "mixed" attributes).
    public func recordEstimatedValues(_ codesByAttribute: [String: [String]]) throws {
        try dbQueue.write { db in
            let statement = try db.makeStatement(
                sql: "INSERT OR IGNORE INTO jumeau_estimated_values (zone_code, attribute) VALUES (?, ?)")
            for (attribute, codes) in codesByAttribute.sorted(by: { $0.key < $1.key }) {
                for code in codes { try statement.execute(arguments: [code, attribute]) }
            }
        }
    }

    /// Updates an attribute's provenance (its status is only known once all zones are in).
    public func updateAttribute(_ attribute: AttributeDefinition) throws {
        try dbQueue.write { db in
            try db.execute(
                sql: """
                    UPDATE jumeau_attributes SET label_fr = ?, label_en = ?, unit = ?, source = ?, licence = ?,
                      year = ?, status = ?, method = ? WHERE attribute = ?
                    """,
                arguments: [
                    attribute.labelFR, attribute.labelEN, attribute.unit, attribute.source,
                    attribute.licence, attribute.year, attribute.status.rawValue, attribute.method,
                    attribute.id,
                ])
        }
    }

    /// gpkg_contents keeps the bounding box of the zones.
    private func refreshExtent(_ db: Database) throws {
        try db.execute(
            sql: """
                UPDATE gpkg_contents SET
                  min_x = (SELECT MIN(minx) FROM rtree_zones_geom), max_x = (SELECT MAX(maxx) FROM rtree_zones_geom),
                  min_y = (SELECT MIN(miny) FROM rtree_zones_geom), max_y = (SELECT MAX(maxy) FROM rtree_zones_geom),
                  last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                WHERE table_name = 'zones'
                """)
    }

    /// Flushes and closes the file (for atomic replacement, nothing may stay open).
    public func close() throws {
        try dbQueue.close()
        if syncOnClose { try Self.sync(path) }
    }

    /// Flushes a closed file to disk before it is put in place.
    static func sync(_ path: String) throws {
        let descriptor = Foundation.open(path, O_RDONLY)
        guard descriptor >= 0, fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            if descriptor >= 0 { Foundation.close(descriptor) }
            throw StoreError("store.cannot_sync", ["path": path, "cause": Message.verbatim(reason)])
        }
        Foundation.close(descriptor)
    }

    // MARK: Opening

    /// Opens an existing twin.
    ///
    /// - Parameters:
    ///   - access: `.read` never writes to the file: a twin from an older release is read as
    ///     it is. `.write` first applies the migrations the twin lacks (`upgrades` lists them).
    ///   - use: what this process does with the twin, declared to other Jumeau processes
    ///     (an import refuses to replace a twin an explorer holds).
    public static func open(at path: String, access: TwinAccess = .write, use: TwinUse? = nil) throws -> TwinStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError("store.no_such_twin", ["path": path])
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw StoreError("store.permission_denied", ["path": path])
        }
        let readOnly = access == .read
        let dbQueue: DatabaseQueue
        var upgrades: [String] = []
        do {
            dbQueue = try openRecovering(path: path, readOnly: readOnly)
            let applicationID = try dbQueue.read { try Int32.fetchOne($0, sql: "PRAGMA application_id") ?? 0 }
            guard applicationID == Schema.applicationID else {
                throw StoreError("store.not_geopackage", ["path": path])
            }
            let applied = try dbQueue.read { db -> [String] in
                guard try db.tableExists("jumeau_territory") else { throw StoreError("store.not_twin", ["path": path]) }
                return try Schema.appliedMigrations(db)
            }
            let known = Schema.migrations.map(\.identifier)
            if let unknown = applied.first(where: { !known.contains($0) }) {
                throw StoreError("store.newer", ["path": path, "migration": unknown])
            }
            try dbQueue.read { try Schema.check($0, applied: applied, path: path) }
            if !readOnly && applied.count < known.count {
                upgrades = try Schema.migrate(dbQueue, path: path)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError("store.cannot_open", ["path": path, "cause": describe(error)])
        }
        return TwinStore(dbQueue: dbQueue, path: path, use: use, upgrades: upgrades)
    }

    /// Opens the file; a read-only connection cannot roll back what an interrupted write
    /// left (a hot journal), so that one open is made for writing, which lets SQLite put
    /// the file back as it was before the interrupted write, then the file is reopened.
    private static func openRecovering(path: String, readOnly: Bool) throws -> DatabaseQueue {
        guard readOnly else { return try DatabaseQueue(path: path, configuration: configuration(readOnly: false)) }
        do {
            // GRDB reads the schema while opening: a hot journal stops the open itself.
            let dbQueue = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
            _ = try dbQueue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return dbQueue
        } catch let error as DatabaseError
            where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK
            || error.extendedResultCode == .SQLITE_READONLY_RECOVERY
        {
            guard FileManager.default.isWritableFile(atPath: path) else {
                throw StoreError("store.needs_recovery", ["path": path])
            }
            let writer = try DatabaseQueue(path: path, configuration: configuration(readOnly: false))
            _ = try writer.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            try writer.close()
            return try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
        }
    }

    /// SQLite's usual failures in the user's words; others in SQLite's own.
    static func describe(_ error: Error) -> Message {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB: return Message("store.sqlite.not_a_database")
            case .SQLITE_CORRUPT: return Message("store.sqlite.corrupt")
            case .SQLITE_CANTOPEN: return Message("store.sqlite.cannot_open")
            case .SQLITE_READONLY:
                switch error.extendedResultCode {
                case .SQLITE_READONLY_ROLLBACK, .SQLITE_READONLY_RECOVERY:
                    return Message("store.sqlite.interrupted_write")
                default: return Message("store.sqlite.read_only")
                }
            case .SQLITE_FULL: return Message("store.sqlite.full")
            default: return .verbatim(error.message ?? "\(error.resultCode)")
            }
        }
        return .of(error)
    }

    // MARK: Reading

    /// Applied migrations, oldest first: the schema version is the last one.
    public func schemaMigrations() throws -> [String] {
        try read { try Schema.appliedMigrations($0) }
    }

    public func metadata() throws -> TerritoryMetadata {
        try read { db in
            guard let record = try TerritoryRecord.fetchOne(db, sql: "SELECT * FROM jumeau_territory WHERE id = 1")
            else {
                throw StoreError("store.no_metadata", ["path": path])
            }
            return record.metadata
        }
    }

    public func attributes() throws -> [AttributeDefinition] {
        try read { db in
            try AttributeRecord.fetchAll(db, sql: "SELECT * FROM jumeau_attributes ORDER BY id").map(\.definition)
        }
    }

    public func zoneCount() throws -> Int {
        try read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM zones") ?? 0 }
    }

    /// Every zone with its geometry and the given attributes (all when nil), by code order.
    public func zones(attributeIDs: [String]? = nil) throws -> [ZoneRecord] {
        let table = try zoneTable(attributeIDs: attributeIDs, geometry: .wkb)
        return table.codes.indices.map { index in
            var values: [String: Double] = [:]
            for (id, column) in table.columns where !column[index].isNaN { values[id] = column[index] }
            return ZoneRecord(
                code: table.codes[index], name: table.names[index], values: values, geometry: table.geometries[index])
        }
    }

    /// Every zone as columns (code order). Reads columns by position: at national
    /// scale, a dictionary per zone costs more than the query.
    public func zoneTable(
        attributeIDs: [String]? = nil, geometry form: ZoneTable.GeometryForm = .envelopeOnly
    ) throws -> ZoneTable {
        let known = try attributes().map(\.id)
        let ids = attributeIDs ?? known
        for id in ids where !known.contains(id) { throw StoreError("store.no_attribute", ["id": id, "path": path]) }
        let (hasLevels, locals, bounds) = try read { db in
            (try Self.hasLevels(db), try localGeometries(db, form: form),
             try Row.fetchOne(db, sql: "SELECT min(rowid), max(rowid), count(*) FROM zones"))
        }
        let scan = ZoneScan(ids: ids, hasLevels: hasLevels, form: form, locals: locals, store: self)
        var columns: ZoneColumns?
        if form == .outlines, let bounds, let low = bounds[0] as Int64?, let high = bounds[1] as Int64?,
            let count = bounds[2] as Int?, count >= Self.zonesReadInHalves
        {
            // A national twin's outlines (a million vertices) are read in two halves at once,
            // the second on a read-only connection of its own: the two cores halve the
            // explorer's wait. Should the halves not add up to the zones counted (the twin
            // replaced meanwhile) or the second connection not open, one read does it all.
            let middle = low + (high - low) / 2
            let halves = HalfResults()
            let path = self.path
            DispatchQueue.concurrentPerform(iterations: 2) { half in
                halves.set(half) {
                    if half == 0 { return try self.read { try scan.read($0, rowids: low...middle) } }
                    let queue = try DatabaseQueue(path: path, configuration: Self.configuration(readOnly: true))
                    return try queue.read { try scan.read($0, rowids: (middle + 1)...high) }
                }
            }
            if var first = try? halves.get(0), let second = try? halves.get(1),
                first.codes.count + second.codes.count == count
            {
                first.append(second)
                columns = first
            }
        }
        let zones = try columns ?? read { try scan.read($0, rowids: nil) }
        var table = ZoneTable(
            codes: zones.codes, names: zones.names, geometries: zones.geometries, outlines: zones.outlines,
            envelopes: zones.envelopes, columns: Dictionary(uniqueKeysWithValues: zip(ids, zones.values)))
        if hasLevels {
            table.departments = zones.departments
            table.regions = zones.regions
            table.epcis = zones.epcis
            table.noData = zones.noData
        }
        for (zone, epsg) in zones.localZones { table.srsIDs[zone] = epsg }
        return table.sortedByCode()
    }

    /// From this many zones, outlines are read by two connections at once.
    static let zonesReadInHalves = 8_000

    private static func hasLevels(_ db: Database) throws -> Bool {
        try Schema.appliedMigrations(db).contains("v6-levels")
    }


    /// An overseas zone's geometry in its own plane, in the form asked for.
    struct LocalGeometry: Sendable {
        var epsg: Int
        var envelope: Envelope
        var geometry: WKBGeometry?
        var outline: MultiPolygonCoordinates?
    }

    /// Overseas zones are drawn and measured in their own projection: their geometry, by
    /// code, replaces the Lambert-93 one `zones` holds for GIS tools.
    private func localGeometries(_ db: Database, form: ZoneTable.GeometryForm) throws -> [String: LocalGeometry] {
        let tables = try Row.fetchAll(
            db,
            sql: """
                SELECT table_name, srs_id FROM gpkg_geometry_columns WHERE table_name LIKE 'zones\\_epsg%' ESCAPE '\\'
                """)
        var locals: [String: LocalGeometry] = [:]
        for description in tables {
            let name: String = description["table_name"]
            let epsg: Int = description["srs_id"]
            guard name == Schema.localTable(epsg: epsg) else { continue }
            let rows = try Row.fetchCursor(db, sql: "SELECT code, code, geom FROM \(name.quotedDatabaseIdentifier)")
            while let row = try rows.next() {
                let code: String = try CheckedRow(row, table: name)("code")
                var geometries: [WKBGeometry] = []
                var outlines = ZoneRings()
                var envelopes: [Envelope] = []
                try readGeometry(
                    row, zone: code, form: form, geometries: &geometries, outlines: &outlines, envelopes: &envelopes)
                locals[code] = LocalGeometry(
                    epsg: epsg, envelope: envelopes.first ?? .empty, geometry: geometries.first,
                    outline: outlines.isEmpty ? nil : outlines.outline(0))
            }
        }
        return locals
    }

    /// A zone's geometry in the form asked for; a blob that cannot be read names the zone.
    func readGeometry(
        _ row: Row, zone code: String, form: ZoneTable.GeometryForm, geometries: inout [WKBGeometry],
        outlines: inout ZoneRings, envelopes: inout [Envelope]
    ) throws {
        do {
            try Self.readGeometry(row, form: form, geometries: &geometries, outlines: &outlines, envelopes: &envelopes)
        } catch {
            throw StoreError("store.damaged_geometry", ["path": path, "zone": code, "cause": Message.of(error)])
        }
    }

    /// Decodes a zone's geometry blob in SQLite's own buffer (no copy) into the form asked for.
    private static func readGeometry(
        _ row: Row, form: ZoneTable.GeometryForm, geometries: inout [WKBGeometry],
        outlines: inout ZoneRings, envelopes: inout [Envelope]
    ) throws {
        guard case .blob = (row[2] as DatabaseValue).storage else {
            guard (row[2] as DatabaseValue).isNull else { throw GeoPackageBinary.DecodeError("gpkg.not_a_blob") }
            envelopes.append(.empty)
            if form == .wkb { geometries.append(WKBGeometry(wkb: [], envelope: .empty)) }
            if form == .outlines { outlines.appendEmpty() }
            return
        }
        try row.withUnsafeData(atIndex: 2) { blob in
            guard let blob else { return }
            try blob.withUnsafeBytes { raw in
                switch form {
                case .wkb:
                    let geometry = try GeoPackageBinary.decode(raw)
                    geometries.append(geometry)
                    envelopes.append(geometry.envelope)
                case .outlines:
                    let header = try GeoPackageBinary.header(raw)
                    let zone = outlines.count
                    try outlines.appendWKB(UnsafeRawBufferPointer(rebasing: raw[header.wkbOffset...]))
                    envelopes.append(header.envelope ?? outlines.envelope(of: zone))
                case .envelopeOnly:
                    let header = try GeoPackageBinary.header(raw)
                    envelopes.append(try header.envelope ?? WKBEnvelope.compute(Array(raw[header.wkbOffset...])))
                }
            }
        }
    }

    /// Count, min, max and sum of every attribute.
    public func attributeStatistics() throws -> [String: AttributeStatistics] {
        let ids = try attributes().map(\.id)
        guard !ids.isEmpty else { return [:] }
        return try read { db in
            try Self.checkNumbers(db, ids)
            let parts = ids.map { id in
                let c = id.quotedDatabaseIdentifier
                return "COUNT(\(c)), MIN(\(c)), MAX(\(c)), TOTAL(\(c))"
            }
            guard let row = try Row.fetchOne(db, sql: "SELECT \(parts.joined(separator: ", ")) FROM zones") else {
                return [:]
            }
            let checked = CheckedRow(row, table: Schema.zonesTable)
            var result: [String: AttributeStatistics] = [:]
            for (index, id) in ids.enumerated() {
                result[id] = AttributeStatistics(
                    count: try checked(at: index * 4, named: id),
                    min: try checked.optional(at: index * 4 + 1, named: id),
                    max: try checked.optional(at: index * 4 + 2, named: id),
                    sum: try checked(at: index * 4 + 3, named: id))
            }
            return result
        }
    }

    /// Refuses attribute columns holding text or blobs (SQLite keeps what it is given, whatever the
    /// column's type): the first one found is named with its zone.
    private static func checkNumbers(_ db: Database, _ ids: [String]) throws {
        let tests = ids.map { "typeof(\($0.quotedDatabaseIdentifier)) IN ('text', 'blob')" }.joined(separator: " OR ")
        let columns = ids.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        guard let row = try Row.fetchOne(db, sql: "SELECT code, \(columns) FROM zones WHERE \(tests) LIMIT 1") else {
            return
        }
        let code = String.fromDatabaseValue(row[0] as DatabaseValue) ?? "?"
        for (index, id) in ids.enumerated() {
            let value = row[1 + index] as DatabaseValue
            switch value.storage {
            case .string, .blob:
                throw Damage(table: Schema.zonesTable, column: id, found: Damage.describe(value), row: "zone \(code)")
            default: continue
            }
        }
    }

    /// The zones' extent in Lambert-93 (from gpkg_contents, kept up to date on write).
    public func extent() throws -> Envelope {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'zones'")
            else { return .empty }
            let checked = CheckedRow(row, table: "gpkg_contents")
            guard let minX: Double = try checked.optional("min_x"), let minY: Double = try checked.optional("min_y"),
                let maxX: Double = try checked.optional("max_x"), let maxY: Double = try checked.optional("max_y")
            else { return .empty }
            return Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
        }
    }

    /// Codes of zones whose envelope meets the box (through the R-tree).
    public func zoneCodes(intersecting box: Envelope) throws -> [String] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT z.code FROM zones z JOIN rtree_zones_geom r ON r.id = z.fid
                    WHERE r.maxx >= ? AND r.minx <= ? AND r.maxy >= ? AND r.miny <= ? ORDER BY z.code
                    """, arguments: [box.minX, box.maxX, box.minY, box.maxY]
            ).map { try CheckedRow($0, table: Schema.zonesTable)("code") }
        }
    }

    /// Codes of zones whose values of `attribute` were estimated while others are observed.
    public func estimatedValueCodes(attribute: String) throws -> [String] {
        try read { db in
            guard try db.tableExists("jumeau_estimated_values") else { return [] }
            return try Row.fetchAll(
                db, sql: "SELECT zone_code FROM jumeau_estimated_values WHERE attribute = ? ORDER BY zone_code",
                arguments: [attribute]
            ).map { try CheckedRow($0, table: "jumeau_estimated_values")("zone_code") }
        }
    }

    /// Saved scenarios (0 until the simulation writes some).
    public func scenarioCount() throws -> Int {
        try read { db in
            guard try db.tableExists("jumeau_scenarios") else { return 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jumeau_scenarios") ?? 0
        }
    }

    /// Tables and views registered in gpkg_contents.
    public func registeredTables() throws -> [String] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT table_name FROM gpkg_contents ORDER BY table_name")
                .map { try CheckedRow($0, table: "gpkg_contents")("table_name") }
        }
    }
}
