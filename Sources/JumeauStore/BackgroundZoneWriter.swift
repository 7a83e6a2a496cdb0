import Foundation
import GRDB
import JumeauModel

/// Writes zones on a thread of its own, in one transaction, while the importer goes on
/// parsing and building geometries: a national import uses both cores (SQLite's inserts
/// and the R-tree were a quarter of its time). Zones are written in the order given; a
/// bounded queue keeps the importer at most `capacity` zones ahead, so memory stays that
/// of the streaming import.
public final class BackgroundZoneWriter: @unchecked Sendable {
    struct Zone {
        var code: String
        var name: String
        var geometry: WKBGeometry
        var department: String?
        var region: String?
        var epci: String?
        var local: (WKBGeometry, SpatialReferenceSystem)?
    }

    private let condition = NSCondition()
    private var queue: [Zone] = []
    private var head = 0
    private var closed = false
    private var cancelled = false
    private var failure: Error?
    private var fids: [Int64] = []
    private let finished = DispatchSemaphore(value: 0)
    private var running = true
    private let capacity: Int

    struct Cancelled: Error {}

    init(store: TwinStore, capacity: Int = 256) {
        self.capacity = capacity
        Thread.detachNewThread { [self] in
            do {
                try store.bulkInsert { inserter in
                    while let zone = try self.next() {
                        let fid = try inserter.insert(
                            code: zone.code, name: zone.name, geometry: zone.geometry, department: zone.department,
                            region: zone.region, epci: zone.epci)
                        if let (geometry, system) = zone.local {
                            try inserter.insertLocal(code: zone.code, geometry: geometry, system: system)
                        }
                        self.fids.append(fid)
                    }
                }
            } catch {
                self.condition.lock()
                self.failure = error
                self.condition.broadcast()
                self.condition.unlock()
            }
            self.finished.signal()
        }
    }

    /// The next zone to write; nil once closed and drained. Throws when cancelled, so the
    /// transaction rolls back.
    private func next() throws -> Zone? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count && !closed && !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        guard head < queue.count else { return nil }
        let zone = queue[head]
        head += 1
        // Drop what was written now and then, so the queue does not grow with the file.
        if head > capacity {
            queue.removeFirst(head)
            head = 0
        }
        condition.broadcast()
        return zone
    }

    /// Queues a zone (its geometry in Lambert-93; an overseas zone's also in its own
    /// projection); waits while the writer is `capacity` zones behind. A failure of the
    /// writer is thrown here, at the next zone.
    public func insert(code: String, name: String, geometry: WKBGeometry, department: String? = nil,
                       region: String? = nil, epci: String? = nil,
                       local: (WKBGeometry, SpatialReferenceSystem)? = nil) throws {
        condition.lock()
        defer { condition.unlock() }
        while queue.count - head >= capacity && failure == nil { condition.wait() }
        if let failure { throw failure }
        queue.append(Zone(code: code, name: name, geometry: geometry, department: department, region: region,
                          epci: epci, local: local))
        condition.broadcast()
    }

    /// Waits until every zone is written and committed; their feature ids, in order.
    public func finish() throws -> [Int64] {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        wait()
        if let failure { throw failure }
        return fids
    }

    /// Abandons the write (nothing is committed) and waits for the thread, so that the file
    /// can be removed. Harmless after `finish`.
    public func cancel() {
        condition.lock()
        if !closed { cancelled = true }
        condition.broadcast()
        condition.unlock()
        wait()
    }

    private func wait() {
        condition.lock()
        let waiting = running
        running = false
        condition.unlock()
        if waiting { finished.wait() }
    }
}

extension TwinStore {
    /// A writer of zones on a thread of its own (`BackgroundZoneWriter`).
    public func backgroundZoneWriter() -> BackgroundZoneWriter { BackgroundZoneWriter(store: self) }
}
