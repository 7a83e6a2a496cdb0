import Foundation
import GRDB
import JumeauModel

extension TwinStore {
    /// Refuses when another Jumeau process holds the twin at `path` open: replacing it
    /// under a running explorer would change the territory under a workshop's feet.
    public static func refuseIfHeld(_ path: String) throws {
        guard let holder = TwinLocks.holders(of: path)?.first else { return }
        throw StoreError("store.in_use", ["path": path, "use": Message(holder.use.messageKey), "pid": Int(holder.pid)])
    }

    /// Puts a complete scratch twin in place at `destination` and removes the scratch file.
    ///
    /// A new destination is linked into place, so a file created meanwhile by someone
    /// else is never overwritten. An existing twin is never renamed over: a process that
    /// holds it open would keep the old file while its journal or write-ahead log,
    /// named after the path, went with the new one, and its next write would corrupt it.
    /// Its content is replaced instead through SQLite's backup API, under SQLite's own
    /// locks, in one transaction: readers see the old twin or the new one, and a kill
    /// in the middle leaves a journal that the next open rolls back.
    /// - Parameter replacing: an existing twin may be replaced (`--force`); otherwise a
    ///   destination created meanwhile by someone else is an error, and left alone.
    public static func install(scratch: String, at destination: String, replacing: Bool) throws {
        if link(scratch, destination) == 0 {
            unlink(scratch)
            syncDirectory(of: destination)
            return
        }
        let linkError = errno
        if linkError == EEXIST && !replacing { throw StoreError("store.exists", ["path": destination]) }
        guard linkError == EEXIST else {
            // A file system without hard links: nothing is there yet, so a rename replaces nothing.
            if FileManager.default.fileExists(atPath: destination) {
                guard replacing else { throw StoreError("store.exists", ["path": destination]) }
                return try replace(destination, with: scratch)
            }
            guard rename(scratch, destination) == 0 else {
                throw StoreError("store.cannot_install", ["path": destination, "cause": Message.verbatim(String(cString: strerror(errno)))])
            }
            syncDirectory(of: destination)
            return
        }
        try replace(destination, with: scratch)
    }

    private static func replace(_ destination: String, with scratch: String) throws {
        try refuseIfHeld(destination)
        guard isSQLiteDatabase(destination) else {
            // Not a database (a stray file given --force): no connection can hold it as one.
            guard rename(scratch, destination) == 0 else {
                throw StoreError("store.cannot_install", ["path": destination, "cause": Message.verbatim(String(cString: strerror(errno)))])
            }
            syncDirectory(of: destination)
            return
        }
        do {
            var sourceConfiguration = Configuration()
            sourceConfiguration.readonly = true
            let source = try DatabaseQueue(path: scratch, configuration: sourceConfiguration)
            var targetConfiguration = Configuration()
            // Readers finish their read first; a writer has a little longer to commit.
            targetConfiguration.busyMode = .timeout(10)
            let target = try DatabaseQueue(path: destination, configuration: targetConfiguration)
            try source.backup(to: target)
            try target.close()
            try source.close()
        } catch {
            throw StoreError("store.cannot_install", ["path": destination, "cause": describe(error)])
        }
        unlink(scratch)
    }

    /// Whether SQLite reads the file as a database (its header and schema).
    private static func isSQLiteDatabase(_ path: String) -> Bool {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration) else { return false }
        defer { try? queue.close() }
        do {
            _ = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM sqlite_master") }
            return true
        } catch let error as DatabaseError {
            // Busy or locked: a database someone is writing to.
            return error.resultCode != .SQLITE_NOTADB && error.resultCode != .SQLITE_CORRUPT
        } catch {
            return false
        }
    }

    /// Makes a new directory entry durable (the file itself was synced when closed).
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = Foundation.open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        Foundation.close(descriptor)
    }

    /// Scratch files (`.NAME.PID.partial`) that imports into `destination` left when they
    /// were killed: no process marks them as being written any more (`TwinLocks.holdScratch`;
    /// where such marks cannot be read, the process named in the file's name is gone).
    /// Removed by the next import into the same place.
    public static func removeStaleScratchFiles(for destination: String) -> [String] {
        let directory = (destination as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let prefix = "." + (destination as NSString).lastPathComponent + "."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".partial") {
            let middle = name.dropFirst(prefix.count).dropLast(".partial".count)
            guard let pid = Int32(middle), pid > 0, pid != getpid() else { continue }
            let path = folder + "/" + name
            if let held = TwinLocks.scratchIsHeld(path) {
                guard !held else { continue }
            } else {
                // ESRCH: no such process. EPERM means it lives (under another user).
                guard kill(pid, 0) == -1 && errno == ESRCH else { continue }
            }
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }
}
