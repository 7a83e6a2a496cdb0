import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Workshop mode: the policy sliders, undo and redo, scenarios and the journal.
extension Explorer {
    /// Levers the panel shows: the three headline sliders, then the others when open.
    static func visibleLevers(_ state: ExplorerState, _ data: ExplorerData) -> Range<Int> {
        0..<(state.moreLevers ? data.catalog.levers.count : min(ExplorerData.headlineLevers, data.catalog.levers.count))
    }

    /// Keys while the policy panel has the focus; nil for keys it leaves to the map.
    static func leverKey(_ key: Key, index: Int, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect]? {
        let levers = data.catalog.levers
        guard levers.indices.contains(index) else { s.focus = .map; return nil }
        let lever = levers[index]
        switch key {
        case .up, .character("k"):
            s.focus = .levers(max(0, index - 1))
        case .down, .character("j"):
            if index + 1 < visibleLevers(s, data).upperBound { s.focus = .levers(index + 1) }
            else if !s.moreLevers && index + 1 < levers.count { s.moreLevers = true; s.focus = .levers(index + 1) }
        case .right, .character("l"): return step(lever, by: 1, &s, data)
        case .left, .character("h"): return step(lever, by: -1, &s, data)
        case .pageUp, .character("]"): return step(lever, by: largeStep(lever), &s, data)
        case .pageDown, .character("["): return step(lever, by: -largeStep(lever), &s, data)
        case .enter:
            s.mode = .prompt(.leverValue(lever.id), text: format(s.levers.schedule(lever.id, catalog: data.catalog).value))
        case .character("r"):
            return setLevers(resetting(lever.id, in: s.levers, data), detail: "\(lever.id) reset", &s)
        case .character("R"):
            return setLevers(LeverSettings(), detail: "all levers reset", &s)
        case .character("m"):
            s.moreLevers.toggle()
            if !s.moreLevers && index >= ExplorerData.headlineLevers { s.focus = .levers(ExplorerData.headlineLevers - 1) }
        case .escape, .character("p"):
            s.focus = .map
        default:
            return nil
        }
        return []
    }

    /// Steps of a large move: a tenth of the range (at least one step).
    static func largeStep(_ lever: LeverDefinition) -> Int {
        if let choices = lever.choices { return max(1, choices.count - 1) }
        return max(1, Int(((lever.maximum - lever.minimum) / lever.step / 10).rounded()))
    }

    /// Moves a lever by steps towards "more ambitious" (positive) or away from it: to
    /// the right is always more ambitious, whatever the direction of the value.
    static func step(_ lever: LeverDefinition, by steps: Int, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        let schedule = s.levers.schedule(lever.id, catalog: data.catalog)
        let direction = lever.ambitious == .increasing ? 1 : -1
        let target: Double
        if let choices = lever.choices?.sorted() {
            let current = choices.firstIndex { $0 >= schedule.value } ?? 0
            target = choices[min(choices.count - 1, max(0, current + steps * direction))]
        } else {
            target = lever.snapped(schedule.value + Double(steps * direction) * lever.step)
        }
        guard target != schedule.value || !schedule.changes.isEmpty else { return [] }
        var settings = s.levers
        // A slider sets one value from now to 2050: dated changes are for the command line.
        try? settings.set(lever.id, LeverSchedule(target), catalog: data.catalog)
        return setLevers(settings, detail: "\(lever.id)=\(format(target))", &s)
    }

    static func resetting(_ id: String, in settings: LeverSettings, _ data: ExplorerData) -> LeverSettings {
        var reset = settings
        if let lever = data.catalog.lever(id) { try? reset.set(id, LeverSchedule(lever.baseline), catalog: data.catalog) }
        return reset
    }

    static func typedLeverValue(_ id: String, _ text: String, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        guard let lever = data.catalog.lever(id) else { return [] }
        let t = s.localizer
        let label = t.pick(fr: lever.labelFR, en: lever.labelEN), unit = t.unit(lever.unit)
        let decimal = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard let typed = PlainNumber.parse(decimal) else {
            s.message = t("lever.not_a_number", ["label": label, "min": format(lever.minimum), "max": format(lever.maximum), "unit": unit])
            return []
        }
        guard typed >= lever.minimum && typed <= lever.maximum else {
            s.message = t("lever.out_of_range", ["label": label, "value": format(typed), "min": format(lever.minimum), "max": format(lever.maximum), "unit": unit])
            return []
        }
        let value = lever.snapped(typed)
        var settings = s.levers
        try? settings.set(id, LeverSchedule(value), catalog: data.catalog)
        let effects = setLevers(settings, detail: "\(id)=\(format(value))", &s)
        if value != typed { s.message = t("lever.snapped", ["label": label, "step": format(lever.step), "unit": unit, "value": format(value)]) }
        return effects
    }

    /// Every lever change goes through here: undo history and one journal entry.
    static func setLevers(_ settings: LeverSettings, kind: JournalEntry.Kind = .levers, detail: String,
                          _ s: inout ExplorerState) -> [Effect] {
        guard settings != s.levers else { return kind == .levers ? [] : [.store(.journal(kind, settings, detail: detail))] }
        s.undoStack.append(s.levers)
        if s.undoStack.count > 500 { s.undoStack.removeFirst() }
        s.redoStack.removeAll()
        s.levers = settings
        return [.store(.journal(kind, settings, detail: detail))]
    }

    static func undo(_ s: inout ExplorerState) -> [Effect] {
        guard let previous = s.undoStack.popLast() else { s.message = s.localizer("message.nothing_to_undo"); return [] }
        s.redoStack.append(s.levers)
        s.levers = previous
        return [.store(.journal(.levers, previous, detail: "undo"))]
    }

    static func redo(_ s: inout ExplorerState) -> [Effect] {
        guard let next = s.redoStack.popLast() else { s.message = s.localizer("message.nothing_to_redo"); return [] }
        s.undoStack.append(s.levers)
        s.levers = next
        return [.store(.journal(.levers, next, detail: "redo"))]
    }

    // MARK: Scenarios

    /// Why a scenario name cannot be used, if it cannot.
    static func nameProblem(_ name: String, _ t: Localizer) -> String? {
        if name.isEmpty { return t("name.empty") }
        if name.caseInsensitiveCompare("baseline") == .orderedSame { return t("name.baseline") }
        if name.count > 80 { return t("name.too_long") }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return t("name.control") }
        return nil
    }

    static func scenarioPrompt(_ prompt: Prompt, _ text: String, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        switch prompt {
        case .scenarioName:
            if let problem = nameProblem(text, s.localizer) { s.message = problem; return [] }
            let notes = s.scenarios.first { $0.name == text }?.notes ?? ""
            s.mode = .prompt(.scenarioNotes(name: text), text: notes)
            return []
        case .scenarioNotes(let name):
            return [.store(.save(name: name, notes: text, settings: s.levers))]
        case .renameScenario(let old):
            if let problem = nameProblem(text, s.localizer) { s.message = problem; s.mode = .scenarios(selected: 0); return [] }
            if s.scenarios.contains(where: { $0.name == text }) { s.message = s.localizer("name.exists", ["name": text]); return [] }
            if s.scenarioName == old { s.scenarioName = text }
            s.mode = .scenarios(selected: 0)
            return [.store(.rename(old, to: text)), .store(.listScenarios)]
        case .duplicateScenario(let source):
            if let problem = nameProblem(text, s.localizer) { s.message = problem; return [] }
            if s.scenarios.contains(where: { $0.name == text }) { s.message = s.localizer("name.exists", ["name": text]); return [] }
            guard let original = s.scenarios.first(where: { $0.name == source }) else { return [] }
            s.mode = .scenarios(selected: 0)
            return [.store(.save(name: text, notes: original.notes, settings: original.settings)), .store(.listScenarios)]
        default:
            return []
        }
    }

    static func scenarioListKey(_ key: Key, selected: Int, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        let count = s.scenarios.count
        let current = count > 0 ? s.scenarios[min(selected, count - 1)] : nil
        switch key {
        case .escape, .character("q"), .character("o"): s.mode = .map
        case .up, .character("k"): s.mode = .scenarios(selected: max(0, selected - 1))
        case .down, .character("j"): s.mode = .scenarios(selected: min(max(0, count - 1), selected + 1))
        case .enter:
            guard let current else { return [] }
            s.mode = .map
            let effects = setLevers(current.settings, kind: .load, detail: current.name, &s)
            s.savedLevers = current.settings
            s.scenarioName = current.name
            s.message = s.localizer("message.opened", ["name": current.name])
            return effects
        case .character("d"), .character("x"):
            if let current { s.mode = .confirm(.deleteScenario(current.name)) }
        case .character("r"):
            if let current { s.mode = .prompt(.renameScenario(current.name), text: current.name) }
        case .character("D"):
            if let current { s.mode = .prompt(.duplicateScenario(current.name), text: current.name + " (copy)") }
        case .character("c"):
            guard let current else { return [] }
            s.mode = .map
            s.compare = current.name
            s.timeline = false
            s.message = s.localizer("message.comparing", ["name": current.name])
        case .character("t"):
            // Up to three saved scenarios on the timeline, next to the current one and Baseline.
            guard let current else { return [] }
            if let index = s.timelineScenarios.firstIndex(of: current.name) {
                s.timelineScenarios.remove(at: index)
            } else {
                if s.timelineScenarios.count == 3 { s.timelineScenarios.removeFirst() }
                s.timelineScenarios.append(current.name)
            }
        default: break
        }
        return []
    }

    static func confirmKey(_ key: Key, _ question: Confirmation, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect] {
        switch question {
        case .quitUnsaved:
            switch key {
            case .character("s"), .character("S"):
                s.mode = .prompt(.scenarioName, text: s.scenarioName ?? "")
                s.quitAfterSave = true
            case .character("q"), .character("y"), .character("Q"):
                s.quitting = true
                return [.store(.journal(.quit, s.levers, detail: "quit without saving")), .quit]
            case .escape, .character("n"), .character("c"):
                s.mode = .map
            default: break
            }
        case .deleteScenario(let name):
            switch key {
            case .character("y"), .character("Y"):
                s.mode = .scenarios(selected: 0)
                s.timelineScenarios.removeAll { $0 == name }
                if s.compare == name { s.compare = nil }
                if s.scenarioName == name { s.scenarioName = nil }
                return [.store(.delete(name)), .store(.listScenarios)]
            case .escape, .character("n"), .character("N"):
                s.mode = .scenarios(selected: 0)
            default: break
            }
        case .resume(let levers, _):
            switch key {
            case .character("y"), .character("Y"), .enter:
                s.mode = .map
                return setLevers(levers, kind: .resume, detail: "", &s)
            case .escape, .character("n"), .character("N"):
                s.mode = .map
                return [.store(.journal(.levers, s.levers, detail: "resume declined"))]
            default: break
            }
        }
        return []
    }

    static func stored(_ reply: StoreReply, _ state: ExplorerState, _ data: ExplorerData) -> (ExplorerState, [Effect]) {
        var s = state
        switch reply {
        case .scenarios(let list):
            s.scenarios = list
            if case .scenarios(let selected) = s.mode { s.mode = .scenarios(selected: min(selected, max(0, list.count - 1))) }
            // Timeline series of scenarios that were renamed or deleted elsewhere go.
            s.timelineScenarios.removeAll { name in !list.contains { $0.name == name } }
            if let name = s.compare, !list.contains(where: { $0.name == name }) { s.compare = nil }
            // A scenario saved again under the same name is run again (requests compares settings).
            let effects = requests(data, &s)
            return (s, effects)
        case .saved(let name, let settings):
            // Journalled once written: a failed save leaves the levers unsaved, and resumable.
            s.message = s.localizer("message.saved", ["name": name])
            s.savedLevers = settings
            s.scenarioName = name
            let saved = Effect.store(.journal(.save, settings, detail: name))
            if s.quitAfterSave {
                s.quitting = true
                return (s, [saved, .store(.journal(.quit, s.levers, detail: "saved as \(name)")), .quit])
            }
            return (s, [saved, .store(.listScenarios)])
        case .shared(let view):
            follow(view, &s, data)
            let effects = requests(data, &s)
            return (s, effects)
        case .done(let key, let arguments):
            s.message = s.localizer(key, arguments)
            s.quitAfterSave = s.quitAfterSave && key != "message.read_only"
            return (s, [])
        case .failed(let message):
            s.message = message.text(s.localizer)
            s.quitAfterSave = false
            return (s, [])
        }
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e12 { return String(Int(value)) }
        return String(format: "%g", value)
    }
}
