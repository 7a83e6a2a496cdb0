import Foundation
import GRDB
import JumeauModel

/// The facilitator's view, shared through the twin: the facilitator writes one row at
/// each change, followers read it. Write-ahead logging lets them read while it writes.
extension TwinStore {
    /// Switches the file to write-ahead logging, so followers read while this process
    /// writes, without blocking and without ever seeing half a change.
    public func shareWithFollowers() throws {
        // Not in a transaction: SQLite changes the journal mode only outside one.
        let mode = try dbQueue.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL") }
        guard mode?.lowercased() == "wal" else { throw StoreError("store.cannot_share", ["path": path, "mode": mode ?? "?"]) }
    }

    /// Back to a rollback journal (the classic single-file GeoPackage) when no follower
    /// holds the file open; otherwise it stays in WAL mode, which GDAL reads as well.
    public func stopSharing() {
        try? dbQueue.writeWithoutTransaction { db in
            _ = try? String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
        }
    }

    public func publishLiveView(_ view: LiveView) throws {
        try write { db in try LiveViewRecord(view).save(db) }
    }

    /// The shared view, or nil when no facilitator has shared one yet.
    public func liveView() throws -> LiveView? {
        try read { db in
            guard try db.tableExists(LiveViewRecord.databaseTableName) else { return nil }
            return try LiveViewRecord.fetchOne(db, sql: "SELECT * FROM jumeau_live_view WHERE id = 1")?.view
        }
    }
}
