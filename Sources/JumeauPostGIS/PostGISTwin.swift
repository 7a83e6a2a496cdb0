import Foundation
import JumeauModel
import JumeauStore
import NIOCore
import PostgresNIO

/// A twin published to a PostgreSQL/PostGIS schema (`jumeau publish`), as a `TwinStorage`: the
/// command line and the explorer read it, save scenarios into it and share a view through it
/// exactly as with a GeoPackage file.
///
/// One connection per twin, its calls one at a time. Values are always bound; identifiers are the
/// schema (checked by `ServerAddress`) and attribute names (checked when published), both quoted.
public final class PostGISTwin: TwinStorage, @unchecked Sendable {
    public let address: ServerAddress
    public var location: String { address.description }
    /// The connected role may not write scenarios (it may only read the twin).
    public let isReadOnly: Bool
    public let upgrades: [String] = []
    /// A lost connection is opened again at the next call, no sooner than the backoff allows
    /// (the explorer); otherwise the call fails with one line (the command line).
    let reconnects: Bool

    /// The tables an agent writes (granted by `jumeau publish --roles`).
    public static let agentTables = [
        "jumeau_scenarios", "jumeau_runs", "jumeau_run_results", "jumeau_run_zone_results", "jumeau_journal",
        "jumeau_live_view",
    ]

    private let lock = NSLock()
    private var connection: ServerConnection?
    /// When the next reconnection may be tried, and the wait after that one fails.
    private var nextAttempt = Date.distantPast
    private var backoff: TimeInterval = PostGISTwin.firstBackoff
    private var listener: Task<Void, Never>?

    static let firstBackoff: TimeInterval = 0.25
    static let longestBackoff: TimeInterval = 8

    /// The notification channel of a schema's shared view (at most 60 bytes: a schema has 48).
    var channel: String { "jumeau_live_" + address.schema }

    /// Connects and checks that the schema holds a twin this version reads.
    /// - Parameter reconnecting: reconnect after a lost connection (the explorer) rather than fail.
    public static func open(_ address: ServerAddress, reconnecting: Bool = false) throws -> PostGISTwin {
        let connection = try Blocking.wait { try await Self.connect(address) }
        do {
            let state = try Blocking.wait {
                try await connection.strings(
                    """
                    SELECT CASE
                      WHEN to_regclass(\(address.schema + ".jumeau_territory")) IS NULL THEN 'none'
                      WHEN to_regclass(\(address.schema + ".jumeau_live_view")) IS NULL THEN 'old'
                      WHEN has_table_privilege(\(address.schema + ".jumeau_scenarios"), 'INSERT') THEN 'agent'
                      ELSE 'reader' END
                    """)
            }
            switch state.first {
            case "agent", "reader": break
            case "old": throw ServerError("server.old_twin", ["server": address.description])
            default: throw ServerError("server.no_twin", ["server": address.description, "schema": address.schema])
            }
            return PostGISTwin(
                address: address, connection: connection, readOnly: state.first == "reader", reconnects: reconnecting)
        } catch {
            try? Blocking.wait { try await connection.close() }
            throw ServerConnection.explained(error, address)
        }
    }

    private init(address: ServerAddress, connection: ServerConnection, readOnly: Bool, reconnects: Bool) {
        self.address = address
        self.connection = connection
        self.isReadOnly = readOnly
        self.reconnects = reconnects
    }

    deinit {
        listener?.cancel()
        if let connection { try? Blocking.wait { try await connection.close() } }
    }

    static func connect(_ address: ServerAddress) async throws -> ServerConnection {
        let connection = try await ServerConnection.open(address)
        do {
            try await connection.run("SET client_encoding TO 'UTF8'")
            try await connection.run("SET search_path TO \(quoted(address.schema)), public")
            return connection
        } catch {
            try? await connection.close()
            throw ServerConnection.explained(error, address)
        }
    }

    static func quoted(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Runs `body` on the connection, opening it again first when it was lost and reconnecting is
    /// allowed (at most once per backoff period, the period doubling up to `longestBackoff`).
    func call<T: Sendable>(_ body: @escaping @Sendable (ServerConnection) async throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        if connection.map({ $0.connection.isClosed }) ?? true {
            connection = nil
            guard reconnects else { throw ServerError("server.dropped", ["server": address.description]) }
            guard Date() >= nextAttempt else {
                throw ServerError("server.reconnecting", ["server": address.description])
            }
            let address = self.address
            do {
                connection = try Blocking.wait { try await Self.connect(address) }
                backoff = Self.firstBackoff
            } catch {
                nextAttempt = Date().addingTimeInterval(backoff)
                backoff = min(backoff * 2, Self.longestBackoff)
                throw ServerError("server.reconnecting", ["server": address.description])
            }
        }
        guard let connection else { throw ServerError("server.dropped", ["server": address.description]) }
        let timeout = reconnects ? Self.explorerTimeout : Self.commandTimeout, address = self.address
        do {
            // A link that goes silent (no reset) would leave the call waiting for TCP's own timeout,
            // minutes on: past `timeout` the connection is closed, and the call fails as a lost one.
            return try Blocking.wait {
                try await withThrowingTaskGroup(of: Answer<T>.self) { group in
                    group.addTask { Answer.value(try await body(connection)) }
                    group.addTask {
                        try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                        return Answer.late
                    }
                    defer { group.cancelAll() }
                    guard case .value(let value) = try await group.next() else {
                        try? await connection.close()
                        throw ServerError(
                            "server.timeout", ["server": address.description, "seconds": String(Int(timeout))])
                    }
                    return value
                }
            }
        } catch {
            if connection.connection.isClosed { self.connection = nil }
            if reconnects && connection.connection.isClosed {
                throw ServerError("server.reconnecting", ["server": address.description])
            }
            throw ServerConnection.explained(error, address)
        }
    }

    /// What a call's race against its timeout gives.
    enum Answer<T: Sendable>: Sendable {
        case value(T)
        case late
    }

    /// How long a call may wait for the server: a command's may be a national save under load; the
    /// explorer's banner should come sooner.
    static let commandTimeout: TimeInterval = 300
    static let explorerTimeout: TimeInterval = 30

    public func close() throws {
        lock.lock()
        defer { lock.unlock() }
        listener?.cancel()
        listener = nil
        if let connection { try? Blocking.wait { try await connection.close() } }
        connection = nil
    }

    public func storageFormat() throws -> String {
        let versions = try call { connection in
            try await connection.strings(
                """
                SELECT current_setting('server_version') || ' / PostGIS '
                  || coalesce((SELECT extversion FROM pg_extension WHERE extname = 'postgis'), '?')
                """)
        }
        return "PostgreSQL " + (versions.first ?? "?")
    }

    public func schemaVersion() throws -> String { "postgis-1" }

    // MARK: The territory

    public func metadata() throws -> TerritoryMetadata {
        let rows = try call { connection in
            try await connection.rows(
                "SELECT name, reference_year, attribution, created_at, writer_version FROM jumeau_territory",
                as: (String, Int, String, Date, String).self)
        }
        guard let row = rows.first, TerritoryMetadata.referenceYears.contains(row.1) else {
            throw ServerError("server.damaged", ["server": location, "table": "jumeau_territory"])
        }
        return TerritoryMetadata(
            name: row.0, referenceYear: row.1, attribution: row.2, createdAt: row.3, writerVersion: row.4)
    }

    public func attributes() throws -> [AttributeDefinition] {
        let rows = try call { connection in
            try await connection.rows(
                """
                SELECT attribute, label_fr, label_en, unit, source, licence, year, status, method
                FROM jumeau_attributes ORDER BY position
                """, as: (String, String, String, String, String, String, Int?, String, String).self)
        }
        return try rows.map { row in
            guard let status = ValueStatus(rawValue: row.7) else {
                throw ServerError("server.damaged", ["server": location, "table": "jumeau_attributes"])
            }
            return AttributeDefinition(
                id: row.0, labelFR: row.1, labelEN: row.2, unit: row.3, source: row.4, licence: row.5, year: row.6,
                status: status, method: row.8)
        }
    }

    public func levelUnits() throws -> [LevelUnit] {
        let rows = try call { connection in
            try await connection.rows(
                "SELECT level, code, name FROM jumeau_levels ORDER BY level COLLATE \"C\", code COLLATE \"C\"",
                as: (String, String, String).self)
        }
        return rows.compactMap { row in
            TerritoryLevel(rawValue: row.0).map { LevelUnit(level: $0, code: row.1, name: row.2) }
        }
    }

    public func zoneTable(attributeIDs: [String]?, geometry form: ZoneTable.GeometryForm) throws -> ZoneTable {
        let known = try attributes().map(\.id)
        let ids = attributeIDs ?? known
        for id in ids where !known.contains(id) {
            throw StoreError("store.no_attribute", ["id": id, "path": location])
        }
        // Overseas zones in their own plane (as the GeoPackage draws and measures them).
        let shape = "COALESCE(geom_local, geom)"
        let geometryColumns: String
        switch form {
        case .envelopeOnly:
            geometryColumns = "ST_XMin(\(shape)), ST_YMin(\(shape)), ST_XMax(\(shape)), ST_YMax(\(shape))"
        case .wkb, .outlines: geometryColumns = "ST_AsBinary(\(shape), 'NDR')"
        }
        // Every attribute in one array cell: one cell to decode per zone rather than one per value.
        let values =
            ids.isEmpty ? "'{}'::float8[]" : "ARRAY[" + ids.map { Self.quoted($0) }.joined(separator: ", ") + "]"
        let select = """
            SELECT code, name, region, department, epci, no_data, srs_id, \(geometryColumns), \(values),
              tableoid::bigint FROM zones
            """
        let read = ZoneRead(select: select, attributes: ids.count, form: form, location: location, address: address)
        let columns = try call { connection in try await read.run(connection) }
        var table = ZoneTable(
            codes: columns.codes, names: columns.names, geometries: columns.geometries, outlines: columns.outlines,
            envelopes: columns.envelopes, columns: Dictionary(uniqueKeysWithValues: zip(ids, columns.values)))
        table.regions = columns.regions
        table.departments = columns.departments
        table.epcis = columns.epcis
        table.noData = columns.noData
        table.srsIDs = columns.srsIDs
        return table.sortedByCode()
    }

    public func attributeStatistics() throws -> [String: AttributeStatistics] {
        let ids = try attributes().map(\.id)
        guard !ids.isEmpty else { return [:] }
        let parts = ids.map { id in
            let c = Self.quoted(id)
            return "count(\(c)), min(\(c)), max(\(c)), coalesce(sum(\(c)), 0)"
        }
        let sql = "SELECT \(parts.joined(separator: ", ")) FROM zones"
        let cells = try call { connection in
            var cells: [Double?] = []
            for try await row in try await connection.connection.query(
                PostgresQuery(unsafeSQL: sql), logger: connection.logger)
            {
                for (index, cell) in row.enumerated() {
                    cells.append(index % 4 == 0 ? Double(try cell.decode(Int.self)) : try cell.decode(Double?.self))
                }
            }
            return cells
        }
        guard cells.count == ids.count * 4 else { return [:] }
        var result: [String: AttributeStatistics] = [:]
        for (index, id) in ids.enumerated() {
            result[id] = AttributeStatistics(
                count: Int(cells[index * 4] ?? 0), min: cells[index * 4 + 1], max: cells[index * 4 + 2],
                sum: cells[index * 4 + 3] ?? 0)
        }
        return result
    }

    // MARK: Scenarios

    static let scenarioColumns = "name, levers, notes, author, created_at, updated_at"
    typealias ScenarioRow = (String, String, String, String, Date, Date)

    static func scenario(_ row: ScenarioRow) -> SavedScenario {
        SavedScenario(
            name: row.0, leversJSON: row.1, notes: row.2, author: row.3, createdAt: row.4, updatedAt: row.5)
    }

    public func scenarios() throws -> [SavedScenario] {
        try call { connection in
            try await connection.rows(
                "SELECT \(unescaped: Self.scenarioColumns) FROM jumeau_scenarios ORDER BY name COLLATE \"C\"",
                as: ScenarioRow.self)
        }.map(Self.scenario)
    }

    public func scenario(named name: String) throws -> SavedScenario? {
        try call { connection in
            try await connection.rows(
                "SELECT \(unescaped: Self.scenarioColumns) FROM jumeau_scenarios WHERE name = \(name)",
                as: ScenarioRow.self)
        }.first.map(Self.scenario)
    }

    public func scenarioCount() throws -> Int {
        try call { try await $0.rows("SELECT count(*) FROM jumeau_scenarios", as: Int.self) }.first ?? 0
    }

    /// The message a role that may only read gets when it tries to write.
    func refuseIfReader() throws {
        guard !isReadOnly else { throw ServerError("server.reader", ["server": location]) }
    }

    public func saveScenario(_ scenario: SavedScenario, run: SavedRun?) throws {
        try save(scenario, run: run, retrying: true)
    }

    private func save(_ scenario: SavedScenario, run: SavedRun?, retrying: Bool) throws {
        try refuseIfReader()
        try call({ connection in
            try await connection.inTransaction {
                // The row of that name, locked until the save commits: a second agent saving the same
                // name waits here, then sees the first one's scenario.
                let existing = try await Self.lockedScenario(scenario.name, connection)
                let id: Int
                if let existing {
                    guard existing.mine, ScenarioOwnership.mayReplace(existing.scenario, by: scenario.author) else {
                        throw ScenarioOwnership.taken(existing.scenario)
                    }
                    id = existing.id
                    try await connection.execute(
                        """
                        UPDATE jumeau_scenarios SET levers = \(scenario.leversJSON), notes = \(scenario.notes),
                          author = \(scenario.author), updated_at = now(), saved_by = current_user WHERE id = \(id)
                        """)
                    try await connection.execute("DELETE FROM jumeau_runs WHERE scenario_id = \(id)")
                } else {
                    let inserted = try await connection.rows(
                        """
                        INSERT INTO jumeau_scenarios (name, levers, notes, author, created_at, updated_at)
                        VALUES (\(scenario.name), \(scenario.leversJSON), \(scenario.notes), \(scenario.author),
                                now(), now())
                        ON CONFLICT (name) DO NOTHING RETURNING id
                        """, as: Int.self)
                    // Another agent inserted that name since the select: their save stands.
                    guard let first = inserted.first else { throw Conflict() }
                    id = first
                }
                guard let run else { return }
                try await Self.insert(run, scenario: id, connection)
            }
        }, onConflict: { [self] in
            // Another agent saved that name while this save ran: once more, to say by whom (or to
            // replace it, when it is this agent's own).
            guard retrying else { throw ServerError("server.conflict") }
            try self.save(scenario, run: run, retrying: false)
        })
    }

    /// A scenario's row, locked until the transaction ends (a second agent saving or changing it
    /// waits, then sees the first one's work), and whether this server role and author may replace it.
    private static func lockedScenario(
        _ name: String, _ connection: ServerConnection
    ) async throws -> (id: Int, scenario: SavedScenario, mine: Bool)? {
        try await connection.rows(
            """
            SELECT id, \(unescaped: Self.scenarioColumns), saved_by = current_user FROM jumeau_scenarios
            WHERE name = \(name) FOR UPDATE
            """, as: (Int, String, String, String, String, Date, Date, Bool).self
        ).first.map { row in
            (row.0, Self.scenario((row.1, row.2, row.3, row.4, row.5, row.6)), row.7)
        }
    }

    /// Another transaction inserted the scenario's name first.
    struct Conflict: Error {}

    private func call(
        _ body: @escaping @Sendable (ServerConnection) async throws -> Void, onConflict retry: () throws -> Void
    ) throws {
        do {
            try call(body)
        } catch let error as ServerError where error.message.key == "server.conflict" {
            try retry()
        }
    }

    private static func insert(_ run: SavedRun, scenario: Int, _ connection: ServerConnection) async throws {
        guard let first = run.years.first, let last = run.years.last else { return }
        let runID = try await connection.rows(
            """
            INSERT INTO jumeau_runs (scenario_id, model_version, inputs_hash, first_year, last_year, created_at)
            VALUES (\(scenario), \(run.modelVersion), \(run.inputsHash), \(first), \(last), \(run.createdAt))
            RETURNING id
            """, as: Int.self
        ).first ?? 0
        var indicators: [String] = [], years: [Int] = [], values: [Double] = []
        for (indicator, series) in run.territory.sorted(by: { $0.key < $1.key }) {
            for (year, value) in zip(run.years, series) {
                indicators.append(indicator)
                years.append(year)
                values.append(value)
            }
        }
        try await connection.execute(
            """
            INSERT INTO jumeau_run_results (run_id, indicator, year, value)
            SELECT \(runID), * FROM unnest(\(indicators)::text[], \(years)::integer[], \(values)::float8[])
            """)
        var zoneIndicators: [String] = [], zoneYears: [Int] = [], blobs: [ByteBuffer] = []
        for (indicator, byYear) in run.zones.sorted(by: { $0.key < $1.key }) {
            for (year, zoneValues) in byYear.sorted(by: { $0.key < $1.key }) {
                var buffer = ByteBuffer()
                buffer.reserveCapacity(zoneValues.count * 8)
                for value in zoneValues { buffer.writeInteger(value.bitPattern, endianness: .little) }
                zoneIndicators.append(indicator)
                zoneYears.append(year)
                blobs.append(buffer)
            }
        }
        guard !blobs.isEmpty else { return }
        try await connection.execute(
            """
            INSERT INTO jumeau_run_zone_results (run_id, indicator, year, zone_values)
            SELECT \(runID), * FROM unnest(\(zoneIndicators)::text[], \(zoneYears)::integer[], \(blobs)::bytea[])
            """)
    }

    public func latestRun(scenario name: String) throws -> SavedRun? {
        try call { connection -> SavedRun? in
            guard
                let run = try await connection.rows(
                    """
                    SELECT r.id, r.model_version, r.inputs_hash, r.first_year, r.last_year, r.created_at
                    FROM jumeau_runs r JOIN jumeau_scenarios s ON s.id = r.scenario_id
                    WHERE s.name = \(name) ORDER BY r.id DESC LIMIT 1
                    """, as: (Int, String, String, Int, Int, Date).self
                ).first, (1900...2200).contains(run.3), (run.3...2200).contains(run.4)
            else { return nil }
            let years = Array(run.3...run.4)
            var territory: [String: [Double]] = [:]
            for row in try await connection.rows(
                "SELECT indicator, year, value FROM jumeau_run_results WHERE run_id = \(run.0)",
                as: (String, Int, Double?).self)
            {
                var values = territory[row.0] ?? [Double](repeating: .nan, count: years.count)
                if years.contains(row.1) { values[row.1 - run.3] = row.2 ?? .nan }
                territory[row.0] = values
            }
            var zones: [String: [Int: [Double]]] = [:]
            for row in try await connection.rows(
                "SELECT indicator, year, zone_values FROM jumeau_run_zone_results WHERE run_id = \(run.0)",
                as: (String, Int, ByteBuffer).self)
            {
                var buffer = row.2
                var values: [Double] = []
                values.reserveCapacity(buffer.readableBytes / 8)
                while let bits = buffer.readInteger(endianness: .little, as: UInt64.self) {
                    values.append(Double(bitPattern: bits))
                }
                zones[row.0, default: [:]][row.1] = values
            }
            return SavedRun(
                modelVersion: run.1, inputsHash: run.2, years: years, territory: territory, zones: zones,
                createdAt: run.5)
        }
    }

    public func deleteScenario(named name: String, by author: String) throws -> Bool {
        try changeOwnScenario(name, by: author) { id, connection in
            try await connection.execute("DELETE FROM jumeau_scenarios WHERE id = \(id)")
        }
    }

    public func renameScenario(from old: String, to new: String, by author: String) throws -> Bool {
        do {
            return try changeOwnScenario(old, by: author) { id, connection in
                try await connection.execute(
                    """
                    UPDATE jumeau_scenarios SET name = \(new), updated_at = now(), saved_by = current_user
                    WHERE id = \(id)
                    """)
            }
        } catch let error as ServerError where error.message.key == "server.conflict" {
            throw StoreError("store.scenario_exists", ["name": new])
        }
    }

    /// Changes scenario `name` in one transaction, its row locked, when it is `author`'s through this
    /// role (else `store.scenario_taken`); false when there is none of that name.
    private func changeOwnScenario(
        _ name: String, by author: String,
        _ change: @escaping @Sendable (_ id: Int, ServerConnection) async throws -> Void
    ) throws -> Bool {
        try refuseIfReader()
        return try call { connection in
            var changed = false
            try await connection.inTransaction {
                guard let existing = try await Self.lockedScenario(name, connection) else { return }
                guard existing.mine, ScenarioOwnership.mayReplace(existing.scenario, by: author) else {
                    throw ScenarioOwnership.taken(existing.scenario)
                }
                try await change(existing.id, connection)
                changed = true
            }
            return changed
        }
    }

    // MARK: The journal and the shared view

    public func appendJournal(_ entry: JournalEntry) throws {
        try refuseIfReader()
        try call { connection in
            try await connection.execute(
                """
                INSERT INTO jumeau_journal (session, at, kind, levers, detail)
                VALUES (\(entry.session), \(entry.at), \(entry.kind.rawValue), \(entry.leversJSON), \(entry.detail))
                """)
        }
    }

    /// The most recent session of this server user's (the journal is shared by every agent: one
    /// resumes one's own levers, not a colleague's).
    public func lastJournalSession() throws -> [JournalEntry] {
        try call { connection in
            try await connection.rows(
                """
                SELECT session, at, kind, levers, detail FROM jumeau_journal
                WHERE session = (SELECT session FROM jumeau_journal WHERE author = current_user
                                 ORDER BY id DESC LIMIT 1) ORDER BY id
                """, as: (String, Date, String, String, String).self)
        }.map { row in
            JournalEntry(
                session: row.0, at: row.1, kind: JournalEntry.Kind(rawValue: row.2) ?? .levers, leversJSON: row.3,
                detail: row.4)
        }
    }

    /// One facilitator per twin: another explorer's view, still live, is not taken over (its
    /// followers stay with it). The server lets followers read while the facilitator writes.
    public func shareWithFollowers() throws {
        try refuseIfReader()
        let taken = try call { connection in
            try await connection.rows(
                """
                SELECT EXISTS (SELECT 1 FROM jumeau_live_view v WHERE v.active
                  AND v.backend_pid <> pg_backend_pid()
                  AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.pid = v.backend_pid))
                """, as: Bool.self)
        }.first ?? false
        if taken { throw ServerError("server.facilitator_present", ["server": location]) }
    }

    public func stopSharing() {}

    /// Writes the view and notifies the followers in one statement: they hear of it once it is committed.
    public func publishLiveView(_ view: LiveView) throws {
        try refuseIfReader()
        let channel = self.channel
        try call { connection in
            try await connection.execute(
                """
                WITH saved AS (
                  INSERT INTO jumeau_live_view (id, session, sequence, levers, scenario, year, variable, center_x,
                    center_y, metres_per_pixel, active, updated_at, backend_pid)
                  VALUES (1, \(view.session), \(view.sequence), \(view.leversJSON), \(view.scenario), \(view.year),
                    \(view.variable), \(view.centerX), \(view.centerY), \(view.metresPerPixel), \(view.active),
                    \(view.updatedAt), pg_backend_pid())
                  ON CONFLICT (id) DO UPDATE SET session = excluded.session, sequence = excluded.sequence,
                    levers = excluded.levers, scenario = excluded.scenario, year = excluded.year,
                    variable = excluded.variable, center_x = excluded.center_x, center_y = excluded.center_y,
                    metres_per_pixel = excluded.metres_per_pixel, active = excluded.active,
                    updated_at = excluded.updated_at, backend_pid = excluded.backend_pid
                  -- Another facilitator's live view is left alone (one that started sharing meanwhile).
                  WHERE jumeau_live_view.session = excluded.session OR NOT jumeau_live_view.active
                    OR NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = jumeau_live_view.backend_pid)
                  RETURNING sequence)
                SELECT pg_notify(\(channel), sequence::text) FROM saved
                """)
        }
    }

    public func liveView() throws -> LiveView? {
        try call { connection in
            try await connection.rows(
                """
                SELECT session, sequence, levers, scenario, year, variable, center_x, center_y, metres_per_pixel,
                  active, updated_at FROM jumeau_live_view WHERE id = 1
                """, as: (String, Int, String, String?, Int, String, Double, Double, Double, Bool, Date).self)
        }.first.map { row in
            LiveView(
                session: row.0, sequence: row.1, leversJSON: row.2, scenario: row.3, year: row.4, variable: row.5,
                centerX: row.6, centerY: row.7, metresPerPixel: row.8, active: row.9, updatedAt: row.10)
        }
    }

    /// The facilitator's server session still exists (a killed explorer's ends with its connection).
    public func facilitatorPresent() -> Bool? {
        try? call { connection in
            try await connection.rows(
                """
                SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                               WHERE pid = (SELECT backend_pid FROM jumeau_live_view WHERE id = 1))
                """, as: Bool.self)
        }.first
    }

    /// Listens on a connection of its own: `changed` runs at each view the facilitator shares, and
    /// once more after a lost connection is back (what was missed meanwhile is read then).
    public func watchLiveView(_ changed: @escaping @Sendable () -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard listener == nil else { return }
        let address = self.address, channel = self.channel
        listener = Task.detached {
            var wait = Self.firstBackoff
            while !Task.isCancelled {
                do {
                    let connection = try await ServerConnection.open(address)
                    wait = Self.firstBackoff
                    do {
                        let notifications = try await connection.connection.listen(channel)
                        // Listening now: what was shared before (or while the connection was lost) is read
                        // once, and nothing shared from here on can be missed.
                        changed()
                        for try await _ in notifications {
                            if Task.isCancelled { break }
                            changed()
                        }
                    } catch {}
                    try? await connection.close()
                } catch {}
                guard !Task.isCancelled else { break }
                try? await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                wait = min(wait * 2, Self.longestBackoff)
            }
        }
    }
}

/// Reading every zone: in fid order, which publishing made the codes' order (`sortedByCode` checks
/// it, and sorts a table written otherwise); a national twin in two halves at once.
struct ZoneRead: Sendable {
    let select: String, attributes: Int, form: ZoneTable.GeometryForm, location: String, address: ServerAddress

    /// From this many zones, they are read in two halves at once.
    static let inHalves = 8_000

    func run(_ connection: ServerConnection) async throws -> ServerZoneColumns {
        let zones = try await connection.rows("SELECT count(*), max(fid) FROM zones", as: (Int, Int?).self).first
        guard let zones, zones.0 >= Self.inHalves, let last = zones.1,
            let halves = try await inHalves(connection, middle: last / 2)
        else { return try await read(connection, select + " ORDER BY fid") }
        return halves
    }

    /// The two halves, the second on a connection of its own (the server encodes and this process
    /// decodes on two cores), both in one snapshot of one table; nil when they do not add up to it
    /// (a publish renamed the twin between them), and one read does it all.
    private func inHalves(_ connection: ServerConnection, middle: Int) async throws -> ServerZoneColumns? {
        try await connection.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        var second: ServerConnection?
        do {
            let snapshot = try await connection.strings("SELECT pg_export_snapshot()").first ?? ""
            let whole = try await connection.rows(
                "SELECT count(*), 'zones'::regclass::oid::bigint FROM zones", as: (Int, Int).self
            ).first
            // A snapshot name is the server's own (hex digits and dashes), checked before it is quoted.
            guard let whole, !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                try await connection.run("ROLLBACK")
                return nil
            }
            let other = try await PostGISTwin.connect(address)
            second = other
            try await other.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try await other.run("SET TRANSACTION SNAPSHOT '\(snapshot)'")
            async let upper = read(other, select + " WHERE fid > \(middle) ORDER BY fid")
            var lower = try await read(connection, select + " WHERE fid <= \(middle) ORDER BY fid")
            lower.append(try await upper)
            try await connection.run("COMMIT")
            try? await other.run("COMMIT")
            try? await other.close()
            return lower.codes.count == whole.0 && lower.tables == [whole.1] ? lower : nil
        } catch {
            if !connection.connection.isClosed { try? await connection.run("ROLLBACK") }
            if let second { try? await second.close() }
            throw error
        }
    }

    private func read(_ connection: ServerConnection, _ sql: String) async throws -> ServerZoneColumns {
        var table = ServerZoneColumns(attributes: attributes, form: form)
        for try await row in try await connection.connection.query(
            PostgresQuery(unsafeSQL: sql), logger: connection.logger)
        {
            try table.append(row, location: location)
        }
        return table
    }
}

/// The cells of a zone's row, in the order every zone query selects them: code, name, région,
/// département, EPCI, no-data flag, SRID, then the query's own columns. A missing cell is damage.
struct ZoneCells {
    private var cells: PostgresRow.Iterator
    let location: String

    init(_ row: PostgresRow, location: String) {
        cells = row.makeIterator()
        self.location = location
    }

    mutating func next() throws -> PostgresCell {
        guard let cell = cells.next() else {
            throw ServerError("server.damaged", ["server": location, "table": "zones"])
        }
        return cell
    }

    mutating func head() throws -> (
        code: String, name: String, region: String, department: String, epci: String, noData: Bool, srsID: Int
    ) {
        (
            try next().decode(String.self), try next().decode(String.self), try next().decode(String.self),
            try next().decode(String.self), try next().decode(String.self), try next().decode(Bool.self),
            try next().decode(Int.self)
        )
    }
}

/// Zones read from the server, column by column (as `ZoneTable` holds them).
struct ServerZoneColumns: Sendable {
    var codes: [String] = [], names: [String] = [], regions: [String] = [], departments: [String] = []
    var epcis: [String] = [], noData: [Bool] = [], srsIDs: [Int] = []
    var geometries: [WKBGeometry] = [], outlines = ZoneRings(), envelopes: [Envelope] = []
    var values: [[Double]]
    /// The tables the rows came from (one, unless a publish swapped the twin between two reads).
    var tables: Set<Int> = []
    let form: ZoneTable.GeometryForm

    init(attributes: Int, form: ZoneTable.GeometryForm) {
        values = Array(repeating: [], count: attributes)
        self.form = form
    }

    mutating func append(_ row: PostgresRow, location: String) throws {
        var cells = ZoneCells(row, location: location)
        let head = try cells.head()
        let code = head.code
        codes.append(code)
        names.append(head.name)
        regions.append(head.region)
        departments.append(head.department)
        epcis.append(head.epci)
        noData.append(head.noData)
        srsIDs.append(head.srsID)
        do {
            switch form {
            case .envelopeOnly:
                let box = try (0..<4).map { _ in try cells.next().decode(Double?.self) }
                if let minX = box[0], let minY = box[1], let maxX = box[2], let maxY = box[3] {
                    envelopes.append(Envelope(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
                } else {
                    envelopes.append(.empty)
                }
            case .wkb:
                if let bytes = try cells.next().bytes {
                    let wkb = Array(bytes.readableBytesView)
                    let envelope = try WKBEnvelope.compute(wkb)
                    geometries.append(WKBGeometry(wkb: wkb, envelope: envelope))
                    envelopes.append(envelope)
                } else {
                    geometries.append(WKBGeometry(wkb: [], envelope: .empty))
                    envelopes.append(.empty)
                }
            case .outlines:
                if let bytes = try cells.next().bytes {
                    let zone = outlines.count
                    try bytes.withUnsafeReadableBytes { try outlines.appendWKB($0) }
                    envelopes.append(outlines.envelope(of: zone))
                } else {
                    outlines.appendEmpty()
                    envelopes.append(.empty)
                }
            }
        } catch let error as ServerError {
            throw error
        } catch {
            throw StoreError("store.damaged_geometry", ["path": location, "zone": code, "cause": Message.of(error)])
        }
        let cell = try cells.next()
        guard cell.format == .binary, var bytes = cell.bytes,
            Self.appendDoubles(&bytes, to: &values)
        else { throw ServerError("server.damaged", ["server": location, "table": "zones"]) }
        tables.insert(try cells.next().decode(Int.self))
    }

    /// Appends each value of a one-dimensional float8[] in PostgreSQL's binary form to its column,
    /// NaN for NULL; false when the array is anything else (nothing appended then).
    static func appendDoubles(_ buffer: inout ByteBuffer, to columns: inout [[Double]]) -> Bool {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            buffer.readInteger(as: UInt32.self) == 701
        else { return false }
        if dimensions == 0 { return columns.isEmpty }
        guard dimensions == 1, let count = buffer.readInteger(as: Int32.self), count == columns.count,
            buffer.readInteger(as: Int32.self) != nil
        else { return false }
        var read: [Double] = []
        read.reserveCapacity(columns.count)
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self) else { return false }
            if length == -1 {
                read.append(.nan)
            } else {
                guard length == 8, let bits = buffer.readInteger(as: UInt64.self) else { return false }
                read.append(Double(bitPattern: bits))
            }
        }
        for (index, value) in read.enumerated() { columns[index].append(value) }
        return true
    }

    /// Another read's zones after these.
    mutating func append(_ other: ServerZoneColumns) {
        codes += other.codes
        names += other.names
        regions += other.regions
        departments += other.departments
        epcis += other.epcis
        noData += other.noData
        srsIDs += other.srsIDs
        geometries += other.geometries
        outlines.append(contentsOf: other.outlines)
        envelopes += other.envelopes
        for index in values.indices { values[index] += other.values[index] }
        tables.formUnion(other.tables)
    }
}

// MARK: Extracting a local twin

extension PostGISTwin {
    /// Writes a GeoPackage of the zones `codes`: their Lambert-93 geometry (overseas zones projected
    /// by PostGIS, their own projection kept beside it as the importer writes it), attributes and
    /// their provenance, the levels they are in, the scenarios given. Whole or not at all.
    public func extract(
        codes: [String], name: String, scenarios: [SavedScenario], to destination: String, replacing: Bool
    ) throws {
        var metadata = try metadata()
        metadata.name = name
        let attributes = try attributes()
        let units = try levelUnits()
        let values = attributes.map { Self.quoted($0.id) }.joined(separator: ", ")
        let sql = """
            SELECT code, name, region, department, epci, no_data, srs_id,
              ST_AsBinary(COALESCE(geom, ST_Transform(geom_local, 2154)), 'NDR'), ST_AsBinary(geom_local, 'NDR')
              \(attributes.isEmpty ? "" : ", " + values)
            FROM zones WHERE code = ANY($1) ORDER BY code COLLATE "C"
            """
        let location = self.location
        let zones = try call { connection in
            var zones: [ExtractedZone] = []
            var bindings = PostgresBindings()
            bindings.append(codes)
            for try await row in try await connection.connection.query(
                PostgresQuery(unsafeSQL: sql, binds: bindings), logger: connection.logger)
            {
                zones.append(try ExtractedZone(row, attributes: attributes.count, location: location))
            }
            return zones
        }
        let systemIDs = Array(Set([CRS.wgs84, CRS.lambert93] + zones.compactMap { $0.local == nil ? nil : $0.srsID }))
        let systems = try call { connection in
            try await connection.rows(
                "SELECT srid, auth_name, auth_srid, srtext FROM spatial_ref_sys WHERE srid = ANY(\(systemIDs))",
                as: (Int, String, Int, String).self)
        }.map { row in
            // WKT's first quoted string is the system's name.
            let name = row.3.split(separator: "\"", maxSplits: 2).dropFirst().first.map(String.init) ?? "EPSG:\(row.0)"
            return SpatialReferenceSystem(
                name: name, srsID: row.0, organization: row.1, organizationCoordsysID: row.2, definition: row.3)
        }
        let kept = Set(zones.flatMap { [$0.region, $0.department, $0.epci] })
        try TwinStore.build(
            at: destination, replacing: replacing, metadata: metadata, referenceSystems: systems,
            attributes: attributes
        ) { store in
            var fids: [Int64] = []
            try store.bulkInsert { inserter in
                for zone in zones {
                    let geometry = try Self.geometry(zone.lambert93)
                    fids.append(
                        try inserter.insert(
                            code: zone.code, name: zone.name, geometry: geometry, department: zone.department,
                            region: zone.region, epci: zone.epci))
                    if let local = zone.local, let system = systems.first(where: { $0.srsID == zone.srsID }) {
                        try inserter.insertLocal(
                            code: zone.code, geometry: try Self.geometry(local), system: system)
                    }
                }
            }
            let ids = attributes.map(\.id)
            try store.updateValues(
                zip(fids, zones).map { fid, zone in (fid: fid, values: zone.values.map { $0.isFinite ? $0 : nil }) },
                attributeIDs: ids)
            // Which values a zone lacked is not kept on the server: those it has no value of.
            try store.recordMissing(
                zip(fids, zones).filter { $0.1.noData }.map { fid, zone in
                    let missing = zip(ids, zone.values).filter { !$0.1.isFinite }.map(\.0)
                    return (fid: fid, attributes: missing.isEmpty ? ["population"] : missing)
                })
            try store.writeLevels(units.filter { $0.level != .commune && kept.contains($0.code) })
            for scenario in scenarios { try store.saveScenario(scenario, run: nil) }
        }
    }

    /// WKB with its envelope; none for a zone without geometry.
    static func geometry(_ wkb: [UInt8]) throws -> WKBGeometry {
        WKBGeometry(wkb: wkb, envelope: wkb.isEmpty ? .empty : try WKBEnvelope.compute(wkb))
    }

    /// A zone as `extract` reads it.
    struct ExtractedZone: Sendable {
        var code: String, name: String, region: String, department: String, epci: String
        var noData: Bool, srsID: Int
        var lambert93: [UInt8], local: [UInt8]?
        var values: [Double]

        init(_ row: PostgresRow, attributes: Int, location: String) throws {
            var cells = ZoneCells(row, location: location)
            (code, name, region, department, epci, noData, srsID) = try cells.head()
            lambert93 = try cells.next().bytes.map { Array($0.readableBytesView) } ?? []
            local = try cells.next().bytes.map { Array($0.readableBytesView) }
            values = try (0..<attributes).map { _ in try cells.next().decode(Double?.self) ?? .nan }
        }
    }
}
