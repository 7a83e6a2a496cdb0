import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Workshop mode: the policy levers, undo and redo, the saved scenarios, the runs of the
/// simulation and the comparison with a saved scenario.
public struct Workshop: Sendable {
    public var levers = LeverSettings()
    /// The levers as last saved, loaded or started with: anything else is unsaved.
    public var savedLevers = LeverSettings()
    public var scenarioName: String?
    var undoStack: [LeverSettings] = []
    var redoStack: [LeverSettings] = []
    public var scenarios: [ScenarioInfo] = []
    /// The lever the keys move (an index in the catalogue); nil: the keys are the map's.
    public var focus: Int?
    /// The levers beyond the three headline ones are shown.
    public var moreLevers = false

    // Runs: the latest request wins, older results are dropped when they arrive.
    public var result: SimulationResult?
    public var resultRequest: SimulationRequest?
    var pendingSimulation: SimulationRequest?
    var generation = 0
    public var baseline: SimulationResult?
    var baselineRequest: SimulationRequest?
    /// The request `baseline` answers (an older one until a wider recording arrives).
    var baselineAnswers: SimulationRequest?
    public var comparisons: [String: SimulationResult] = [:]
    var comparisonRequests: [String: SimulationRequest] = [:]
    /// The saved scenario compared with the current levers (difference map, table).
    public var compare: String?
    /// Saving was asked for on the way out: quit once it is saved.
    var quitAfterSave = false
    /// The territory the runs are for (`ExplorerState.scope`).
    var scope = 0

    /// Another territory: every run is asked again; the levers, scenarios and undo stay.
    mutating func rescope(_ scope: Int) {
        self.scope = scope
        result = nil; resultRequest = nil; pendingSimulation = nil
        baseline = nil; baselineRequest = nil; baselineAnswers = nil
        comparisons = [:]; comparisonRequests = [:]
    }

    public var unsaved: Bool { levers != savedLevers }

    /// The scenario's name as shown: its own (with * when changed since), or what it is.
    func displayName(_ t: Localizer) -> String {
        scenarioName.map { Sanitize.text($0) + (unsaved ? " *" : "") }
            ?? t(levers.isBaseline ? "scenario.baseline" : "scenario.new")
    }

    /// A lever's schedule as the panel shows it: the scenario's, or in a territory `g` went
    /// to, the one its zones run with (the closest enclosing territory's that sets it).
    func schedule(_ id: String, _ data: ExplorerData) -> LeverSchedule {
        guard let place = data.leverTerritory else { return levers.schedule(id, catalog: data.catalog) }
        return levers.effective(region: place.region, department: place.department, epci: place.epci)
            .schedule(id, catalog: data.catalog)
    }

    /// Where the territory's value of a lever comes from: itself, an enclosing territory,
    /// or (nil) the scenario.
    func source(_ id: String, _ data: ExplorerData) -> TerritoryRef? {
        guard let place = data.leverTerritory else { return nil }
        return levers.source(of: id, region: place.region, department: place.department, epci: place.epci)
    }

    /// In a territory, where the focused lever's value comes from ("ZAN cut: from Région 1"); nil elsewhere.
    func sourceNote(_ data: ExplorerData, _ t: Localizer) -> String? {
        guard let place = data.leverTerritory, let focus, data.catalog.levers.indices.contains(focus) else {
            return nil
        }
        let lever = data.catalog.levers[focus]
        let short = WorkshopPanel.shortLabel(lever, t)
        let source = source(lever.id, data)
        if source == place.territory { return t("panel.lever_here", ["lever": short, "territory": place.name]) }
        return t("panel.lever_inherited", [
            "lever": short, "territory": place.name,
            "source": source.map { place.names[$0] ?? $0.description } ?? t("panel.lever_scenario"),
        ])
    }

    /// Levers the panel shows: the three headline sliders, then the others when open.
    func visibleLevers(_ data: ExplorerData) -> Range<Int> {
        0..<(moreLevers ? data.catalog.levers.count : min(ExplorerData.headlineLevers, data.catalog.levers.count))
    }

    // MARK: Levers

    /// Keys while the policy panel has the focus; false for keys it leaves to the map.
    mutating func handleLeverKey(_ key: Key, _ data: ExplorerData, _ reply: inout Reply) -> Bool {
        guard let index = focus else { return false }
        let levers = data.catalog.levers
        guard levers.indices.contains(index) else {
            focus = nil
            return false
        }
        let lever = levers[index]
        switch key {
        case .up, .character("k"):
            focus = max(0, index - 1)
        case .down, .character("j"):
            if index + 1 < visibleLevers(data).upperBound {
                focus = index + 1
            } else if !moreLevers && index + 1 < levers.count {
                moreLevers = true
                focus = index + 1
            }
        case .right, .character("l"): step(lever, by: 1, data, &reply)
        case .left, .character("h"): step(lever, by: -1, data, &reply)
        case .pageUp, .character("]"): step(lever, by: Self.largeStep(lever), data, &reply)
        case .pageDown, .character("["): step(lever, by: -Self.largeStep(lever), data, &reply)
        case .enter:
            let value = LeverText.plain(schedule(lever.id, data).value)
            reply.open = .prompt(.leverValue(lever.id), TextField(value))
        case .character("r"):
            var reset = self.levers
            if let place = data.leverTerritory {
                // The territory's own value goes: it inherits again.
                try? reset.set(lever.id, nil, for: place.territory, catalog: data.catalog)
            } else {
                try? reset.set(lever.id, LeverSchedule(lever.baseline), catalog: data.catalog)
            }
            set(reset, detail: "\(lever.id) reset", &reply)
        case .character("R"):
            var reset = LeverSettings()
            if let place = data.leverTerritory {
                reset = self.levers
                for id in self.levers.territories[place.territory]?.keys.sorted() ?? [] {
                    try? reset.set(id, nil, for: place.territory, catalog: data.catalog)
                }
            }
            set(reset, detail: "all levers reset", &reply)
        case .character("m"):
            moreLevers.toggle()
            if !moreLevers && index >= ExplorerData.headlineLevers { focus = ExplorerData.headlineLevers - 1 }
        case .escape, .character("p"):
            focus = nil
        default:
            return false
        }
        return true
    }

    /// Steps of a large move: a tenth of the range (at least one step).
    static func largeStep(_ lever: LeverDefinition) -> Int {
        if let choices = lever.choices { return max(1, choices.count - 1) }
        return max(1, Int(saturating: ((lever.maximum - lever.minimum) / lever.step / 10).rounded()))
    }

    /// Moves a lever by steps towards "more ambitious" (positive) or away from it: to the
    /// right is always more ambitious, whatever the direction of the value.
    mutating func step(_ lever: LeverDefinition, by steps: Int, _ data: ExplorerData, _ reply: inout Reply) {
        let schedule = schedule(lever.id, data)
        let direction = lever.ambitious == .increasing ? 1 : -1
        let target: Double
        if let choices = lever.choices?.sorted() {
            let current = choices.firstIndex { $0 >= schedule.value } ?? 0
            target = choices[min(choices.count - 1, max(0, current + steps * direction))]
        } else {
            target = lever.snapped(schedule.value + Double(steps * direction) * lever.step)
        }
        // In a territory, a first step from an inherited value makes it the territory's own.
        let inherited = data.leverTerritory.map { source(lever.id, data) != $0.territory } ?? false
        guard target != schedule.value || !schedule.changes.isEmpty || inherited else { return }
        set(lever.id, to: target, data, &reply)
    }

    /// One value from now to 2050: dated changes are for the command line.
    mutating func set(_ id: String, to value: Double, _ data: ExplorerData, _ reply: inout Reply) {
        var settings = levers
        if let place = data.leverTerritory {
            try? settings.set(id, LeverSchedule(value), for: place.territory, catalog: data.catalog)
            set(settings, detail: "\(place.territory):\(id)=\(LeverText.plain(value))", &reply)
            return
        }
        try? settings.set(id, LeverSchedule(value), catalog: data.catalog)
        set(settings, detail: "\(id)=\(LeverText.plain(value))", &reply)
    }

    /// A value typed in the lever's prompt: a plain number within the lever's range, moved
    /// to its nearest step (and said so).
    mutating func typed(_ id: String, _ text: String, _ data: ExplorerData, _ t: Localizer, _ reply: inout Reply) {
        guard let lever = data.catalog.lever(id) else { return }
        let label = t.pick(fr: lever.labelFR, en: lever.labelEN)
        let unit = t.unit(lever.unit)
        let decimal = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        let range: [String: String] = [
            "label": label, "min": LeverText.plain(lever.minimum),
            "max": LeverText.plain(lever.maximum), "unit": unit,
        ]
        guard let number = PlainNumber.parse(decimal) else {
            reply.message = t("lever.not_a_number", range)
            return
        }
        guard number >= lever.minimum && number <= lever.maximum else {
            reply.message = t(
                "lever.out_of_range", range.merging(["value": LeverText.plain(number)]) { kept, _ in kept })
            return
        }
        let value = lever.snapped(number)
        set(id, to: value, data, &reply)
        if value != number {
            reply.message = t(
                "lever.snapped",
                [
                    "label": label, "step": LeverText.plain(lever.step), "unit": unit,
                    "value": LeverText.plain(value),
                ])
        }
    }

    /// Every lever change goes through here: undo history and one journal entry.
    mutating func set(
        _ settings: LeverSettings, kind: JournalEntry.Kind = .levers, detail: String, _ reply: inout Reply
    ) {
        guard settings != levers else {
            if kind != .levers { reply.effects.append(.store(.journal(kind, settings, detail: detail))) }
            return
        }
        undoStack.append(levers)
        if undoStack.count > 500 { undoStack.removeFirst() }
        redoStack.removeAll()
        levers = settings
        reply.effects.append(.store(.journal(kind, settings, detail: detail)))
    }

    mutating func undo(_ t: Localizer, _ reply: inout Reply) {
        guard let previous = undoStack.popLast() else {
            reply.message = t("message.nothing_to_undo")
            return
        }
        redoStack.append(levers)
        levers = previous
        reply.effects.append(.store(.journal(.levers, previous, detail: "undo")))
    }

    mutating func redo(_ t: Localizer, _ reply: inout Reply) {
        guard let next = redoStack.popLast() else {
            reply.message = t("message.nothing_to_redo")
            return
        }
        undoStack.append(levers)
        levers = next
        reply.effects.append(.store(.journal(.levers, next, detail: "redo")))
    }

    // MARK: Scenarios

    /// Why a scenario name cannot be used, if it cannot.
    static func nameProblem(_ name: String, _ t: Localizer) -> String? {
        if name.isEmpty { return t("name.empty") }
        if name.caseInsensitiveCompare("baseline") == .orderedSame { return t("name.baseline") }
        if name.count > 80 { return t("name.too_long") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return t("name.control")
        }
        return nil
    }

    /// The lines typed for a scenario: its name, its notes, a new name, a copy's name.
    mutating func submit(_ prompt: Prompt, _ text: String, _ t: Localizer, _ reply: inout Reply) {
        switch prompt {
        case .scenarioName:
            // A refused name is asked again (a save on the way out still quits once done).
            if let problem = Self.nameProblem(text, t) {
                reply.message = problem
                reply.open = .prompt(.scenarioName, TextField(text))
                return
            }
            let notes = scenarios.first { $0.name == text }?.notes ?? ""
            reply.open = .prompt(.scenarioNotes(name: text), TextField(notes, limit: 400))
        case .scenarioNotes(let name):
            reply.effects.append(.store(.save(name: name, notes: text, settings: levers)))
        case .renameScenario(let old):
            if let problem = Self.nameProblem(text, t) {
                reply.message = problem
                reply.open = .scenarios(selected: 0)
                return
            }
            if text != old, scenarios.contains(where: { $0.name == text }) {
                reply.message = t("name.exists", ["name": text])
                reply.open = .scenarios(selected: 0)
                return
            }
            if scenarioName == old { scenarioName = text }
            reply.open = .scenarios(selected: 0)
            reply.effects += [.store(.rename(old, to: text)), .store(.listScenarios)]
        case .duplicateScenario(let source):
            if let problem = Self.nameProblem(text, t) {
                reply.message = problem
                return
            }
            if scenarios.contains(where: { $0.name == text }) {
                reply.message = t("name.exists", ["name": text])
                return
            }
            guard let original = scenarios.first(where: { $0.name == source }) else { return }
            reply.open = .scenarios(selected: 0)
            reply.effects += [
                .store(.save(name: text, notes: original.notes, settings: original.settings)),
                .store(.listScenarios),
            ]
        default:
            break
        }
    }

    /// An action on a saved scenario, from the list.
    mutating func act(_ action: ScenarioAction, on info: ScenarioInfo, _ t: Localizer, _ reply: inout Reply) {
        switch action {
        case .open:
            set(info.settings, kind: .load, detail: info.name, &reply)
            savedLevers = info.settings
            scenarioName = info.name
            reply.message = t("message.opened", ["name": info.name])
        case .delete: reply.open = .confirm(.deleteScenario(info.name))
        case .rename: reply.open = .prompt(.renameScenario(info.name), TextField(info.name))
        case .duplicate: reply.open = .prompt(.duplicateScenario(info.name), TextField(info.name + " (copy)"))
        case .compare:
            compare = info.name
            reply.message = t("message.comparing", ["name": info.name])
        case .toggleTimeline:
            break
        }
    }

    /// A scenario deleted: nothing refers to it any more.
    mutating func deleted(_ name: String, _ reply: inout Reply) {
        if compare == name { compare = nil }
        if scenarioName == name { scenarioName = nil }
        comparisons[name] = nil
        comparisonRequests[name] = nil
        reply.open = .scenarios(selected: 0)
        reply.effects += [.store(.delete(name)), .store(.listScenarios)]
    }

    // MARK: Runs and replies

    /// A run came back: kept when it is the latest asked for.
    mutating func simulated(_ request: SimulationRequest, _ result: SimulationResult) {
        switch request.purpose {
        case .baseline:
            guard request == baselineRequest else { return }
            baseline = result
            baselineAnswers = request
            // A current run waiting on the same levers is this one.
            if let pending = pendingSimulation, pending.settings == request.settings,
                pending.recording.allSatisfy(request.recording.contains)
            {
                answer(pending, with: result)
            }
        case .comparison(let name):
            // A scenario saved again under its name (or renamed to it) waits for its own run.
            guard request == comparisonRequests[name] else { return }
            comparisons[name] = result
        case .current:
            guard request == pendingSimulation else { return }
            self.result = result
            resultRequest = request
            pendingSimulation = nil
        }
    }

    /// What the twin answered about scenarios.
    mutating func stored(_ reply: StoreReply, _ t: Localizer, _ out: inout Reply) {
        switch reply {
        case .scenarios(let list):
            scenarios = list
            if let name = compare, !list.contains(where: { $0.name == name }) { compare = nil }
        case .saved(let name, let settings):
            // Journalled once written: a failed save leaves the levers unsaved, and resumable.
            out.message = t("message.saved", ["name": name])
            savedLevers = settings
            scenarioName = name
            out.effects.append(.store(.journal(.save, settings, detail: name)))
            if quitAfterSave {
                out.effects += [.store(.journal(.quit, levers, detail: "saved as \(name)")), .quit]
            } else {
                out.effects.append(.store(.listScenarios))
            }
        case .done(let key, let arguments):
            out.message = t(key, arguments)
            quitAfterSave = quitAfterSave && key != "message.read_only"
        case .failed(let message):
            out.message = message.text(t)
            quitAfterSave = false
        case .shared, .connection:
            break
        }
    }

    /// The runs the state needs and has not asked for: the current levers, the scenarios on
    /// the timeline or compared (each keeping the indicators recorded per zone).
    mutating func runs(recording: [Indicator], timeline: [String]) -> [Effect] {
        var effects: [Effect] = []
        // The Baseline keeps the indicators per zone too: the map's classes are taken from it.
        if !recording.allSatisfy({ baselineRequest?.recording.contains($0) ?? false }) || baselineRequest == nil {
            let kept =
                (baselineRequest?.recording ?? [])
                + recording.filter { !(baselineRequest?.recording ?? []).contains($0) }
            let request = SimulationRequest(
                generation: 0, settings: LeverSettings(), recording: kept, purpose: .baseline, scope: scope)
            baselineRequest = request
            effects.append(.simulate(request))
        }
        for name in Set(timeline + [compare].compactMap { $0 }) {
            guard let info = scenarios.first(where: { $0.name == name }) else { continue }
            let asked = comparisonRequests[name]
            if asked?.settings != info.settings || !recording.allSatisfy({ asked?.recording.contains($0) ?? false }) {
                let request = SimulationRequest(
                    generation: 0, settings: info.settings, recording: recording,
                    purpose: .comparison(name), scope: scope)
                comparisonRequests[name] = request
                effects.append(.simulate(request))
            }
        }
        let wanted = pendingSimulation ?? resultRequest
        if wanted?.settings != levers || !recording.allSatisfy({ wanted?.recording.contains($0) ?? false }) {
            generation += 1
            let request = SimulationRequest(
                generation: generation, settings: levers, recording: recording, purpose: .current, scope: scope)
            pendingSimulation = request
            // Levers at Baseline: the Baseline's run answers (one national run at start, not two).
            if let baselineRequest, baselineRequest.settings == levers,
                recording.allSatisfy(baselineRequest.recording.contains)
            {
                if let baseline, baselineAnswers == baselineRequest { answer(request, with: baseline) }
            } else {
                effects.append(.simulate(request))
            }
        }
        return effects
    }

    /// The current levers' run is given (by the Baseline's, when they are the same).
    private mutating func answer(_ request: SimulationRequest, with result: SimulationResult) {
        self.result = result
        resultRequest = request
        pendingSimulation = nil
    }
}

/// What a part asks of the whole after an input: parts never reach into each other.
struct Reply {
    var effects: [Effect] = []
    /// One line in the footer.
    var message: String?
    /// An overlay to open (a prompt, a question, a list).
    var open: Overlay?
    /// Close the overlay the input came from (set by the top level).
    var close = false
}

/// Lever values as typed and journalled: exact, in no language's format ("0.05", "50").
enum LeverText {
    static func plain(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e12 { return String(Int(value)) }
        return String(format: "%g", value)
    }
}
