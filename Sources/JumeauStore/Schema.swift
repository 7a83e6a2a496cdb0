import Foundation
import GRDB
import JumeauModel

/// The twin's schema: an OGC GeoPackage 1.3 plus Jumeau's tables, built by
/// migrations so that a twin written by an older release opens in a newer one.
enum Schema {
    /// "GPKG" as a big-endian integer: PRAGMA application_id of every GeoPackage.
    static let applicationID: Int32 = 0x4750_4B47
    /// GeoPackage 1.3.0.
    static let userVersion = 10300

    static let zonesTable = "zones"
    static let geometryColumn = "geom"
    static let rtreeTable = "rtree_zones_geom"

    /// Every schema change, oldest first, with the tables it creates and their columns
    /// (what opening a twin checks). Never edit a shipped migration: add one.
    static let migrations: [Migration] = [
        Migration("v1-geopackage-core", createCore, tables: [
            "gpkg_spatial_ref_sys": ["srs_name", "srs_id", "organization", "organization_coordsys_id", "definition"],
            "gpkg_contents": ["table_name", "data_type", "identifier", "min_x", "min_y", "max_x", "max_y", "srs_id"],
            "gpkg_geometry_columns": ["table_name", "column_name", "geometry_type_name", "srs_id", "z", "m"],
            zonesTable: ["fid", geometryColumn, "code", "name"],
            "jumeau_attributes": ["attribute", "label_fr", "label_en", "unit", "source", "licence", "year", "status", "method"],
            "jumeau_territory": ["id", "name", "reference_year", "attribution", "created_at", "writer_version"],
            "jumeau_schema_migrations": ["identifier"],
        ]),
        Migration("v2-per-value-provenance", createPerValueProvenance, tables: [
            "jumeau_estimated_values": ["zone_code", "attribute"],
        ]),
        Migration("v3-scenarios", createScenarios, tables: [
            "jumeau_scenarios": ["id", "name", "levers", "notes", "author", "created_at", "updated_at"],
            "jumeau_runs": ["id", "scenario_id", "model_version", "inputs_hash", "first_year", "last_year", "created_at"],
            "jumeau_run_results": ["run_id", "indicator", "year", "value"],
            "jumeau_run_zone_results": ["run_id", "indicator", "year", "zone_values"],
        ]),
        Migration("v4-session-journal", createJournal, tables: [
            "jumeau_journal": ["id", "session", "at", "kind", "levers", "detail"],
        ]),
        Migration("v5-live-view", createLiveView, tables: [
            "jumeau_live_view": ["id", "session", "sequence", "levers", "scenario", "year", "variable", "center_x", "center_y",
                                 "metres_per_pixel", "active", "updated_at"],
        ]),
        Migration("v6-levels", createLevels, tables: [
            "jumeau_levels": ["level", "code", "name", "parent"],
        ]),
    ]

    /// Columns of `zones` added by migrations after the first (checked on opening).
    static let addedZoneColumns = ["dep", "reg", "epci", "missing"]

    /// The feature table holding the zones of an overseas projection, measured and drawn there.
    static func localTable(epsg: Int) -> String { "zones_epsg\(epsg)" }

    struct Migration: Sendable {
        var identifier: String
        var migrate: @Sendable (Database) throws -> Void
        /// Table → the columns Jumeau reads from it.
        var tables: [String: [String]]
        init(_ identifier: String, _ migrate: @escaping @Sendable (Database) throws -> Void, tables: [String: [String]]) {
            self.identifier = identifier; self.migrate = migrate; self.tables = tables
        }
    }

    /// The migrations a twin records as applied, from its own registered history
    /// (`jumeau_schema_migrations`), which survives a copy by GDAL. GRDB's internal
    /// ledger is not consulted: `ogr2ogr` drops it, being unregistered.
    static func appliedMigrations(_ db: Database) throws -> [String] {
        guard try db.tableExists("jumeau_schema_migrations") else { return [] }
        return try String.fetchAll(db, sql: "SELECT identifier FROM jumeau_schema_migrations ORDER BY id")
    }

    /// Applies the migrations missing from a twin, each in its own immediate transaction
    /// with its line in the history (so that two writers upgrading the same twin apply each
    /// once); returns their identifiers. A migration whose tables are already there though
    /// the history lacks it means the history was damaged: refused, never applied twice.
    /// GRDB's ledger, when the twin has one, gets the line too, so that Jumeau 0.1 (which
    /// reads it) recognises a twin upgraded or written by this release.
    @discardableResult
    static func migrate(_ writer: some DatabaseWriter, path: String) throws -> [String] {
        var done: [String] = []
        for migration in migrations {
            let applied = try writer.writeWithoutTransaction { db -> Bool in
                var applied = false
                try db.inTransaction(.immediate) {
                    guard !(try appliedMigrations(db)).contains(migration.identifier) else {
                        applied = true
                        return .rollback
                    }
                    if let existing = try migration.tables.keys.sorted().first(where: { try db.tableExists($0) }) {
                        throw StoreError("store.damaged_history", ["path": path, "migration": migration.identifier,
                                                                   "table": existing])
                    }
                    try migration.migrate(db)
                    try db.execute(sql: "INSERT INTO jumeau_schema_migrations (identifier) VALUES (?)",
                                   arguments: [migration.identifier])
                    if try db.tableExists(grdbLedger) {
                        try db.execute(sql: "INSERT OR IGNORE INTO \(grdbLedger) (identifier) VALUES (?)",
                                       arguments: [migration.identifier])
                    }
                    return .commit
                }
                return applied
            }
            if !applied { done.append(migration.identifier) }
        }
        return done
    }

    /// GRDB's migration ledger, which Jumeau 0.1 used to recognise a twin's schema.
    static let grdbLedger = "grdb_migrations"

    /// Creates GRDB's ledger in a new twin, for Jumeau 0.1: it would otherwise take the twin
    /// for an empty database and fail creating tables that exist. Not registered in
    /// gpkg_contents (GDAL's copies drop it); this release never reads it.
    static func writeLedgerForOlderReleases(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE IF NOT EXISTS \(grdbLedger) (identifier TEXT NOT NULL PRIMARY KEY)")
        for migration in migrations {
            try db.execute(sql: "INSERT OR IGNORE INTO \(grdbLedger) (identifier) VALUES (?)",
                           arguments: [migration.identifier])
        }
    }

    /// The GeoPackage core tables, the zones feature table with its R-tree, the
    /// attribute catalogue and the territory metadata.
    private static func createCore(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE gpkg_spatial_ref_sys (
              srs_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL PRIMARY KEY,
              organization TEXT NOT NULL,
              organization_coordsys_id INTEGER NOT NULL,
              definition TEXT NOT NULL,
              description TEXT);
            CREATE TABLE gpkg_contents (
              table_name TEXT NOT NULL PRIMARY KEY,
              data_type TEXT NOT NULL,
              identifier TEXT UNIQUE,
              description TEXT DEFAULT '',
              last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
              min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
              srs_id INTEGER,
              CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_geometry_columns (
              table_name TEXT NOT NULL,
              column_name TEXT NOT NULL,
              geometry_type_name TEXT NOT NULL,
              srs_id INTEGER NOT NULL,
              z TINYINT NOT NULL,
              m TINYINT NOT NULL,
              CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
              CONSTRAINT uk_gc_table_name UNIQUE (table_name),
              CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
              CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
            CREATE TABLE gpkg_extensions (
              table_name TEXT,
              column_name TEXT,
              extension_name TEXT NOT NULL,
              definition TEXT NOT NULL,
              scope TEXT NOT NULL,
              CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
            """)
        // The two undefined systems every GeoPackage carries; EPSG rows come from PROJ at creation.
        try db.execute(sql: """
            INSERT INTO gpkg_spatial_ref_sys VALUES
              ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
              ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
            """)

        try db.execute(sql: """
            CREATE TABLE zones (
              fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              geom MULTIPOLYGON,
              code TEXT NOT NULL UNIQUE,
              name TEXT NOT NULL);
            CREATE TABLE jumeau_attributes (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              attribute TEXT NOT NULL UNIQUE,
              label_fr TEXT NOT NULL,
              label_en TEXT NOT NULL,
              unit TEXT NOT NULL,
              source TEXT NOT NULL,
              licence TEXT NOT NULL,
              year INTEGER,
              status TEXT NOT NULL CHECK (status IN ('observed', 'estimated', 'mixed', 'computed')),
              method TEXT NOT NULL DEFAULT '');
            CREATE TABLE jumeau_territory (
              id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
              name TEXT NOT NULL,
              reference_year INTEGER NOT NULL,
              attribution TEXT NOT NULL,
              created_at DATETIME NOT NULL,
              writer_version TEXT NOT NULL);
            CREATE TABLE jumeau_schema_migrations (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              identifier TEXT NOT NULL UNIQUE,
              applied_at DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
            """)
        try register(db, table: "jumeau_attributes", description: "Every zone attribute with its unit, source, licence, year and status")
        try register(db, table: "jumeau_territory", description: "Territory metadata: name, reference year, attribution")
        try register(db, table: "jumeau_schema_migrations", description: "Schema migrations applied to this twin")

        // R-tree spatial index (GeoPackage extension gpkg_rtree_index, 1.3 triggers).
        let t = zonesTable, c = geometryColumn, r = rtreeTable, i = "fid"
        let values = "NEW.\(i), ST_MinX(NEW.\(c)), ST_MaxX(NEW.\(c)), ST_MinY(NEW.\(c)), ST_MaxY(NEW.\(c))"
        try db.execute(sql: """
            CREATE VIRTUAL TABLE \(r) USING rtree(id, minx, maxx, miny, maxy);
            CREATE TRIGGER \(r)_insert AFTER INSERT ON \(t)
              WHEN (NEW.\(c) NOT NULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            CREATE TRIGGER \(r)_update1 AFTER UPDATE OF \(c) ON \(t)
              WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            CREATE TRIGGER \(r)_update2 AFTER UPDATE OF \(c) ON \(t)
              WHEN OLD.\(i) = NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            CREATE TRIGGER \(r)_update3 AFTER UPDATE ON \(t)
              WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) NOTNULL AND NOT ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); INSERT OR REPLACE INTO \(r) VALUES (\(values)); END;
            CREATE TRIGGER \(r)_update4 AFTER UPDATE ON \(t)
              WHEN OLD.\(i) != NEW.\(i) AND (NEW.\(c) ISNULL OR ST_IsEmpty(NEW.\(c)))
              BEGIN DELETE FROM \(r) WHERE id IN (OLD.\(i), NEW.\(i)); END;
            CREATE TRIGGER \(r)_delete AFTER DELETE ON \(t)
              WHEN OLD.\(c) NOT NULL
              BEGIN DELETE FROM \(r) WHERE id = OLD.\(i); END;
            """)
        try db.execute(sql: """
            INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope)
            VALUES ('\(t)', '\(c)', 'gpkg_rtree_index', 'http://www.geopackage.org/spec130/#extension_rtree', 'write-only')
            """)
    }

    /// Which zone values were estimated when an attribute is observed for other zones.
    private static func createPerValueProvenance(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jumeau_estimated_values (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              zone_code TEXT NOT NULL,
              attribute TEXT NOT NULL,
              UNIQUE (zone_code, attribute));
            """)
        try register(db, table: "jumeau_estimated_values",
                     description: "Zone values estimated where an attribute is otherwise observed")
    }

    /// Saved scenarios, their runs and results.
    private static func createScenarios(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jumeau_scenarios (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              name TEXT NOT NULL UNIQUE,
              levers TEXT NOT NULL,
              notes TEXT NOT NULL DEFAULT '',
              author TEXT NOT NULL DEFAULT '',
              created_at DATETIME NOT NULL,
              updated_at DATETIME NOT NULL);
            CREATE TABLE jumeau_runs (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              scenario_id INTEGER NOT NULL REFERENCES jumeau_scenarios(id) ON DELETE CASCADE,
              model_version TEXT NOT NULL,
              inputs_hash TEXT NOT NULL,
              first_year INTEGER NOT NULL,
              last_year INTEGER NOT NULL,
              created_at DATETIME NOT NULL);
            CREATE TABLE jumeau_run_results (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              run_id INTEGER NOT NULL REFERENCES jumeau_runs(id) ON DELETE CASCADE,
              indicator TEXT NOT NULL,
              year INTEGER NOT NULL,
              value REAL NOT NULL,
              UNIQUE (run_id, indicator, year));
            CREATE TABLE jumeau_run_zone_results (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              run_id INTEGER NOT NULL REFERENCES jumeau_runs(id) ON DELETE CASCADE,
              indicator TEXT NOT NULL,
              year INTEGER NOT NULL,
              zone_values BLOB NOT NULL,
              UNIQUE (run_id, indicator, year));
            """)
        try register(db, table: "jumeau_scenarios", description: "Saved scenarios: lever settings and schedules, notes, author")
        try register(db, table: "jumeau_runs", description: "Runs of saved scenarios: model version and inputs hash")
        try register(db, table: "jumeau_run_results", description: "Territory indicators of each run, per year")
        try register(db, table: "jumeau_run_zone_results",
                     description: "Zone indicators of each run for key years (little-endian float64 per zone, in code order)")
    }

    /// The explorer's session journal: every lever change, save and load, with its
    /// time, so a dropped connection can resume and a workshop can be retraced.
    private static func createJournal(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jumeau_journal (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              session TEXT NOT NULL,
              at DATETIME NOT NULL,
              kind TEXT NOT NULL,
              levers TEXT NOT NULL,
              detail TEXT NOT NULL DEFAULT '');
            CREATE INDEX jumeau_journal_session ON jumeau_journal (session, id);
            """)
        try register(db, table: "jumeau_journal", description: "Explorer session journal: lever changes, saves and loads, with their time")
    }

    /// One row: what the facilitator's explorer shows, for `explore --follow`.
    private static func createLiveView(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE jumeau_live_view (
              id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
              session TEXT NOT NULL,
              sequence INTEGER NOT NULL,
              levers TEXT NOT NULL,
              scenario TEXT,
              year INTEGER NOT NULL,
              variable TEXT NOT NULL,
              center_x REAL NOT NULL,
              center_y REAL NOT NULL,
              metres_per_pixel REAL NOT NULL,
              active INTEGER NOT NULL,
              updated_at DATETIME NOT NULL);
            """)
        try register(db, table: "jumeau_live_view", description: "What the facilitator's explorer shows, for followers (explore --follow)")
    }

    /// Each zone's région, département and EPCI, their names, and which zones lack data.
    private static func createLevels(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE zones ADD COLUMN dep TEXT;
            ALTER TABLE zones ADD COLUMN reg TEXT;
            ALTER TABLE zones ADD COLUMN epci TEXT;
            ALTER TABLE zones ADD COLUMN missing TEXT;
            CREATE TABLE jumeau_levels (
              id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
              level TEXT NOT NULL CHECK (level IN ('reg', 'dep', 'epci')),
              code TEXT NOT NULL,
              name TEXT NOT NULL,
              parent TEXT,
              UNIQUE (level, code));
            """)
        try register(db, table: "jumeau_levels",
                     description: "Régions, départements and EPCIs of the zones: code, name and enclosing région")
    }

    /// Adds a spatial reference system (PROJ's definition) to gpkg_spatial_ref_sys.
    static func insert(_ system: SpatialReferenceSystem, _ db: Database, replacing: Bool) throws {
        try db.execute(
            sql: """
                INSERT OR \(replacing ? "REPLACE" : "IGNORE") INTO gpkg_spatial_ref_sys
                  (srs_name, srs_id, organization, organization_coordsys_id, definition, description)
                VALUES (?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                system.name, system.srsID, system.organization, system.organizationCoordsysID, system.definition,
                system.description,
            ])
    }

    static func register(_ db: Database, table: String, description: String) throws {
        try db.execute(sql: """
            INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
            VALUES (?, 'attributes', ?, ?)
            """, arguments: [table, table, description])
    }

    /// The functions the GeoPackage R-tree triggers call, over geometry blobs.
    static func addGeometryFunctions(_ db: Database) {
        // Called by the R-tree triggers for every row written: read the envelope from
        // the blob's header in place, without copying the blob.
        @Sendable func envelope(_ value: DatabaseValue) -> Envelope? {
            guard case .blob(let data) = value.storage else { return nil }
            return data.withUnsafeBytes { raw -> Envelope? in
                guard let header = try? GeoPackageBinary.header(raw), !header.isEmpty else { return nil }
                if let envelope = header.envelope { return envelope }
                let wkb = [UInt8](raw[header.wkbOffset...])
                return try? WKBEnvelope.compute(wkb)
            }
        }
        func envelopeFunction(_ name: String, _ pick: @escaping @Sendable (Envelope) -> Double) -> DatabaseFunction {
            DatabaseFunction(name, argumentCount: 1, pure: true) { values in
                guard let envelope = envelope(values[0]), !envelope.isEmpty else { return nil }
                return pick(envelope)
            }
        }
        db.add(function: envelopeFunction("ST_MinX") { $0.minX })
        db.add(function: envelopeFunction("ST_MaxX") { $0.maxX })
        db.add(function: envelopeFunction("ST_MinY") { $0.minY })
        db.add(function: envelopeFunction("ST_MaxY") { $0.maxY })
        db.add(function: DatabaseFunction("ST_IsEmpty", argumentCount: 1, pure: true) { values in
            guard case .blob(let data) = values[0].storage else { return nil }
            return data.withUnsafeBytes { raw -> Bool? in
                guard let header = try? GeoPackageBinary.header(raw) else { return nil }
                return header.isEmpty
            }
        })
    }
}
