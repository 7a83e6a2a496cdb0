import Foundation
import GRDB
import JumeauModel

/// Saved scenarios and their runs, in the twin.
extension TwinStore {
    /// Saves a scenario (replacing one of the same name, keeping its creation time)
    /// with its latest run, in one transaction.
    public func saveScenario(_ scenario: SavedScenario, run: SavedRun?) throws {
        try write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT id, created_at FROM jumeau_scenarios WHERE name = ?",
                                            arguments: [scenario.name])
            let scenarioID: Int64
            if let existing {
                scenarioID = existing["id"]
                try db.execute(sql: """
                    UPDATE jumeau_scenarios SET levers = ?, notes = ?, author = ?, updated_at = ? WHERE id = ?
                    """, arguments: [scenario.leversJSON, scenario.notes, scenario.author, scenario.updatedAt, scenarioID])
                try db.execute(sql: "DELETE FROM jumeau_runs WHERE scenario_id = ?", arguments: [scenarioID])
            } else {
                try db.execute(sql: """
                    INSERT INTO jumeau_scenarios (name, levers, notes, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [scenario.name, scenario.leversJSON, scenario.notes, scenario.author,
                                     scenario.createdAt, scenario.updatedAt])
                scenarioID = db.lastInsertedRowID
            }
            guard let run else { return }
            try db.execute(sql: """
                INSERT INTO jumeau_runs (scenario_id, model_version, inputs_hash, first_year, last_year, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scenarioID, run.modelVersion, run.inputsHash, run.years.first ?? 0, run.years.last ?? 0,
                                 run.createdAt])
            let runID = db.lastInsertedRowID
            let result = try db.makeStatement(sql: "INSERT INTO jumeau_run_results (run_id, indicator, year, value) VALUES (?, ?, ?, ?)")
            for (indicator, values) in run.territory.sorted(by: { $0.key < $1.key }) {
                for (year, value) in zip(run.years, values) {
                    try result.execute(arguments: [runID, indicator, year, value])
                }
            }
            let zones = try db.makeStatement(sql: "INSERT INTO jumeau_run_zone_results (run_id, indicator, year, zone_values) VALUES (?, ?, ?, ?)")
            for (indicator, byYear) in run.zones.sorted(by: { $0.key < $1.key }) {
                for (year, values) in byYear.sorted(by: { $0.key < $1.key }) {
                    var bytes = [UInt8]()
                    bytes.reserveCapacity(values.count * 8)
                    for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
                    try zones.execute(arguments: [runID, indicator, year, Data(bytes)])
                }
            }
        }
    }

    public func scenarios() throws -> [SavedScenario] {
        try dbQueue.read { db in
            guard try db.tableExists("jumeau_scenarios") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM jumeau_scenarios ORDER BY name").map(Self.scenario)
        }
    }

    public func scenario(named name: String) throws -> SavedScenario? {
        try dbQueue.read { db in
            guard try db.tableExists("jumeau_scenarios") else { return nil }
            return try Row.fetchOne(db, sql: "SELECT * FROM jumeau_scenarios WHERE name = ?", arguments: [name]).map(Self.scenario)
        }
    }

    public func deleteScenario(named name: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM jumeau_scenarios WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// The latest run saved with a scenario, territory and zone results included.
    public func latestRun(scenario name: String) throws -> SavedRun? {
        try dbQueue.read { db in
            guard try db.tableExists("jumeau_runs"),
                  let run = try Row.fetchOne(db, sql: """
                    SELECT r.* FROM jumeau_runs r JOIN jumeau_scenarios s ON s.id = r.scenario_id
                    WHERE s.name = ? ORDER BY r.id DESC LIMIT 1
                    """, arguments: [name]) else { return nil }
            let runID: Int64 = run["id"]
            let first: Int = run["first_year"], last: Int = run["last_year"]
            let years = Array(first...max(first, last))
            var territory: [String: [Double]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT indicator, year, value FROM jumeau_run_results WHERE run_id = ?",
                                        arguments: [runID]) {
                let indicator: String = row["indicator"], year: Int = row["year"]
                var values = territory[indicator] ?? [Double](repeating: .nan, count: years.count)
                if year >= first && year <= last { values[year - first] = row["value"] }
                territory[indicator] = values
            }
            var zones: [String: [Int: [Double]]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT indicator, year, zone_values FROM jumeau_run_zone_results WHERE run_id = ?",
                                        arguments: [runID]) {
                let data: Data = row["zone_values"]
                let values = data.withUnsafeBytes { raw in
                    stride(from: 0, to: raw.count - 7, by: 8).map {
                        Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self)))
                    }
                }
                zones[row["indicator"], default: [:]][row["year"]] = values
            }
            return SavedRun(modelVersion: run["model_version"], inputsHash: run["inputs_hash"], years: years,
                            territory: territory, zones: zones, createdAt: run["created_at"])
        }
    }

    private static func scenario(_ row: Row) -> SavedScenario {
        SavedScenario(name: row["name"], leversJSON: row["levers"], notes: row["notes"], author: row["author"],
                      createdAt: row["created_at"], updatedAt: row["updated_at"])
    }

    /// A write transaction with errors phrased for the user.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.write(body)
        } catch let error as DatabaseError {
            throw StoreError("store.cannot_write", ["path": path, "cause": Self.describe(error)])
        }
    }
}

/// The session journal.
extension TwinStore {
    public func appendJournal(_ entry: JournalEntry) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO jumeau_journal (session, at, kind, levers, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [entry.session, entry.at, entry.kind.rawValue, entry.leversJSON, entry.detail])
        }
    }

    /// The entries of the most recent session, oldest first.
    public func lastJournalSession() throws -> [JournalEntry] {
        try dbQueue.read { db in
            guard try db.tableExists("jumeau_journal"),
                  let session = try String.fetchOne(db, sql: "SELECT session FROM jumeau_journal ORDER BY id DESC LIMIT 1") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT * FROM jumeau_journal WHERE session = ? ORDER BY id", arguments: [session]).map { row in
                JournalEntry(session: row["session"], at: row["at"], kind: JournalEntry.Kind(rawValue: row["kind"]) ?? .levers,
                             leversJSON: row["levers"], detail: row["detail"])
            }
        }
    }

    /// Renames a saved scenario; false when there is none of that name.
    public func renameScenario(from old: String, to new: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE jumeau_scenarios SET name = ?, updated_at = ? WHERE name = ?", arguments: [new, Date(), old])
            return db.changesCount > 0
        }
    }
}
