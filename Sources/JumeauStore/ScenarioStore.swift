import Foundation
import GRDB
import JumeauModel

/// Saved scenarios and their runs, in the twin.
extension TwinStore {
    /// Saves a scenario (replacing one of the same name, keeping its creation time)
    /// with its latest run, in one transaction.
    public func saveScenario(_ scenario: SavedScenario, run: SavedRun?) throws {
        try write { db in
            var record = ScenarioRecord(scenario)
            if let existing = try ScenarioRecord.filter(Column("name") == scenario.name).fetchOne(db) {
                guard ScenarioOwnership.mayReplace(existing.scenario, by: scenario.author) else {
                    throw ScenarioOwnership.taken(existing.scenario)
                }
                record.id = existing.id
                record.scenario.createdAt = existing.scenario.createdAt
                try record.update(db)
                try db.execute(sql: "DELETE FROM jumeau_runs WHERE scenario_id = ?", arguments: [existing.id])
            } else {
                try record.insert(db)
                record.id = db.lastInsertedRowID
            }
            guard let run, let scenarioID = record.id else { return }
            var runRecord = RunRecord(scenarioID: scenarioID, run: run)
            try runRecord.insert(db)
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
        try read { db in
            guard try db.tableExists("jumeau_scenarios") else { return [] }
            return try ScenarioRecord.order(Column("name")).fetchAll(db).map(\.scenario)
        }
    }

    public func scenario(named name: String) throws -> SavedScenario? {
        try read { db in
            guard try db.tableExists("jumeau_scenarios") else { return nil }
            return try ScenarioRecord.filter(Column("name") == name).fetchOne(db)?.scenario
        }
    }

    public func deleteScenario(named name: String, by author: String) throws -> Bool {
        try write { db in
            guard let existing = try ScenarioRecord.filter(Column("name") == name).fetchOne(db) else { return false }
            guard ScenarioOwnership.mayReplace(existing.scenario, by: author) else {
                throw ScenarioOwnership.taken(existing.scenario)
            }
            try db.execute(sql: "DELETE FROM jumeau_scenarios WHERE name = ?", arguments: [name])
            return db.changesCount > 0
        }
    }

    /// The latest run saved with a scenario, territory and zone results included.
    public func latestRun(scenario name: String) throws -> SavedRun? {
        try read { db in
            guard try db.tableExists("jumeau_runs"),
                  let run = try RunRecord.fetchOne(db, sql: """
                    SELECT r.* FROM jumeau_runs r JOIN jumeau_scenarios s ON s.id = r.scenario_id
                    WHERE s.name = ? ORDER BY r.id DESC LIMIT 1
                    """, arguments: [name]), let runID = run.id else { return nil }
            let years = Array(run.firstYear...run.lastYear)
            var territory: [String: [Double]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT indicator, year, value FROM jumeau_run_results WHERE run_id = ?",
                                        arguments: [runID]) {
                let r = CheckedRow(row, table: "jumeau_run_results")
                let indicator: String = try r("indicator"), year: Int = try r("year")
                var values = territory[indicator] ?? [Double](repeating: .nan, count: years.count)
                if year >= run.firstYear && year <= run.lastYear { values[year - run.firstYear] = try r("value") }
                territory[indicator] = values
            }
            var zones: [String: [Int: [Double]]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT indicator, year, zone_values FROM jumeau_run_zone_results WHERE run_id = ?",
                                        arguments: [runID]) {
                let r = CheckedRow(row, table: "jumeau_run_zone_results")
                let data: Data = try r("zone_values")
                let values = data.withUnsafeBytes { raw in
                    stride(from: 0, to: raw.count - 7, by: 8).map {
                        Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0, as: UInt64.self)))
                    }
                }
                zones[try r("indicator"), default: [:]][try r("year")] = values
            }
            return SavedRun(modelVersion: run.modelVersion, inputsHash: run.inputsHash, years: years,
                            territory: territory, zones: zones, createdAt: run.createdAt)
        }
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
            try JournalRecord(entry).insert(db)
        }
    }

    /// The entries of the most recent session, oldest first.
    public func lastJournalSession() throws -> [JournalEntry] {
        try read { db in
            guard try db.tableExists("jumeau_journal"),
                  let last = try Row.fetchOne(db, sql: "SELECT session FROM jumeau_journal ORDER BY id DESC LIMIT 1") else { return [] }
            let session: String = try CheckedRow(last, table: "jumeau_journal")("session")
            return try JournalRecord.fetchAll(db, sql: "SELECT * FROM jumeau_journal WHERE session = ? ORDER BY id",
                                              arguments: [session]).map(\.entry)
        }
    }

    /// Renames a saved scenario; false when there is none of that name.
    public func renameScenario(from old: String, to new: String, by author: String) throws -> Bool {
        try write { db in
            guard let existing = try ScenarioRecord.filter(Column("name") == old).fetchOne(db) else { return false }
            guard ScenarioOwnership.mayReplace(existing.scenario, by: author) else {
                throw ScenarioOwnership.taken(existing.scenario)
            }
            try db.execute(
                sql: "UPDATE jumeau_scenarios SET name = ?, updated_at = ? WHERE name = ?",
                arguments: [new, Date(), old])
            return db.changesCount > 0
        }
    }
}
