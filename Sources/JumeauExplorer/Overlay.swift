import Foundation
import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// What a typed line is for.
public enum Prompt: Equatable, Sendable {
    case classBreaks
    case leverValue(String)
    case scenarioName
    case scenarioNotes(name: String)
    case renameScenario(String)
    case duplicateScenario(String)
    case tableFilter
    case tableExport
    case report
}

/// A question answered by a key.
public enum Confirmation: Equatable, Sendable {
    case quitUnsaved
    case deleteScenario(String)
    case resume(LeverSettings, at: Date)
}

/// What sits over the map and takes the keys first.
public enum Overlay: Equatable, Sendable {
    /// The keys, from the keymap, a page at a time.
    case help(page: Int)
    /// Zones by name.
    case search(TextField, selected: Int)
    /// The variable on the map, by name: indicators, then the twin's attributes.
    case picker(TextField, selected: Int)
    /// A région, département, EPCI or commune to go to, by name or code (`g`).
    case goTo(TextField, selected: Int)
    case prompt(Prompt, TextField)
    /// The saved scenarios.
    case scenarios(selected: Int)
    case confirm(Confirmation)
}

/// What a key on an overlay asks of the explorer.
enum OverlayOutcome: Equatable {
    /// Nothing beyond the overlay itself (which may have changed).
    case stay
    case close
    case flyTo(Int)
    case goTo(PlaceIndex.Entry)
    case pickVariable(Int)
    case submit(Prompt, String)
    case scenario(ScenarioAction, ScenarioInfo)
    case answer(Confirmation, Answer)

    enum Answer: Equatable { case yes, no, save }
}

/// What can be done to a saved scenario from the list.
enum ScenarioAction: Equatable { case open, delete, rename, duplicate, compare, toggleTimeline }

extension Overlay {
    /// Handles a key; the overlay may change in place (a page, a selection, the text).
    mutating func handle(
        _ key: Key, _ data: ExplorerData, _ screen: Screen, scenarios: [ScenarioInfo]
    ) -> OverlayOutcome {
        switch self {
        case .help(let shownPage):
            // Paging keys page; any other key closes, as the help says. A resize may have
            // left fewer pages: the page is the one shown.
            let pages = HelpView.pages(screen).count
            let page = min(shownPage, max(0, pages - 1))
            switch key {
            case .pageDown, .character(" "), .right:
                self = .help(page: min(pages - 1, page + 1))
                return page + 1 < pages ? .stay : .close
            case .pageUp, .left:
                self = .help(page: max(0, page - 1))
                return .stay
            default: return .close
            }
        case .search(var field, let selected):
            let matches = Explorer.searchMatches(field.string, data)
            switch key {
            case .down, .tab:
                self = .search(field, selected: min(selected + 1, max(0, matches.count - 1)))
                return .stay
            case .up, .backTab:
                self = .search(field, selected: max(0, selected - 1))
                return .stay
            default: break
            }
            switch field.handle(key) {
            case .submitted: return matches.indices.contains(selected) ? .flyTo(matches[selected]) : .close
            case .cancelled: return .close
            case .editing, .ignored:
                self = .search(field, selected: 0)
                return .stay
            }
        case .picker(var field, let selected):
            let choices = VariablePicker.choices(field.string, data)
            switch key {
            case .down, .tab:
                self = .picker(field, selected: min(selected + 1, max(0, choices.count - 1)))
                return .stay
            case .up, .backTab:
                self = .picker(field, selected: max(0, selected - 1))
                return .stay
            case .pageDown:
                self = .picker(field, selected: min(selected + 10, max(0, choices.count - 1)))
                return .stay
            case .pageUp:
                self = .picker(field, selected: max(0, selected - 10))
                return .stay
            default: break
            }
            switch field.handle(key) {
            case .submitted: return choices.indices.contains(selected) ? .pickVariable(choices[selected]) : .stay
            case .cancelled: return .close
            case .editing, .ignored:
                self = .picker(field, selected: 0)
                return .stay
            }
        case .goTo(var field, let selected):
            let count = PlaceSearch.matches(field.string, data).count
            switch key {
            case .down, .tab:
                self = .goTo(field, selected: min(selected + 1, max(0, count - 1)))
                return .stay
            case .up, .backTab:
                self = .goTo(field, selected: max(0, selected - 1))
                return .stay
            case .pageDown:
                self = .goTo(field, selected: min(selected + 10, max(0, count - 1)))
                return .stay
            case .pageUp:
                self = .goTo(field, selected: max(0, selected - 10))
                return .stay
            default: break
            }
            switch field.handle(key) {
            case .submitted:
                let places = PlaceSearch.matches(field.string, data)
                return places.indices.contains(selected) ? .goTo(places[selected]) : .stay
            case .cancelled: return .close
            case .editing, .ignored:
                self = .goTo(field, selected: 0)
                return .stay
            }
        case .prompt(let prompt, var field):
            switch field.handle(key) {
            case .submitted(let text): return .submit(prompt, text)
            case .cancelled: return .close
            case .editing, .ignored:
                self = .prompt(prompt, field)
                return .stay
            }
        case .scenarios(let selected):
            let count = scenarios.count
            let current = count > 0 ? scenarios[min(selected, count - 1)] : nil
            switch key {
            case .escape, .character("q"), .character("o"): return .close
            case .up, .character("k"): self = .scenarios(selected: max(0, selected - 1))
            case .down, .character("j"): self = .scenarios(selected: min(max(0, count - 1), selected + 1))
            case .enter: return current.map { .scenario(.open, $0) } ?? .stay
            case .character("d"), .character("x"): return current.map { .scenario(.delete, $0) } ?? .stay
            case .character("r"): return current.map { .scenario(.rename, $0) } ?? .stay
            case .character("D"): return current.map { .scenario(.duplicate, $0) } ?? .stay
            case .character("c"): return current.map { .scenario(.compare, $0) } ?? .stay
            case .character("t"): return current.map { .scenario(.toggleTimeline, $0) } ?? .stay
            default: break
            }
            return .stay
        case .confirm(let question):
            switch (question, key) {
            case (.quitUnsaved, .character("s")), (.quitUnsaved, .character("S")): return .answer(question, .save)
            case (.quitUnsaved, .character("q")), (.quitUnsaved, .character("Q")), (.quitUnsaved, .character("y")):
                return .answer(question, .yes)
            case (.deleteScenario, .character("y")), (.deleteScenario, .character("Y")),
                (.resume, .character("y")), (.resume, .character("Y")), (.resume, .enter):
                return .answer(question, .yes)
            case (_, .escape), (_, .character("n")), (_, .character("N")), (.quitUnsaved, .character("c")):
                return .answer(question, .no)
            default: return .stay
            }
        }
    }
}

/// The variables the picker offers, filtered by what is typed (case and accents ignored):
/// the simulation's indicators first, then the twin's attributes.
enum VariablePicker {
    static func choices(_ query: String, _ data: ExplorerData) -> [Int] {
        let needle = Filter.fold(query.trimmingCharacters(in: .whitespaces))
        let all = data.variables.indices.filter { index in
            needle.isEmpty || Filter.fold(data.variables[index].label).contains(needle)
                || Filter.fold(data.variables[index].id).contains(needle)
        }
        return all.filter { data.variables[$0].varies } + all.filter { !data.variables[$0].varies }
    }
}
