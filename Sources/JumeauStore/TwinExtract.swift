import Foundation
import GRDB
import JumeauModel

/// A local twin cut from a larger one (`jumeau extract`).
extension TwinStore {
    /// Where a new twin for `destination` is written before it is put in place: beside it
    /// (same file system), hidden, and named after this process.
    public static func scratchPath(for destination: String) -> String {
        let directory = (destination as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory)
            + "/.\((destination as NSString).lastPathComponent).\(getpid()).partial"
    }

    /// Writes the twin of the zones `codes` at `destination`: the same schema, attributes
    /// and their provenance, levels (those the zones are in), overseas geometry, and the
    /// given scenarios; no runs, journal or shared view (they belong to the whole twin).
    /// Written beside the destination and put in place whole (`install`).
    /// - Parameters:
    ///   - name: the new twin's territory name (the selection's).
    ///   - scenarios: the scenarios to keep, their levers already limited to the zones.
    ///   - replacing: an existing file at `destination` may be replaced (`--force`).
    public func extract(
        codes: [String], name: String, scenarios: [SavedScenario], to destination: String, replacing: Bool
    ) throws {
        if !replacing && FileManager.default.fileExists(atPath: destination) {
            throw StoreError("store.exists", ["path": destination])
        }
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: destination)) != nil
            || URL(fileURLWithPath: destination).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL
        {
            throw StoreError("store.extract_onto_source", ["path": destination])
        }
        let scratch = Self.scratchPath(for: destination)
        try? FileManager.default.removeItem(atPath: scratch)
        var mark: Int32?
        defer { TwinLocks.releaseScratch(mark) }
        do {
            // A copy made by SQLite from one read transaction: consistent, whatever writes.
            try dbQueue.inDatabase { db in try db.execute(sql: "VACUUM INTO ?", arguments: [scratch]) }
            mark = TwinLocks.holdScratch(scratch)
            let copy = try DatabaseQueue(
                path: scratch, configuration: Self.configuration(readOnly: false, scratch: true))
            try copy.write { db in try Self.keep(codes, name: name, scenarios: scenarios, db) }
            // The deleted zones' pages go: the local twin is the size of its zones.
            try copy.writeWithoutTransaction { try $0.execute(sql: "VACUUM") }
            try copy.close()
            try Self.sync(scratch)
            try Self.install(scratch: scratch, at: destination, replacing: replacing)
        } catch let error as StoreError {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw StoreError("store.cannot_write", ["path": destination, "cause": Self.describe(error)])
        }
    }

    /// Leaves in a copy of the twin only what belongs to the zones `codes`.
    private static func keep(_ codes: [String], name: String, scenarios: [SavedScenario], _ db: Database) throws {
        try db.execute(sql: "CREATE TEMP TABLE jumeau_keep (code TEXT PRIMARY KEY)")
        let insert = try db.makeStatement(sql: "INSERT OR IGNORE INTO jumeau_keep (code) VALUES (?)")
        for code in codes { try insert.execute(arguments: [code]) }
        let local = try String.fetchAll(
            db, sql: "SELECT table_name FROM gpkg_geometry_columns WHERE table_name LIKE 'zones\\_epsg%' ESCAPE '\\'")
        // Overseas geometry first: it refers to the zones.
        for table in local where table.hasPrefix("zones_epsg") && table.dropFirst(10).allSatisfy(\.isNumber) {
            try db.execute(
                sql: "DELETE FROM \(table.quotedDatabaseIdentifier) WHERE code NOT IN (SELECT code FROM jumeau_keep)")
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.quotedDatabaseIdentifier)") == 0 {
                try db.execute(sql: "DROP TABLE \(table.quotedDatabaseIdentifier)")
                for registry in ["gpkg_geometry_columns", "gpkg_contents"] {
                    try db.execute(sql: "DELETE FROM \(registry) WHERE table_name = ?", arguments: [table])
                }
            }
        }
        try db.execute(sql: "DELETE FROM zones WHERE code NOT IN (SELECT code FROM jumeau_keep)")
        if try db.tableExists("jumeau_estimated_values") {
            try db.execute(
                sql: "DELETE FROM jumeau_estimated_values WHERE zone_code NOT IN (SELECT code FROM jumeau_keep)")
        }
        if try db.tableExists("jumeau_levels") {
            try db.execute(
                sql: """
                    DELETE FROM jumeau_levels WHERE NOT EXISTS (
                      SELECT 1 FROM zones WHERE (jumeau_levels.level = 'reg' AND zones.reg = jumeau_levels.code)
                        OR (jumeau_levels.level = 'dep' AND zones.dep = jumeau_levels.code)
                        OR (jumeau_levels.level = 'epci' AND zones.epci = jumeau_levels.code))
                    """)
        }
        // Runs, the journal and the shared view were the whole twin's.
        for table in [
            "jumeau_run_zone_results", "jumeau_run_results", "jumeau_runs", "jumeau_scenarios",
            "jumeau_journal", "jumeau_live_view",
        ]
        where try db.tableExists(table) {
            try db.execute(sql: "DELETE FROM \(table.quotedDatabaseIdentifier)")
        }
        for scenario in scenarios { try ScenarioRecord(scenario).insert(db) }
        try db.execute(sql: "UPDATE jumeau_territory SET name = ?", arguments: [name])
        try db.execute(
            sql: """
                UPDATE gpkg_contents SET
                  min_x = (SELECT MIN(minx) FROM rtree_zones_geom), max_x = (SELECT MAX(maxx) FROM rtree_zones_geom),
                  min_y = (SELECT MIN(miny) FROM rtree_zones_geom), max_y = (SELECT MAX(maxy) FROM rtree_zones_geom),
                  description = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now')
                WHERE table_name = 'zones'
                """, arguments: ["Zones of \(name)"])
    }
}

/// A new twin written from what another store read (a server's twin cut to a territory).
extension TwinStore {
    /// Creates a twin beside `destination`, lets `body` fill it, and puts it in place whole; on any
    /// failure nothing is left beside the destination and an existing file is untouched.
    public static func build(
        at destination: String, replacing: Bool, metadata: TerritoryMetadata,
        referenceSystems: [SpatialReferenceSystem], attributes: [AttributeDefinition],
        _ body: (TwinStore) throws -> Void
    ) throws {
        if !replacing && FileManager.default.fileExists(atPath: destination) {
            throw StoreError("store.exists", ["path": destination])
        }
        let scratch = scratchPath(for: destination)
        try? FileManager.default.removeItem(atPath: scratch)
        var mark: Int32?
        defer { TwinLocks.releaseScratch(mark) }
        do {
            let store = try create(
                at: scratch, metadata: metadata, referenceSystems: referenceSystems, attributes: attributes,
                scratch: true)
            mark = TwinLocks.holdScratch(scratch)
            try body(store)
            try store.close()
            try install(scratch: scratch, at: destination, replacing: replacing)
        } catch let error as StoreError {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw StoreError("store.cannot_write", ["path": destination, "cause": describe(error)])
        }
    }
}
