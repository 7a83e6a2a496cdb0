import Foundation
import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// The explorer as Model / Update / View: a thin top level that routes each input to the
/// part it is for (an overlay first, then the table, the levers, the map), then derives,
/// once, the work the new state needs (a raster, runs, a publication).
public enum Explorer {
    /// The first state and the work it needs. It opens on what a workshop is about: the
    /// land consumed since 2021 at the first ZAN milestone (or the view the last session on
    /// this twin left), so that the first lever moved changes the map at once.
    public static func start(
        _ data: ExplorerData, width: Int, height: Int, theme: Theme, tier: ColorTier,
        glyphs: Glyphs, options: ExplorerOptions = ExplorerOptions()
    ) -> (ExplorerState, [Effect]) {
        var screen = Screen(width: width, height: height, theme: theme, tier: tier, glyphs: glyphs)
        screen.localizer = Localizer(options.language)
        let milestone = Int(data.catalog.lever(LeverID.zanMilestone)?.baseline ?? 2031)
        let year = min(data.lastYear, max(data.referenceYear, options.year ?? milestone))
        var state = ExplorerState(screen: screen, year: year)
        // The land consumed since 2021, the measure of the first ZAN period: a cut shows on it
        // at once (the yearly pace at the milestone itself is the next period's first year).
        let wanted = options.variable ?? Indicator.nafConsumedSince2021.id
        state.map.variable = data.variables.firstIndex { $0.id == wanted } ?? 0
        state.map.classes = ClassSetting(breaks: options.breaks, count: options.classes)
        state.follow.following = options.follow
        state.follow.sharing = options.share && !options.follow
        state.workshop.levers = options.levers
        if let name = options.scenarioName {
            state.workshop.scenarioName = name
            state.workshop.savedLevers = options.levers
        }
        if let (levers, at) = options.resume, levers != options.levers {
            state.overlay = .confirm(.resume(levers, at: at))
        }
        state.map.fit(data, screen)
        // The last session's view, unless it was the fitted one — centred on the territory
        // (only fitting puts the centre there; its size was another terminal's): that one is
        // fitted again to this terminal, as a resize would.
        if let viewport = options.viewport, Follow.plausible(viewport, data) {
            // A national view is centred left of the mainland's centre: the insets take the left.
            let dx = viewport.center.x - data.extent.center.x
            let shifted = data.geography?.hasOverseas == true && dx <= 0 && -dx <= 15.5 * viewport.metresPerPixel
            let centred = abs(viewport.center.y - data.extent.center.y) < 1 && (abs(dx) < 1 || shifted)
            if !centred {
                state.map.viewport = viewport
                state.map.fitted = false
            }
        }
        let effects: [Effect] = [.store(.listScenarios)]
        let derived = reconcile(&state, data)
        return (state, effects + derived)
    }

    public static func update(_ state: ExplorerState, _ action: Action, data: ExplorerData) -> (ExplorerState, [Effect])
    {
        var s = state
        var reply = Reply()
        route(action, &s, data, &reply)
        if let message = reply.message { s.message = message }
        if reply.close { s.overlay = nil }
        if let overlay = reply.open { s.overlay = overlay }
        if reply.effects.contains(.quit) { s.quitting = true }
        guard !s.quitting else { return (s, reply.effects) }
        // Derived first: the tuple would otherwise copy the state before the derivation.
        let derived = reconcile(&s, data)
        return (s, reply.effects + derived)
    }

    // MARK: Routing

    static func route(_ action: Action, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply) {
        switch action {
        case .rasterReady(let request, let raster):
            if request == s.map.rasterRequest { s.map.raster = raster }
        case .simulated(let request, let result):
            s.workshop.simulated(request, result)
        case .stored(.shared(let view)):
            Follow.follow(view, &s, data)
        case .stored(.connection(let lost)):
            if lost == nil && s.connection.lost != nil { reply.message = s.localizer("connection.back") }
            s.connection.lost = lost
        case .stored(let stored):
            s.workshop.stored(stored, s.localizer, &reply)
            if case .scenarios(let list) = stored {
                s.timeline.scenarios.removeAll { name in !list.contains { $0.name == name } }
                if case .scenarios(let selected) = s.overlay {
                    s.overlay = .scenarios(selected: min(selected, max(0, list.count - 1)))
                }
            }
        case .tick(let milliseconds):
            reply.effects += s.follow.poll(at: milliseconds)
            reply.effects += s.connection.probe(at: milliseconds)
            s.timeline.tick(milliseconds, &s.map, data)
        case .input(.resize(let width, let height)):
            s.screen.width = width
            s.screen.height = height
            s.map.resized(data, s.screen)
        case .input(.key(let key)):
            s.message = nil
            handle(key, &s, data, &reply)
        case .input(let pointer):
            s.message = nil
            handlePointer(pointer, &s, data, &reply)
        }
    }

    static func handle(_ key: Key, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply) {
        if var overlay = s.overlay {
            let outcome = overlay.handle(key, data, s.screen, scenarios: s.workshop.scenarios)
            s.overlay = overlay
            apply(outcome, &s, data, &reply)
            return
        }
        if var table = s.table {
            let outcome = table.handle(key, s, data, &reply)
            s.table = table
            switch outcome {
            case .handled:
                if let zone = table.zoneUnderCursor { s.map.selected = zone }
                return
            case .close:
                s.table = nil
                return
            case .flyTo(let zone):
                s.table = nil
                flyTo(zone, &s, data)
                return
            case .open(let overlay):
                reply.open = overlay
                return
            case .notMine: break
            }
        }
        if s.table == nil, s.workshop.handleLeverKey(key, data, &reply) {
            // In a territory: where the focused lever's value comes from.
            if reply.message == nil, s.workshop.focus != nil {
                reply.message = s.workshop.sourceNote(data, s.localizer)
            }
            return
        }
        guard let command = Keymap.command(for: key) else { return }
        if s.follow.following && Follow.refused(command) {
            reply.message = s.localizer("follow.refused")
            return
        }
        run(command, &s, data, &reply)
    }

    /// A command of the map's keymap.
    static func run(_ command: Command, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply) {
        let t = s.localizer
        switch command {
        case .quit:
            if s.workshop.unsaved && !s.follow.following {
                reply.open = .confirm(.quitUnsaved)
            } else {
                reply.effects.append(.quit)
            }
        case .help: reply.open = .help(page: 0)
        case .back:
            if s.timeline.playing {
                s.timeline.playing = false
            } else if s.timeline.shown {
                s.timeline.shown = false
            } else if s.workshop.compare != nil {
                s.workshop.compare = nil
            } else if s.map.panel == .inspector {
                s.map.panel = .workshop
            } else {
                s.map.selected = nil
            }
        case .panLeft, .panRight, .panUp, .panDown, .zoomIn, .zoomOut: s.map.pan(command, s.screen)
        case .fit: s.map.fit(data, s.screen)
        case .pickVariable:
            let choices = VariablePicker.choices("", data)
            reply.open = .picker(TextField(), selected: choices.firstIndex(of: s.map.variable) ?? 0)
        case .nextYear, .previousYear, .firstYear, .milestoneYear, .lastYear, .play:
            guard data.variables[s.map.variable].varies || s.timeline.shown else {
                reply.message = t(
                    "message.base_year_only",
                    [
                        "label": data.variables[s.map.variable].label,
                        "year": String(data.referenceYear),
                    ])
                return
            }
            let milestone = Int(s.workshop.schedule(LeverID.zanMilestone, data).value)
            switch command {
            case .nextYear: s.map.year = min(data.lastYear, s.map.year + 1)
            case .previousYear: s.map.year = max(data.referenceYear, s.map.year - 1)
            case .firstYear: s.map.year = data.referenceYear
            case .milestoneYear: s.map.year = min(data.lastYear, max(data.referenceYear, milestone))
            case .lastYear: s.map.year = data.lastYear
            default: s.timeline.togglePlaying(&s.map, data)
            }
        case .cyclePanel: s.map.panel = s.map.panel == .workshop ? .inspector : .workshop
        case .inspect:
            s.map.selected = s.map.zoneUnderCursor
            s.map.panel = .inspector
            if s.map.selected == nil { reply.message = t("inspector.none") }
        case .search: reply.open = .search(TextField(), selected: 0)
        case .toggleBreaks:
            s.map.classes.breaks = s.map.classes.breaks == .quantiles ? .equalIntervals : .quantiles
        case .classesFrom:
            s.map.classes.fromBaseline.toggle()
            reply.message = t(s.map.classes.fromBaseline ? "message.classes_baseline" : "message.classes_shown")
        case .manualBreaks:
            var current = ""
            if case .manual(let breaks) = s.map.classes.breaks {
                current = breaks.map(LeverText.plain).joined(separator: " ")
            }
            reply.open = .prompt(.classBreaks, TextField(current))
        case .toggleLabels: s.map.labels.toggle()
        case .cycleLevel:
            guard data.geography != nil else {
                reply.message = t("message.no_levels")
                return
            }
            s.map.cycleLevel(data)
            let name = t("level." + s.map.shownLevel(data).rawValue)
            reply.message = s.map.level == nil ? t("message.level_auto", ["level": name])
                : t("message.level_forced", ["level": name])
        case .goTo: reply.open = .goTo(TextField(), selected: 0)
        case .redraw: break
        case .levers:
            s.workshop.focus = 0
            s.map.panel = .workshop
            reply.message = s.workshop.sourceNote(data, t)
        case .undo: s.workshop.undo(t, &reply)
        case .redo: s.workshop.redo(t, &reply)
        case .save: reply.open = .prompt(.scenarioName, TextField(s.workshop.scenarioName ?? ""))
        case .open:
            reply.open = .scenarios(selected: 0)
            reply.effects.append(.store(.listScenarios))
        case .timeline: s.timeline.shown.toggle()
        case .table: s.table = LayerTable.open(s, data)
        case .report: reply.open = .prompt(.report, TextField("\(fileStem(data))-report.html"))
        }
    }

    /// What an overlay's key asked for.
    static func apply(_ outcome: OverlayOutcome, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply) {
        let t = s.localizer
        switch outcome {
        case .stay: break
        case .close:
            s.overlay = nil
            s.workshop.quitAfterSave = false
        case .flyTo(let zone):
            s.overlay = nil
            flyTo(zone, &s, data)
        case .goTo(let place):
            s.overlay = nil
            s.timeline.shown = false
            reply.effects.append(.scope(place.place == .whole ? nil : place.place))
            reply.message = t("message.going_to", ["place": place.name])
        case .pickVariable(let index):
            s.overlay = nil
            s.map.variable = index
        case .submit(let prompt, let text):
            s.overlay = nil
            submit(prompt, text, &s, data, &reply)
        case .scenario(let action, let info):
            if s.follow.following && action != .toggleTimeline && action != .compare {
                reply.message = t("follow.refused")
                return
            }
            switch action {
            case .toggleTimeline: s.timeline.toggle(info.name)
            case .compare:
                s.overlay = nil
                s.timeline.shown = false
                s.workshop.act(.compare, on: info, t, &reply)
            case .open:
                s.overlay = nil
                s.workshop.act(.open, on: info, t, &reply)
            default: s.workshop.act(action, on: info, t, &reply)
            }
        case .answer(let question, let answer):
            s.overlay = nil
            switch (question, answer) {
            case (.quitUnsaved, .save):
                reply.open = .prompt(.scenarioName, TextField(s.workshop.scenarioName ?? ""))
                s.workshop.quitAfterSave = true
            case (.quitUnsaved, .yes):
                reply.effects += [.store(.journal(.quit, s.workshop.levers, detail: "quit without saving")), .quit]
            case (.deleteScenario(let name), .yes):
                s.timeline.scenarios.removeAll { $0 == name }
                s.workshop.deleted(name, &reply)
            case (.deleteScenario, _): reply.open = .scenarios(selected: 0)
            case (.resume(let levers, _), .yes): s.workshop.set(levers, kind: .resume, detail: "", &reply)
            case (.resume, _):
                reply.effects.append(.store(.journal(.levers, s.workshop.levers, detail: "resume declined")))
            default: break
            }
        }
    }

    /// Applies a typed line; a bad one leaves the state as it was, with a message.
    static func submit(
        _ prompt: Prompt, _ text: String, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply
    ) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let t = s.localizer
        switch prompt {
        case .classBreaks:
            if trimmed.isEmpty {
                s.map.classes.breaks = .quantiles
                return
            }
            guard let breaks = ClassBreaks(parsing: trimmed) else {
                reply.message = t("message.bad_breaks")
                return
            }
            s.map.classes.breaks = breaks
        case .leverValue(let id):
            s.workshop.typed(id, trimmed, data, t, &reply)
        case .scenarioName, .scenarioNotes, .renameScenario, .duplicateScenario:
            s.workshop.submit(prompt, trimmed, t, &reply)
        case .tableFilter:
            guard var table = s.table else { return }
            table.applyFilter(trimmed, s, data, &reply)
            s.table = table
        case .tableExport:
            guard !trimmed.isEmpty, let table = s.table else { return }
            let csv = table.csv(s, data)
            reply.effects.append(.writeFile(path: trimmed, contents: csv.text, rows: csv.rows))
        case .report:
            guard !trimmed.isEmpty else { return }
            let lower = trimmed.lowercased()
            guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".md") else {
                reply.message = t("message.report_format")
                return
            }
            reply.effects.append(
                .writeReport(
                    ReportRequest(
                        path: trimmed, scenarioName: s.workshop.displayName(t),
                        settings: s.workshop.levers, language: t.language)))
        }
    }

    /// Clicks, drags and the wheel: on an overlay nothing; on the table a row; on the panel
    /// a slider; on the timeline a year; on the map a place.
    static func handlePointer(_ event: InputEvent, _ s: inout ExplorerState, _ data: ExplorerData, _ reply: inout Reply)
    {
        guard s.overlay == nil, !s.screen.tooSmall else { return }
        let map = s.screen.mapRect
        if var table = s.table {
            let body = LayerTable.bodyRect(s.screen)
            switch event {
            case .click(let x, let y) where body.contains(x: x, y: y):
                let row = table.top + y - body.y
                if table.rows.indices.contains(row) {
                    table.row = row
                    s.map.selected = table.rows[row]
                }
            case .wheel(_, _, let up):
                _ = table.handle(up ? .up : .down, s, data, &reply)
                if let zone = table.zoneUnderCursor { s.map.selected = zone }
            default: break
            }
            s.table = table
            return
        }
        switch event {
        case .click(let x, let y):
            if s.map.panel == .workshop,
                s.workshop.click(x: x, y: y, layout: PanelLayout(s, data), panel: s.screen.panelRect, data, &reply)
            {
                return
            }
            guard map.contains(x: x, y: y) else { return }
            if s.timeline.shown {
                s.map.year = TimelineView(state: s, data: data).year(atColumn: x) ?? s.map.year
            } else {
                s.map.centre(x: x, y: y, s.screen)
            }
        case .drag(let fromX, let fromY, let toX, let toY):
            let layout = PanelLayout(s, data)
            if s.map.panel == .workshop,
                let slider = layout.sliders.first(where: { $0.bar.contains(x: fromX, y: fromY) })
            {
                let x = min(slider.bar.maxX - 1, max(slider.bar.x, toX))
                _ = s.workshop.click(x: x, y: slider.bar.y, layout: layout, panel: s.screen.panelRect, data, &reply)
                return
            }
            guard !s.timeline.shown, map.contains(x: fromX, y: fromY) else { return }
            s.map.drag(fromX: fromX, fromY: fromY, toX: toX, toY: toY)
        case .wheel(let x, let y, let up):
            guard !s.timeline.shown, map.contains(x: x, y: y) else { return }
            s.map.wheel(x: x, y: y, up: up, s.screen)
        default: break
        }
    }

    /// The explorer now shows another territory (`data` is its): the map fits it, the
    /// table closes and every run is asked again; levers and scenarios stay.
    public static func rescoped(_ state: ExplorerState, data: ExplorerData) -> (ExplorerState, [Effect]) {
        var s = state
        s.workshop.rescope(s.workshop.scope + 1)
        s.map.raster = nil
        s.map.rasterRequest = nil
        s.map.selected = nil
        s.map.level = nil
        s.map.panel = .workshop
        s.map.fit(data, s.screen)
        s.table = nil
        s.overlay = nil
        s.timeline.shown = false
        s.message = s.localizer("message.territory", ["place": data.title])
        let effects = reconcile(&s, data)
        return (s, effects)
    }

    static func flyTo(_ zone: Int, _ s: inout ExplorerState, _ data: ExplorerData) {
        s.map.fly(to: zone, data, s.screen)
        s.timeline.shown = false
    }

    // MARK: Derived work

    /// The work the state needs and has not asked for, derived from it after every update:
    /// the raster of the view, the runs of the levers and of the scenarios shown, the
    /// table's rows, the view shared with followers. The latest request wins: results of
    /// older ones are dropped when they arrive.
    static func reconcile(_ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        var effects: [Effect] = []
        if !s.screen.tooSmall, let viewport = s.map.viewport {
            let map = s.screen.mapRect
            let raster = RasterRequest(viewport: viewport, columns: map.width, rows: map.height,
                                       insets: s.map.insets(data, s.screen), scope: s.workshop.scope)
            if s.map.rasterRequest != raster {
                s.map.rasterRequest = raster
                effects.append(.rasterize(raster))
            }
        }
        var recording = data.variables[s.map.variable].indicator.map { [$0] } ?? []
        // A level's units need what their ratios and means are made of.
        if s.map.shownLevel(data) != .commune, let indicator = data.variables[s.map.variable].indicator {
            recording += LevelAggregation.inputs(indicator).filter { !recording.contains($0) }
        }
        // The table shows the headline indicators of every zone.
        if s.table != nil { recording += data.headline.filter { !recording.contains($0) } }
        effects += s.workshop.runs(recording: recording, timeline: s.timeline.scenarios)
        if var table = s.table {
            table.refresh(s, data)
            table.scroll(s, data)
            s.table = table
        }
        effects += s.follow.publication(s, data)
        return effects
    }

    // MARK: Search

    /// Zones whose name contains the query, ignoring case and accents; best first.
    public static func searchMatches(_ query: String, _ data: ExplorerData) -> [Int] {
        let needle = Filter.fold(query)
        guard !needle.isEmpty else { return [] }
        let found = data.names.indices.filter { Filter.fold(data.names[$0]).contains(needle) }
        func rank(_ zone: Int) -> (Int, String) {
            (Filter.fold(data.names[zone]).hasPrefix(needle) ? 0 : 1, data.names[zone])
        }
        return found.sorted { rank($0) < rank($1) }
    }
}
