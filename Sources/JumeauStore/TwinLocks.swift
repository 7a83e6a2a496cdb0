import Foundation

/// What a Jumeau process is doing with a twin it holds open.
public enum TwinUse: Int, Sendable, CaseIterable {
    /// An explorer that may write (journal, scenarios, the shared view): a facilitator.
    case explorer = 0
    /// `explore --follow`: reads the facilitator's view.
    case follower = 1
    /// A command reading the twin (info, run, export …).
    case reading = 2
    /// A command writing into the twin (run --save, upgrade …).
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
/// (Linux) on the twin file itself: one byte per process and use, at
/// `base + use << 32 + pid`, far beyond any byte SQLite locks. The kernel drops a dead
/// process's locks, so no stale entry survives a kill -9, and nothing is written beside
/// the twin. Where such locks do not exist, holders are unknown (nil) and only SQLite's
/// own locking protects the twin.
///
/// The descriptors stay open for the life of the process: closing any descriptor of a
/// file drops every POSIX lock the process holds on it, SQLite's included.
public enum TwinLocks {
    /// First byte of the range.
    static let base: Int64 = 1 << 62
    /// Each use has 2³² bytes, one per pid.
    static let span: Int64 = 1 << 32
    /// The byte that marks a scratch file as being written (`holdScratch`).
    static let scratchByte: Int64 = base - 1

    private static let registry = Registry()

    private final class Registry: @unchecked Sendable {
        let lock = NSLock()
        /// One descriptor per file (device, inode), never closed.
        var descriptors: [FileID: Int32] = [:]
        /// Descriptors opened on a file that already had one (the path was replaced while
        /// it was opened): kept open too, since closing one would drop SQLite's locks.
        var spare: [Int32] = []
        /// How many stores of this process hold each byte.
        var counts: [Hold: Int] = [:]
    }

    struct FileID: Hashable {
        var device: UInt64
        var inode: UInt64
    }
    struct Hold: Hashable {
        var file: FileID
        var use: TwinUse
    }

    private static func identity(_ status: stat) -> FileID {
        FileID(device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// The process's descriptor for the file at `path`, and its identity (the caller holds
    /// the registry's lock).
    private static func descriptor(_ path: String) -> (Int32, FileID)? {
        var status = stat()
        if stat(path, &status) == 0, let known = registry.descriptors[identity(status)] {
            return (known, identity(status))
        }
        let opened = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard opened >= 0 else { return nil }
        guard fstat(opened, &status) == 0 else {
            registry.spare.append(opened)
            return nil
        }
        let id = identity(status)
        if let known = registry.descriptors[id] {
            registry.spare.append(opened)
            return (known, id)
        }
        registry.descriptors[id] = opened
        return (opened, id)
    }

    private static func range(start: Int64, length: Int64, type: Int32) -> flock {
        var range = flock()
        range.l_whence = Int16(SEEK_SET)
        range.l_start = off_t(start)
        range.l_len = off_t(length)
        range.l_type = Int16(type)
        return range
    }

    private static func byte(_ use: TwinUse, pid: Int64) -> Int64 { base + Int64(use.rawValue) * span + pid }

    /// Declares that this process holds the twin at `path` for `use`. Best effort: where
    /// the locks do not exist it does nothing.
    public static func acquire(_ path: String, use: TwinUse) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard let (descriptor, id) = descriptor(path) else { return }
        let hold = Hold(file: id, use: use)
        if let count = registry.counts[hold] {
            registry.counts[hold] = count + 1
            return
        }
        var lock = range(start: byte(use, pid: Int64(getpid())), length: 1, type: F_RDLCK)
        guard setLock(descriptor, &lock) else { return }
        registry.counts[hold] = 1
    }

    /// Undoes one `acquire`.
    public static func release(_ path: String, use: TwinUse) {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard let (descriptor, id) = descriptor(path) else { return }
        let hold = Hold(file: id, use: use)
        guard let count = registry.counts[hold] else { return }
        if count > 1 {
            registry.counts[hold] = count - 1
            return
        }
        registry.counts[hold] = nil
        var lock = range(start: byte(use, pid: Int64(getpid())), length: 1, type: F_UNLCK)
        _ = setLock(descriptor, &lock)
    }

    /// Other processes holding the twin at `path`, by use then pid; nil when it cannot be
    /// told (no such locks on this system or file system, or another program's lock over
    /// the range hiding what lies under it).
    public static func holders(of path: String, uses: [TwinUse] = TwinUse.allCases) -> [TwinHolder]? {
        registry.lock.lock()
        defer { registry.lock.unlock() }
        guard let (descriptor, _) = descriptor(path) else { return nil }
        var found: [TwinHolder] = []
        for use in uses {
            let start = byte(use, pid: 0)
            // The kernel reports one conflicting lock, not the first by offset: each hit
            // splits the range in two, both searched, so every byte lock is found.
            var pending = [(start, start + span)]
            while let (low, high) = pending.popLast() {
                var probe = range(start: low, length: high - low, type: F_WRLCK)
                guard getLock(descriptor, &probe) else { return nil }
                if probe.l_type == Int16(F_UNLCK) { continue }
                let hitStart = Int64(probe.l_start)
                let hitLength = Int64(probe.l_len)
                // Only Jumeau's one-byte locks inside the range can be read; anything else hides the rest.
                guard hitLength == 1, hitStart >= low, hitStart < high else { return nil }
                let pid = hitStart - start
                if pid > 0 && pid <= Int64(Int32.max) { found.append(TwinHolder(pid: Int32(pid), use: use)) }
                pending.append((low, hitStart))
                pending.append((hitStart + 1, high))
            }
        }
        return found.sorted { ($0.use.rawValue, $0.pid) < ($1.use.rawValue, $1.pid) }
    }

    // MARK: Scratch files

    /// Marks a scratch file as being written by this process until `releaseScratch`: an
    /// import killed meanwhile leaves the file unmarked, and the next one removes it.
    /// Returns the descriptor that holds the mark (nil where such locks do not exist).
    public static func holdScratch(_ path: String) -> Int32? {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var lock = range(start: scratchByte, length: 1, type: F_RDLCK)
        guard setLock(descriptor, &lock) else {
            Foundation.close(descriptor)
            return nil
        }
        return descriptor
    }

    /// Ends the mark. Call it once no SQLite connection of this process has the file open.
    public static func releaseScratch(_ descriptor: Int32?) {
        if let descriptor { Foundation.close(descriptor) }
    }

    /// Whether some process still writes the scratch file at `path`; nil when it cannot be told.
    public static func scratchIsHeld(_ path: String) -> Bool? {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { Foundation.close(descriptor) }
        var probe = range(start: scratchByte, length: 1, type: F_WRLCK)
        guard getLock(descriptor, &probe) else { return nil }
        return probe.l_type != Int16(F_UNLCK)
    }

    // MARK: System calls

    #if os(Linux)
        // F_OFD_GETLK and F_OFD_SETLK (fcntl.h with _GNU_SOURCE; not exported to Swift).
        private static func getLock(_ descriptor: Int32, _ range: inout flock) -> Bool {
            fcntl(descriptor, 36, &range) == 0
        }
        private static func setLock(_ descriptor: Int32, _ range: inout flock) -> Bool {
            fcntl(descriptor, 37, &range) == 0
        }
    #else
        private static func getLock(_ descriptor: Int32, _ range: inout flock) -> Bool { false }
        private static func setLock(_ descriptor: Int32, _ range: inout flock) -> Bool { false }
    #endif
}
