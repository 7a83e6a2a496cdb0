import Foundation
import JumeauModel

/// Everything the command line and the explorer ask of a twin, whatever stores it: a GeoPackage
/// file (`TwinStore`) or a schema on a PostgreSQL/PostGIS server (`PostGISTwin`). Commands and the
/// explorer hold an `any TwinStorage` and never learn which.
///
/// Calls are synchronous: the command line does one thing at a time, and the explorer calls its
/// twin from a worker queue, never from the thread that reads keys and draws. A server store
/// runs each call on its connection's event loop (async underneath) and waits for it there.
public protocol TwinStorage: AnyObject, Sendable {
    /// The twin as messages name it: a file path, or the server and schema (never a password).
    var location: String { get }
    /// Scenarios, the journal and the shared view cannot be written (a read-only file, a
    /// server role that may only read).
    var isReadOnly: Bool { get }
    /// Schema migrations applied when the twin was opened for writing (a file's only).
    var upgrades: [String] { get }
    /// "GeoPackage 1.3", "PostgreSQL 15.8 / PostGIS 3.3": what `info` reports.
    func storageFormat() throws -> String

    // Reading the territory.
    func metadata() throws -> TerritoryMetadata
    func attributes() throws -> [AttributeDefinition]
    func levelUnits() throws -> [LevelUnit]
    /// Every zone as columns, in code order (the UTF-8 bytes' order); all attributes when nil.
    func zoneTable(attributeIDs: [String]?, geometry: ZoneTable.GeometryForm) throws -> ZoneTable
    /// Count, min, max and sum of every attribute over all zones.
    func attributeStatistics() throws -> [String: AttributeStatistics]
    /// The last schema migration, or the server schema's version.
    func schemaVersion() throws -> String

    // Scenarios and their runs.
    func scenarios() throws -> [SavedScenario]
    func scenario(named name: String) throws -> SavedScenario?
    func scenarioCount() throws -> Int
    func latestRun(scenario name: String) throws -> SavedRun?
    /// Saves a scenario with its run, in one transaction. A scenario of that name saved by
    /// another author is never replaced: `StoreError("store.scenario_taken")` names who has it.
    func saveScenario(_ scenario: SavedScenario, run: SavedRun?) throws
    /// Deletes or renames `author`'s scenario (or an unsigned one); another's is refused with
    /// `store.scenario_taken`. False when there is none of that name.
    func deleteScenario(named name: String, by author: String) throws -> Bool
    func renameScenario(from old: String, to new: String, by author: String) throws -> Bool

    // The explorer's journal and the view it shares with followers.
    func appendJournal(_ entry: JournalEntry) throws
    func lastJournalSession() throws -> [JournalEntry]
    /// Makes the twin ready to be followed while this process writes (a file: WAL mode).
    func shareWithFollowers() throws
    func stopSharing()
    func publishLiveView(_ view: LiveView) throws
    func liveView() throws -> LiveView?
    /// Whether a facilitator's explorer still holds the twin: false when it was killed
    /// without saying it left; nil when the store cannot tell.
    func facilitatorPresent() -> Bool?
    /// Calls `changed` as soon as the shared view changes (a server's notifications); a store
    /// that cannot tell does nothing, and followers read the view at their own pace.
    func watchLiveView(_ changed: @escaping @Sendable () -> Void)

    /// Writes a GeoPackage twin of the zones `codes` at `destination`, with the scenarios given
    /// (their levers already limited to those zones); whole or not at all.
    func extract(
        codes: [String], name: String, scenarios: [SavedScenario], to destination: String, replacing: Bool
    ) throws

    /// Ends the session (a server's connections); the twin stays as it is.
    func close() throws
}

extension TwinStorage {
    /// Every zone with every attribute.
    public func zoneTable() throws -> ZoneTable { try zoneTable(attributeIDs: nil, geometry: .envelopeOnly) }

    public func zoneTable(attributeIDs: [String]?) throws -> ZoneTable {
        try zoneTable(attributeIDs: attributeIDs, geometry: .envelopeOnly)
    }

    public func zoneTable(geometry: ZoneTable.GeometryForm) throws -> ZoneTable {
        try zoneTable(attributeIDs: nil, geometry: geometry)
    }
}


/// Whether a scenario may be replaced, renamed or deleted by `author`: never one of another author's
/// (two agents choosing one name keep both their work; no one signs in another's name by saving
/// unsigned), always one's own or an unsigned one.
public enum ScenarioOwnership {
    public static func mayReplace(_ existing: SavedScenario, by author: String) -> Bool {
        existing.author.isEmpty || existing.author == author
    }

    public static func taken(_ existing: SavedScenario) -> StoreError {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return StoreError(
            "store.scenario_taken",
            ["name": existing.name, "author": existing.author, "at": formatter.string(from: existing.updatedAt)])
    }
}
