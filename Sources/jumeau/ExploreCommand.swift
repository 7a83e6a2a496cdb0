import ArgumentParser
import Foundation
import JumeauExplorer
import JumeauModel
import JumeauPostGIS
import JumeauRender
import JumeauSimulation
import JumeauStore
import JumeauTerminal
import JumeauThemes

struct Explore: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            abstract: t("help.explore.abstract"),
            discussion: t("help.explore.discussion"))
    }

    @OptionGroup var twinArgument: TwinArgument
    var twin: String? { twinArgument.twin }

    @OptionGroup var display: DisplayOptions

    @OptionGroup var language: LanguageOption

    @Flag(name: .customLong("no-mouse"), help: ArgumentHelp(t("help.explore.noMouse")))
    var noMouse = false

    @Option(name: .long, help: ArgumentHelp(t("help.explore.indicator")))
    var indicator: String?

    @Option(name: .long, help: ArgumentHelp(t("help.explore.year")))
    var year: Int?

    @OptionGroup var lever: LeverOptions

    @Flag(name: .long, help: ArgumentHelp(t("help.explore.follow")))
    var follow = false

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure(message: t("cli.needs_terminal"))
        }
        let environment = ProcessInfo.processInfo.environment
        let loadedTheme = try display.loadTheme()
        // A facilitator writes (journal, scenarios, the shared view) when the file allows it
        // (a server says what the role may do once connected).
        let location = try twinArgument.location
        let writes = !follow && (location.file.map { FileManager.default.isWritableFile(atPath: $0) } ?? true)
        let session = try TwinSession(
            location, twin: twin, geometry: .outlines, access: writes ? .write : .read,
            use: follow ? .follower : .explorer, reconnecting: true)
        let source = try MapSource(session: session)
        if let indicator { _ = try source.variable(indicator) }
        let reference = session.metadata.referenceYear
        if let year, year < reference || year > 2050 {
            throw CommandFailure(
                message: t("cli.year_range", ["option": "--year", "first": String(reference), "last": "2050"]),
                status: 2)
        }
        let settings = try lever.settings(in: session).settings
        // Its places (`g`) are indexed by the runtime once the first frame is drawn.
        let units = (try? session.store.levelUnits()) ?? []
        let data = Self.explorerData(
            table: session.table, definitions: source.attributeDefinitions, metadata: session.metadata,
            simulator: session.simulator, units: units, title: session.metadata.name, t)
        let tier = ColorTier.detect(environment: environment, requested: display.requestedTier)
        let glyphs = display.glyphs(environment)
        // A server role that may only read still gets a store: saving then says why it may not.
        let store =
            session.store.isReadOnly && !follow && location.file != nil ? nil : TwinWorkshopStore(session: session)
        // The facilitator's file in WAL mode: followers read while it writes.
        let sharing = !follow && store != nil && (try? session.store.shareWithFollowers()) != nil
        var options = ExplorerOptions(
            variable: indicator, breaks: display.classBreaks, classes: display.classes, levers: settings)
        // Without --indicator, the view the last session on this twin left (its facilitator's).
        if indicator == nil, !follow, let last = try? session.store.liveView(),
            data.variables.contains(where: { $0.id == last.variable })
        {
            options.variable = last.variable
            options.year = last.year
            options.viewport = Viewport(
                center: Point2(x: last.centerX, y: last.centerY), metresPerPixel: last.metresPerPixel)
        }
        if let year { options.year = year }
        options.language = t.language
        options.follow = follow
        options.share = sharing
        if !follow && lever.scenario == nil && lever.levers == nil && lever.assignments.isEmpty {
            options.resume = store?.unsavedLevers()
        }
        if let scenario = lever.scenario, scenario.caseInsensitiveCompare("baseline") != .orderedSame {
            options.scenarioName = scenario
        }

        let terminal: CursesTerminal
        do { terminal = try CursesTerminal(tier: tier, mouse: !noMouse) } catch {
            throw CommandFailure(message: describe(error))
        }
        let simulator = session.simulator
        let table = session.table
        let metadata = session.metadata
        let definitions = source.attributeDefinitions
        let language = t
        // `g`: the explorer of a place is that of its zones, with their own simulation (as
        // `run --epci` gives); the places stay those of the whole twin.
        let scoper: @Sendable (Place, ExplorerData) throws -> ScopedTerritory = { place, whole in
            let zones = place.zones(whole)
            let part = table.subset(zones)
            let title = place.path(whole).joined(separator: " › ")
            // A territory whose zones all lack data (Mayotte's) has nothing to simulate.
            guard part.noData.contains(false) || part.noData.count < part.count else {
                throw SimulationError("cli.select.no_data", ["selection": place.name(whole), "count": part.count])
            }
            let base = try BaseState(table: part, referenceYear: metadata.referenceYear)
            let local = Simulator(base: base)
            var scoped = Self.explorerData(
                table: part, definitions: definitions, metadata: metadata, simulator: local, units: units,
                title: title, language)
            scoped.places = whole.places
            // A région, département or EPCI: the panel edits its own levers.
            scoped.leverTerritory = LeverTerritory(place, in: whole)
            return ScopedTerritory(data: scoped) { settings, recording in local.run(settings, recording: recording) }
        }
        let runtime = ExplorerRuntime(
            data: data, display: terminal, store: store, protecting: location.file.map { [$0] } ?? [], scoper: scoper
        ) { settings, recording in
            simulator.run(settings, recording: recording)
        }
        // A dropped connection or a kill ends the loop without quitting: the journal keeps
        // the levers, and the next start offers to resume them.
        runtime.run(theme: loadedTheme, tier: terminal.tier, glyphs: glyphs, options: options)
        terminal.close()
        if sharing { session.store.stopSharing() }
        // A server's connections (the follower's LISTEN one too) end here, not at exit.
        try? session.store.close()
    }

    static func explorerData(
        table: ZoneTable, definitions: [AttributeDefinition], metadata: TerritoryMetadata, simulator: Simulator,
        units: [LevelUnit], title: String, _ t: Localizer
    ) -> ExplorerData {
        ExplorerData.of(table: table, definitions: definitions, metadata: metadata, simulator: simulator, units: units,
                        title: title, t)
    }
}

/// The explorer's scenarios and journal, in the twin. A server twin may be out of reach for a
/// while: journal entries then wait in a local file (`PendingJournal`) and are sent once it is
/// back, the banner saying so meanwhile; the levers on screen are never lost.
final class TwinWorkshopStore: WorkshopStore, @unchecked Sendable {
    let session: TwinSession
    /// This explorer's session in the journal.
    let id = UUID().uuidString
    let author = ProcessInfo.processInfo.environment["USER"] ?? ""
    let pending: PendingJournal

    /// Counts the views this explorer shared.
    private var sequence = 0
    /// Why the twin cannot be reached (store queue only).
    private var lost: Message?
    /// The last view shared, shared again once a lost connection is back.
    private var lastShared: SharedView?

    init(session: TwinSession) {
        self.session = session
        pending = PendingJournal(twin: session.path)
    }

    /// Runs a call on the twin, noting whether it could be reached.
    private func reaching<T>(_ body: () throws -> T) throws -> T {
        do {
            let value = try body()
            if lost != nil {
                // The banner goes once the server has what waited for it.
                try flushPending()
                lost = nil
                if let view = lastShared { try? publish(view) }
            }
            return value
        } catch let error as ServerError where error.isConnectionLoss {
            lost = error.message
            throw error
        }
    }

    func connectionLost() -> Message? { lost }

    func probe() throws {
        try reaching {
            try flushPending()
            _ = try session.store.scenarioCount()
        }
    }

    /// Sends the entries kept while the server was out of reach, oldest first. Each one sent is
    /// crossed off at once (a connection lost half-way sends no entry twice); one the server refuses
    /// for another reason than the connection is dropped rather than blocking the others.
    private func flushPending() throws {
        var waiting = pending.entries()
        while let entry = waiting.first {
            do {
                try session.store.appendJournal(entry)
            } catch let error as ServerError where error.isConnectionLoss {
                throw error
            } catch {}
            waiting.removeFirst()
            try pending.replace(with: waiting)
        }
    }

    func watchSharedView(_ changed: @escaping @Sendable () -> Void) { session.store.watchLiveView(changed) }

    func publish(_ view: SharedView) throws {
        lastShared = view
        sequence += 1
        let center = view.viewport.center
        let live = LiveView(
            session: id, sequence: sequence, leversJSON: view.settings.canonicalJSON,
            scenario: view.scenarioName, year: view.year, variable: view.variable,
            centerX: center.x, centerY: center.y, metresPerPixel: view.viewport.metresPerPixel,
            active: view.active, updatedAt: Date())
        // Out of reach, the view is shared again once the connection is back: no message meanwhile.
        do { try reaching { try session.store.publishLiveView(live) } } catch let error as ServerError
        where error.isConnectionLoss {}
    }

    func sharedView() throws -> SharedView? {
        guard let live = try reaching({ try session.store.liveView() }),
            let settings = try? LeverSettings(json: live.leversJSON, catalog: session.catalog)
        else { return nil }
        var view = SharedView(
            settings: settings, scenarioName: live.scenario, year: live.year, variable: live.variable,
            viewport: Viewport(center: Point2(x: live.centerX, y: live.centerY), metresPerPixel: live.metresPerPixel))
        view.active = live.active
        view.sequence = live.sequence
        view.updatedAt = live.updatedAt
        // A facilitator killed (kill -9, a lost machine) cannot say it left: no explorer
        // holds the twin any more, which the follower learns at its next poll.
        if live.active, session.store.facilitatorPresent() == false {
            view.active = false
            view.updatedAt = Date()
        }
        return view
    }

    func scenarios() throws -> [ScenarioInfo] {
        try reaching { try session.store.scenarios() }.compactMap { saved in
            guard let settings = try? LeverSettings(json: saved.leversJSON, catalog: session.catalog) else {
                return nil
            }
            return ScenarioInfo(name: saved.name, notes: saved.notes, settings: settings, updatedAt: saved.updatedAt)
        }
    }

    func save(name typed: String, notes: String, settings: LeverSettings) throws {
        let name = ScenarioName.canonical(typed)
        let result = session.simulator.run(settings)
        // The store keeps a replaced scenario's creation time, and refuses another author's.
        let scenario = SavedScenario(name: name, leversJSON: settings.canonicalJSON, notes: notes, author: author)
        try reaching {
            try session.store.saveScenario(scenario, run: session.simulator.savedRun(result, settings: settings))
        }
    }

    func delete(_ name: String) throws {
        _ = try reaching { try session.store.deleteScenario(named: name, by: author) }
    }

    func rename(_ name: String, to newName: String) throws {
        guard try reaching({ try session.store.renameScenario(from: name, to: newName, by: author) }) else {
            throw CommandFailure(message: t("cli.no_scenario_named", ["name": name]))
        }
    }

    func journal(_ kind: JournalEntry.Kind, _ settings: LeverSettings, detail: String) throws {
        guard !session.store.isReadOnly else { return }
        let entry = JournalEntry(
            session: id, at: Date(), kind: kind, leversJSON: settings.canonicalJSON, detail: detail)
        do {
            try reaching {
                try flushPending()
                try session.store.appendJournal(entry)
            }
        } catch let error as ServerError where error.isConnectionLoss {
            // Kept here until the server has it: a quit or a crash meanwhile still resumes these levers.
            try pending.append(entry)
        }
    }

    /// The levers of the last session when it ended without quitting (a dropped
    /// connection, a crash) and they were not saved: those the server could not take first.
    func unsavedLevers() -> (LeverSettings, Date)? {
        let waiting = pending.entries()
        guard let entries = waiting.isEmpty ? try? session.store.lastJournalSession() : waiting,
            let last = entries.last,
            last.kind == .levers || last.kind == .resume,
            let settings = try? LeverSettings(json: last.leversJSON, catalog: session.catalog), !settings.isBaseline
        else { return nil }
        return (settings, last.at)
    }
}

/// Appends a fatal error to $XDG_STATE_HOME/jumeau/jumeau.log (default ~/.local/state).
func logFatal(_ message: String) {
    let environment = ProcessInfo.processInfo.environment
    let state =
        environment["XDG_STATE_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
    let directory = state + "/jumeau"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let line = "\(ISO8601DateFormatter().string(from: Date())) \(message)\n"
    let path = directory + "/jumeau.log"
    if let handle = FileHandle(forWritingAtPath: path) {
        handle.seekToEndOfFile()
        try? handle.write(contentsOf: Data(line.utf8))
        try? handle.close()
    } else {
        FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
    }
}
