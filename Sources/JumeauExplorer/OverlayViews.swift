import Foundation
import JumeauModel
import JumeauRender
import JumeauSimulation

/// Zones by name, as they are typed.
struct SearchView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let field: TextField
    let selected: Int

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        let t = state.localizer
        let matches = Explorer.searchMatches(field.string, data)
        let width = min(screen.width - 4, 44)
        let height = min(screen.height - 4, 3 + min(8, max(1, matches.count)))
        let box = Rect(x: 2, y: 2, width: width, height: height)
        screen.box(&buffer, box, title: t("search.title"))
        buffer.write("/ ", x: box.x + 2, y: box.y + 1, style: screen.style(.text, .bold))
        field.draw(
            into: &buffer, x: box.x + 4, y: box.y + 1, width: width - 6, style: screen.style(.text, .bold),
            glyphs: screen.glyphs)
        if matches.isEmpty {
            buffer.write(
                t(field.string.isEmpty ? "search.empty" : "search.none"), x: box.x + 2, y: box.y + 2,
                style: screen.style(.muted), limit: width - 4)
        }
        for (i, zone) in matches.prefix(height - 3).enumerated() {
            let style = i == selected ? screen.style(.selection, .reverse) : screen.style(.text)
            buffer.write(screen.fit(data.names[zone], width - 4), x: box.x + 2, y: box.y + 2 + i, style: style)
        }
    }
}

/// The variable on the map, chosen by name: the simulation's indicators, then the twin's
/// attributes with their provenance.
struct PickerView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let field: TextField
    let selected: Int

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let t = state.localizer
        let choices = VariablePicker.choices(field.string, data)
        // A heading before each group.
        var rows: [ChoiceListView.Row] = []
        for (group, varies) in [("picker.indicators", true), ("picker.attributes", false)] {
            let members = choices.enumerated().filter { data.variables[$0.element].varies == varies }
            guard !members.isEmpty else { continue }
            rows.append(.init(text: t(group), status: "", choice: nil))
            for (position, index) in members {
                let variable = data.variables[index]
                let unit = t.unit(variable.unit)
                let status =
                    data.attributes.first { $0.id == variable.id }.map { t("status." + $0.status.rawValue) } ?? ""
                rows.append(.init(text: "  " + variable.label + (unit.isEmpty ? "" : " (\(unit))"), status: status,
                                  choice: position))
            }
        }
        ChoiceListView(screen: state.screen, title: t("picker.title"), field: field, rows: rows, selected: selected,
                       hint: choices.isEmpty ? t("picker.none") : nil, keys: t("picker.keys"))
            .draw(into: &buffer, rect)
    }
}

/// A line being typed: its title, the field, the keys.
struct PromptView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let prompt: Prompt
    let field: TextField

    var title: String {
        let t = state.localizer
        switch prompt {
        case .classBreaks: return t("prompt.breaks")
        case .leverValue(let id):
            guard let lever = data.catalog.lever(id) else { return id }
            return
                "\(t.pick(fr: lever.labelFR, en: lever.labelEN)) (\(LeverText.plain(lever.minimum))–\(LeverText.plain(lever.maximum)) \(t.unit(lever.unit)))"
        case .scenarioName: return t("prompt.save")
        case .scenarioNotes(let name): return t("prompt.notes", ["name": Sanitize.text(name)])
        case .renameScenario(let name): return t("prompt.rename", ["name": Sanitize.text(name)])
        case .duplicateScenario(let name): return t("prompt.duplicate", ["name": Sanitize.text(name)])
        case .tableFilter: return t("prompt.filter")
        case .tableExport: return t("prompt.export")
        case .report: return t("prompt.report")
        }
    }

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        // Wide enough for its question (what is asked, within which range), up to the screen.
        let width = min(screen.width - 4, max(64, DisplayWidth.of(title) + 8))
        let box = Rect(x: (screen.width - width) / 2, y: max(1, screen.height / 2 - 2), width: width, height: 4)
        screen.box(&buffer, box, title: title)
        field.draw(
            into: &buffer, x: box.x + 2, y: box.y + 1, width: width - 4, style: screen.style(.text, .bold),
            glyphs: screen.glyphs)
        buffer.write(
            screen.fit(screen.keys(state.localizer("prompt.keys")), width - 4), x: box.x + 2, y: box.y + 2,
            style: screen.style(.muted))
    }
}

/// The saved scenarios, with their codes and notes.
struct ScenarioListView: Widget {
    let state: ExplorerState
    let data: ExplorerData
    let selected: Int

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        let t = state.localizer
        let scenarios = state.workshop.scenarios
        let width = min(screen.width - 4, 70)
        let listRows = max(1, min(scenarios.count, screen.height - 10))
        let box = Rect(x: (screen.width - width) / 2, y: 2, width: width, height: listRows + 6)
        screen.box(&buffer, box, title: t("scenarios.title"))
        if scenarios.isEmpty {
            buffer.write(t("scenarios.none"), x: box.x + 2, y: box.y + 1, style: screen.style(.muted), limit: width - 4)
        }
        let first = max(0, selected - listRows + 1)
        for (row, info) in scenarios.enumerated().dropFirst(first).prefix(listRows) {
            let y = box.y + 1 + row - first
            let marker = state.timeline.scenarios.contains(info.name) ? "~ " : "  "
            let code = (try? ScenarioCode.encode(info.settings, catalog: data.catalog)) ?? ""
            let style = row == selected ? screen.style(.selection, .reverse) : screen.style(.text)
            buffer.fill(Rect(x: box.x + 1, y: y, width: width - 2, height: 1), with: Cell(" ", style: style))
            buffer.write(
                marker + screen.fit(info.name, width - DisplayWidth.of(code) - 8), x: box.x + 2, y: y, style: style)
            buffer.write(code, x: box.maxX - 2 - DisplayWidth.of(code), y: y, style: style)
        }
        if scenarios.indices.contains(selected), !scenarios[selected].notes.isEmpty {
            buffer.write(
                screen.fit(scenarios[selected].notes, width - 4), x: box.x + 2, y: box.maxY - 4,
                style: screen.style(.muted))
        }
        buffer.write(t("scenarios.keys1"), x: box.x + 2, y: box.maxY - 3, style: screen.style(.muted), limit: width - 4)
        buffer.write(t("scenarios.keys2"), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted), limit: width - 4)
    }
}

/// A question and the keys that answer it.
struct ConfirmView: Widget {
    let state: ExplorerState
    let question: Confirmation

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        let t = state.localizer
        let lines: [String]
        switch question {
        case .quitUnsaved: lines = [t("confirm.unsaved"), t("confirm.unsaved_keys")]
        case .deleteScenario(let name):
            lines = [t("confirm.delete", ["name": Sanitize.text(name)]), t("confirm.delete_keys")]
        case .resume(_, let at):
            let formatter = DateFormatter()
            formatter.dateFormat = t("date.minute")
            lines = [t("confirm.resume", ["date": formatter.string(from: at)]), t("confirm.resume_keys")]
        }
        let width = min(screen.width - 4, max(40, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
        let box = Rect(
            x: (screen.width - width) / 2, y: max(1, screen.height / 2 - 2), width: width, height: lines.count + 2)
        screen.box(&buffer, box, title: t("confirm.title"))
        for (i, line) in lines.enumerated() {
            buffer.write(
                screen.fit(line, width - 4), x: box.x + 2, y: box.y + 1 + i,
                style: screen.style(i == 0 ? .text : .accent, i == 0 ? .bold : []))
        }
    }
}
