import Dispatch
import Foundation
import JumeauExport
import JumeauModel
import JumeauRender
import JumeauReport
import JumeauSimulation

/// What the explorer needs of the twin file: scenarios and the session journal. The
/// command line implements it on the store; tests use an in-memory one.
public protocol WorkshopStore: AnyObject, Sendable {
    func scenarios() throws -> [ScenarioInfo]
    func save(name: String, notes: String, settings: LeverSettings) throws
    func delete(_ name: String) throws
    func rename(_ name: String, to newName: String) throws
    func journal(_ kind: JournalEntry.Kind, _ settings: LeverSettings, detail: String) throws
    /// Shares this explorer's view with followers.
    func publish(_ view: SharedView) throws
    /// The view another explorer shares, if any.
    func sharedView() throws -> SharedView?
    /// Why the twin cannot be reached now (a lost server connection); nil when it can.
    func connectionLost() -> Message?
    /// Tries a twin that could not be reached again, sending what waited meanwhile.
    func probe() throws
    /// Calls `changed` whenever the shared view changes, when the twin can tell (a server).
    func watchSharedView(_ changed: @escaping @Sendable () -> Void)
}

extension WorkshopStore {
    public func connectionLost() -> Message? { nil }
    public func probe() throws {}
    public func watchSharedView(_ changed: @escaping @Sendable () -> Void) {}
}

/// Runs the explorer: input and drawing on the calling thread; rasterisation, the
/// simulation and the twin file on worker queues. Results come back as actions; stale
/// ones are dropped by `update`, so the latest state always wins and input is never
/// blocked.
/// A territory the explorer can show: its data and its own simulation.
public struct ScopedTerritory: Sendable {
    public var data: ExplorerData
    public var simulate: @Sendable (LeverSettings, [Indicator]) -> SimulationResult
    public init(data: ExplorerData, simulate: @escaping @Sendable (LeverSettings, [Indicator]) -> SimulationResult) {
        self.data = data; self.simulate = simulate
    }
}

public final class ExplorerRuntime {
    /// The territory shown: the whole twin, or the one `g` went to.
    private(set) var data: ExplorerData
    let display: TerminalDisplay
    private(set) var simulate: @Sendable (LeverSettings, [Indicator]) -> SimulationResult
    /// The whole twin, and how to make the explorer of one of its places (nil: `g` cannot).
    private var whole: ScopedTerritory
    private let scoper: (@Sendable (Place, ExplorerData) throws -> ScopedTerritory)?
    private let scopeQueue = DispatchQueue(label: "jumeau.explorer.scope", qos: .userInitiated)
    private let scoped = Mailbox<ScopedTerritory>()
    private let places = Mailbox<PlaceIndex>()
    let store: WorkshopStore?
    /// Files the explorer's exports and reports must never overwrite: its twin.
    let protecting: [String]
    private let rasterQueue = DispatchQueue(label: "jumeau.explorer.raster", qos: .userInitiated)
    private let simulationQueue = DispatchQueue(label: "jumeau.explorer.simulation", qos: .userInitiated)
    private let storeQueue = DispatchQueue(label: "jumeau.explorer.store", qos: .utility)
    private let connection = ConnectionWatch()
    private let inbox = Inbox()
    private let latest = LatestGeneration()

    /// - Parameters:
    ///   - simulate: runs the simulation for a lever setting, keeping the given indicators per zone.
    ///   - store: the twin's scenarios and journal (nil: a read-only twin, nothing is written).
    ///   - protecting: files never to be overwritten by an export or a report (the twin).
    ///   - scoper: the explorer of a place of the twin (its zones, their own simulation), for `g`.
    public init(
        data: ExplorerData, display: TerminalDisplay, store: WorkshopStore?, protecting: [String] = [],
        scoper: (@Sendable (Place, ExplorerData) throws -> ScopedTerritory)? = nil,
        simulate: @escaping @Sendable (LeverSettings, [Indicator]) -> SimulationResult
    ) {
        self.data = data
        self.display = display
        self.store = store
        self.protecting = protecting
        self.simulate = simulate
        self.whole = ScopedTerritory(data: data, simulate: simulate)
        self.scoper = scoper
        let wake = display.makeWaker()
        inbox.wake = wake
        scoped.wake = wake
    }

    /// One value handed from a worker queue to the loop.
    final class Mailbox<Value>: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Value?
        /// Wakes the event loop, so that the value is taken at once.
        var wake: @Sendable () -> Void = {}
        func put(_ new: Value) {
            lock.lock()
            value = new
            lock.unlock()
            wake()
        }
        func take() -> Value? {
            lock.lock()
            defer { lock.unlock() }
            let out = value
            value = nil
            return out
        }
    }

    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var actions: [Action] = []
        /// Wakes the event loop, so that a result is drawn at once.
        var wake: @Sendable () -> Void = {}
        func post(_ action: Action) {
            lock.lock()
            actions.append(action)
            lock.unlock()
            wake()
        }
        func drain() -> [Action] {
            lock.lock()
            defer { lock.unlock() }
            let out = actions
            actions = []
            return out
        }
    }

    /// The newest simulation asked for: older ones still queued are not started.
    final class LatestGeneration: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func set(_ generation: Int) {
            lock.lock()
            value = max(value, generation)
            lock.unlock()
        }
        func isStale(_ generation: Int) -> Bool {
            lock.lock()
            defer { lock.unlock() }
            return generation < value
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .rasterize(let request):
                let data = self.data
                let inbox = self.inbox
                rasterQueue.async {
                    let raster = ZoneRaster(
                        zones: data.outlines, envelopes: data.envelopes, viewport: request.viewport,
                        columns: request.columns, rows: request.rows, frames: data.geography?.frameOfZone,
                        insets: request.insets)
                    inbox.post(.rasterReady(request, raster))
                }
            case .simulate(let request):
                let simulate = self.simulate
                let inbox = self.inbox
                let latest = self.latest
                if request.purpose == .current { latest.set(request.generation) }
                simulationQueue.async {
                    // Fast slider moves queue several runs: only the newest is worth running.
                    if request.purpose == .current && latest.isStale(request.generation) { return }
                    inbox.post(.simulated(request, simulate(request.settings, request.recording)))
                }
            case .store(let request):
                let store = self.store
                let inbox = self.inbox
                let connection = self.connection
                storeQueue.async { Self.serve(request, store: store, inbox: inbox, connection: connection) }
            case .writeFile(let path, let contents, let rows):
                let inbox = self.inbox
                let protecting = self.protecting
                storeQueue.async {
                    Self.write(
                        contents, to: path, protecting: protecting, inbox: inbox, done: "message.exported",
                        ["count": String(rows)])
                }
            case .writeReport(let request):
                let data = self.data
                let simulate = self.simulate
                let inbox = self.inbox
                let protecting = self.protecting
                storeQueue.async {
                    let t = Localizer(request.language)
                    let mapped = Indicator.nafConsumedSince2021
                    let scenario = ReportContent.Scenario(
                        name: request.scenarioName,
                        code: (try? ScenarioCode.encode(request.settings, catalog: data.catalog)) ?? "",
                        notes: "", settings: request.settings, result: simulate(request.settings, [mapped]))
                    var content = ReportContent(
                        territory: data.title, zoneCount: data.names.count,
                        areaHa: data.attributeValues[StandardAttribute.areaHa.id]?.reduce(0, +) ?? 0,
                        referenceYear: data.referenceYear, attribution: data.attribution, catalog: data.catalog,
                        baseline: simulate(LeverSettings(), []), scenarios: [scenario],
                        outlines: data.outlines.outlines,
                        names: data.names, mapIndicator: mapped, attributes: data.attributes, generatedAt: Date(),
                        lawTrajectory: data.lawTrajectory,
                        populations: data.attributeValues[StandardAttribute.population.id] ?? [])
                    if let frames = data.geography?.frameOfZone, frames.contains(0) {
                        content.onMap = frames.map { $0 == 0 }
                    }
                    let markdown = request.path.lowercased().hasSuffix(".md")
                    let text = markdown ? ReportWriter.markdown(content, t) : ReportWriter.html(content, t)
                    Self.write(
                        text, to: request.path, protecting: protecting, inbox: inbox, done: "message.report_written")
                }
            case .scope(let place):
                guard let place else {
                    scoped.put(whole)
                    continue
                }
                guard let scoper else { continue }
                let wholeData = self.whole.data
                let scoped = self.scoped
                let inbox = self.inbox
                scopeQueue.async {
                    // Places are those of the whole twin: indexed here if the first frame's
                    // background indexing has not delivered them yet.
                    var whole = wholeData
                    if whole.places.entries.isEmpty { whole.indexPlaces() }
                    do { scoped.put(try scoper(place, whole)) } catch {
                        inbox.post(.stored(.failed(Message.of(error))))
                    }
                }
            case .quit:
                break
            }
        }
    }

    /// Writes a file whole or never half of it, never over the twin (`OutputFile`), and says
    /// how it went: the `done` message, or why it failed.
    private static func write(
        _ text: String, to path: String, protecting: [String], inbox: Inbox, done: String,
        _ arguments: [String: String] = [:]
    ) {
        do {
            try OutputFile.write(Data(text.utf8), to: path, protecting: protecting)
            inbox.post(.stored(.done(done, arguments.merging(["path": path]) { a, _ in a })))
        } catch {
            inbox.post(.stored(.failed(Message.of(error))))
        }
    }

    private static func serve(
        _ request: StoreRequest, store: WorkshopStore?, inbox: Inbox, connection: ConnectionWatch
    ) {
        guard let store else {
            switch request {
            case .journal, .listScenarios, .publish, .readSharedView, .probe: return
            default:
                inbox.post(.stored(.done("message.read_only", [:])))
                return
            }
        }
        do {
            switch request {
            case .journal(let kind, let settings, let detail): try store.journal(kind, settings, detail: detail)
            case .listScenarios: inbox.post(.stored(.scenarios(try store.scenarios())))
            case .save(let name, let notes, let settings):
                try store.save(name: name, notes: notes, settings: settings)
                inbox.post(.stored(.saved(name, settings)))
            case .delete(let name):
                try store.delete(name)
                inbox.post(.stored(.done("message.deleted", ["name": name])))
            case .publish(let view): try store.publish(view)
            case .readSharedView:
                // One read; one that fails (the facilitator's write in progress) is retried at the next poll.
                do { inbox.post(.stored(.shared(try store.sharedView()))) } catch {}
            case .rename(let name, let newName):
                try store.rename(name, to: newName)
                inbox.post(.stored(.done("message.renamed", ["name": name, "new": newName])))
            case .probe: try store.probe()
            }
        } catch {
            // While the banner says the connection is lost, a probe failing again says nothing new.
            if !(request == .probe && store.connectionLost() != nil) { inbox.post(.stored(.failed(Message.of(error)))) }
        }
        let lost = store.connectionLost()
        if connection.changed(to: lost) { inbox.post(.stored(.connection(lost))) }
    }

    /// The connection state the explorer was last told (store queue only).
    final class ConnectionWatch: @unchecked Sendable {
        private var last: Message?
        func changed(to lost: Message?) -> Bool {
            defer { last = lost }
            return last != lost
        }
    }

    /// Runs until q, or a stop signal; returns the final state. Pending writes to the
    /// twin are finished before it returns.
    @discardableResult
    public func run(
        theme: Theme, tier: ColorTier, glyphs: Glyphs, options: ExplorerOptions = ExplorerOptions(),
        maxIdleFrames: Int? = nil
    ) -> ExplorerState {
        let size = display.size
        var (state, effects) = Explorer.start(
            data, width: size.width, height: size.height, theme: theme, tier: tier,
            glyphs: glyphs, options: options)
        perform(effects)
        if options.follow, let store {
            // A server tells followers at once; the poll stays, for a store that cannot.
            let inbox = self.inbox, queue = storeQueue, connection = self.connection
            store.watchSharedView {
                queue.async { Self.serve(.readSharedView, store: store, inbox: inbox, connection: connection) }
            }
        }
        var dirty = true
        var idle = 0
        var indexing = !data.places.entries.isEmpty
        let started = ContinuousClock.now
        while !state.quitting && !display.stopRequested {
            if dirty {
                display.draw(Explorer.view(state, data: data))
                dirty = false
            }
            // The places `g` searches (35,000 names folded) are indexed once the first frame is
            // complete: on two cores, sooner would slow its raster and runs (`g` indexes if asked first).
            if !indexing && state.map.raster != nil && state.workshop.result != nil {
                indexing = true
                let unindexed = data
                let places = self.places
                scopeQueue.async {
                    var indexed = unindexed
                    indexed.indexPlaces()
                    places.put(indexed.places)
                }
            }
            if let event = display.nextEvent(timeout: 30) {
                (state, effects) = Explorer.update(state, .input(event), data: data)
                perform(effects)
                dirty = true
                idle = 0
            } else {
                idle += 1
                if let maxIdleFrames, idle > maxIdleFrames { break }
            }
            for action in inbox.drain() {
                (state, effects) = Explorer.update(state, action, data: data)
                perform(effects)
                dirty = true
            }
            if let index = places.take() {
                whole.data.places = index
                if data.places.entries.isEmpty { data.places = index }
            }
            if let territory = scoped.take() {
                // Results asked for the territory left are dropped: their scope is older.
                data = territory.data
                simulate = territory.simulate
                (state, effects) = Explorer.rescoped(state, data: data)
                perform(effects)
                dirty = true
            }
            if state.timeline.playing || state.follow.following || state.connection.lost != nil {
                let elapsed = ContinuousClock.now - started
                let year = state.map.year
                (state, effects) = Explorer.update(
                    state,
                    .tick(
                        Int(elapsed.components.seconds * 1_000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                    ), data: data)
                perform(effects)
                if state.map.year != year || !state.timeline.playing { dirty = true }
            }
        }
        // Followers learn that the facilitator has left.
        if state.follow.sharing, var last = state.follow.lastPublished {
            last.active = false
            let store = self.store
            let inbox = self.inbox
            let connection = self.connection
            let leaving = last
            storeQueue.async { Self.serve(.publish(leaving), store: store, inbox: inbox, connection: connection) }
        }
        storeQueue.sync {}
        return state
    }
}
