import Foundation

/// What a Jumeau process is doing with a twin it holds open.
public enum TwinUse: Int, Sendable, CaseIterable {
    /// An explorer that may write (journal, scenarios, the shared view): a facilitator.
    case explorer = 0
    /// `explore --follow`: reads the facilitator's view.
    case follower = 1
    /// A command reading the twin (info, run, export …).
    case reading = 2
    /// A command writing into the twin (run --save, scenarios delete …).
    case writing = 3

    /// Catalogue key naming the use ("explorer", "follower" …).
    public var messageKey: String { "store.use.\(self)" }
}

/// Another process holding a twin open.
public struct TwinHolder: Sendable, Equatable {
    public var pid: Int32
    public var use: TwinUse
}

/// Which Jumeau processes hold a twin open, known through open-file-description locks
/// on the twin file itself, one byte per process and use, far beyond any byte SQLite
/// locks. The kernel drops a dead process's locks, so no stale entry survives a
/// kill -9, and nothing is written beside the twin.
///
/// The descriptors stay open for the life of the process: closing any descriptor of a
/// file drops every POSIX lock the process holds on it, SQLite's included.
public enum TwinLocks {
    /// First byte of the range: holders lock `base + use << 32 + pid`.
    static let base: Int64 = 1 << 62
    // Linux's open-file-description locks (fcntl.h with _GNU_SOURCE; not exported to Swift).
    static let getLock: Int32 = 36
    static let setLock: Int32 = 37

    private static let registry = Registry()

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        /// One descriptor per file (device, inode).
        var descriptors: [FileID: Int32] = [:]
        /// How many stores of this process hold each byte.
        var counts: [Hold: Int] = [:]
    }

    struct FileID: Hashable { var device: UInt64; var inode: UInt64 }
    struct Hold: Hashable { var file: FileID; var use: TwinUse }

    private static func fileID(_ path: String) -> FileID? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// The process's descriptor for a file, opened once (the caller holds the registry's lock).
    private static func descriptor(_ path: String, _ id: FileID) -> Int32? {
        if let known = registry.descriptors[id] { return known }
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        // The path may have been replaced between stat and open: keep only the same file.
        var status = stat()
        guard fstat(descriptor, &status) == 0, UInt64(status.st_ino) == id.inode, UInt64(status.st_dev) == id.device else {
            close(descriptor)
            return nil
        }
        registry.descriptors[id] = descriptor
        return descriptor
    }

    private static func lockRange(_ use: TwinUse, pid: Int64? = nil) -> flock {
        var range = flock()
        range.l_whence = Int16(SEEK_SET)
        range.l_start = off_t(base + Int64(use.rawValue) << 32 + (pid ?? 0))
        range.l_len = pid == nil ? off_t(1 << 32) : 1
        return range
    }

    /// Declares that this process holds the twin at `path` for `use`. Best effort: a file
    /// system without such locks makes it a no-op (the twin is still protected by
    /// SQLite's own locking; only the names of its holders are unknown).
    public static func acquire(_ path: String, use: TwinUse) {
        guard let id = fileID(path) else { return }
        registry.lock.lock()
        defer { registry.lock.unlock() }
        let hold = Hold(file: id, use: use)
        if let count = registry.counts[hold] {
            registry.counts[hold] = count + 1
            return
        }
        guard let descriptor = descriptor(path, id) else { return }
        var range = lockRange(use, pid: Int64(getpid()))
        range.l_type = Int16(F_RDLCK)
        guard fcntl(descriptor, setLock, &range) == 0 else { return }
        registry.counts[hold] = 1
    }

    /// Undoes one `acquire`.
    public static func release(_ path: String, use: TwinUse) {
        guard let id = fileID(path) else { return }
        registry.lock.lock()
        defer { registry.lock.unlock() }
        let hold = Hold(file: id, use: use)
        guard let count = registry.counts[hold], let descriptor = registry.descriptors[id] else { return }
        if count > 1 { registry.counts[hold] = count - 1; return }
        registry.counts[hold] = nil
        var range = lockRange(use, pid: Int64(getpid()))
        range.l_type = Int16(F_UNLCK)
        _ = fcntl(descriptor, setLock, &range)
    }

    /// Other processes holding the twin at `path`, in use order then pid; nil when the file
    /// system cannot tell (no such locks there).
    public static func holders(of path: String, uses: [TwinUse] = TwinUse.allCases) -> [TwinHolder]? {
        guard let id = fileID(path) else { return nil }
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard let descriptor = descriptor(path, id) else { return nil }
        let me = Int64(getpid())
        var found: [TwinHolder] = []
        for use in uses {
            var next: Int64 = 0
            while next < 1 << 32 {
                var range = lockRange(use)
                range.l_start += off_t(next)
                range.l_len -= off_t(next)
                range.l_type = Int16(F_WRLCK)
                guard fcntl(descriptor, getLock, &range) == 0 else { return nil }
                guard range.l_type != Int16(F_UNLCK) else { break }
                let pid = Int64(range.l_start) - base - Int64(use.rawValue) << 32
                // Our own locks conflict with this descriptor's test too: skip them.
                if pid != me, pid > 0, pid <= Int64(Int32.max) { found.append(TwinHolder(pid: Int32(pid), use: use)) }
                next = max(pid, next) + 1
            }
        }
        return found
    }
}
