import JumeauModel
import JumeauRender

/// What a key does on the map.
public enum Command: Hashable, Sendable {
    case panLeft, panRight, panUp, panDown, zoomIn, zoomOut, fit
    case pickVariable, nextYear, previousYear, firstYear, milestoneYear, lastYear, play
    case cyclePanel, inspect, search, back, help, quit, redraw, toggleBreaks, manualBreaks, classesFrom, toggleLabels
    case levers, undo, redo, save, open, timeline, table, report, cycleLevel, goTo
}

/// Where a key is read: the map, the levers, the table, the scenario list, a typed line.
public enum KeyContext: String, CaseIterable, Sendable { case map, levers, table, scenarios, prompt }

public struct Binding: Sendable {
    public var context: KeyContext
    public var keys: [Key]
    /// The command on the map; nil where the context's own part reads the key.
    public var command: Command?
    /// Keys as the help shows them.
    public var label: String
    /// Catalogue keys of the help line and of the footer hint (shown when there is room).
    public var help: String
    public var hint: String?
}

/// One table for every key: the map's dispatch, the footer's hints and the whole help.
public enum Keymap {
    static func map(_ keys: [Key], _ command: Command, _ label: String, _ help: String, hint: String? = nil) -> Binding
    {
        Binding(context: .map, keys: keys, command: command, label: label, help: help, hint: hint)
    }

    static func other(_ context: KeyContext, _ label: String, _ help: String, hint: String? = nil) -> Binding {
        Binding(context: context, keys: [], command: nil, label: label, help: help, hint: hint)
    }

    public static let bindings: [Binding] = [
        map([.character("?"), .f1], .help, "? F1", "key.help", hint: "hint.help"),
        map([.character("q")], .quit, "q", "key.quit", hint: "hint.quit"),
        map([.character("p")], .levers, "p", "key.levers", hint: "hint.levers"),
        map([.character("v")], .pickVariable, "v", "key.pickVariable", hint: "hint.pickVariable"),
        map([.character("1")], .firstYear, "1", "key.firstYear", hint: "hint.years"),
        map([.character("2")], .milestoneYear, "2", "key.milestoneYear"),
        map([.character("3")], .lastYear, "3", "key.lastYear"),
        map([.character("]"), .character(">")], .nextYear, "] >", "key.nextYear", hint: "hint.nextYear"),
        map([.character("["), .character("<")], .previousYear, "[ <", "key.previousYear"),
        map([.character(" ")], .play, "Space", "key.play"),
        map([.character("t")], .timeline, "t", "key.timeline", hint: "hint.timeline"),
        map([.character("T")], .table, "T", "key.table", hint: "hint.table"),
        map([.character("s")], .save, "s", "key.save", hint: "hint.save"),
        map([.character("o")], .open, "o", "key.open", hint: "hint.open"),
        map([.character("u")], .undo, "u", "key.undo", hint: "hint.undo"),
        map([.control("r")], .redo, "Ctrl-R", "key.redo"),
        map([.character("e")], .report, "e", "key.report"),
        map([.left, .character("h")], .panLeft, "← h", "key.panLeft"),
        map([.right, .character("l")], .panRight, "→ l", "key.panRight"),
        map([.up, .character("k")], .panUp, "↑ k", "key.panUp"),
        map([.down, .character("j")], .panDown, "↓ j", "key.panDown", hint: "hint.panDown"),
        map([.character("+"), .character("="), .character("a")], .zoomIn, "+ a", "key.zoomIn", hint: "hint.zoomIn"),
        map([.character("-"), .character("z")], .zoomOut, "- z", "key.zoomOut"),
        map([.character("0")], .fit, "0", "key.fit", hint: "hint.fit"),
        map([.enter], .inspect, "Enter", "key.inspect", hint: "hint.inspect"),
        map([.character("/")], .search, "/", "key.search", hint: "hint.search"),
        map([.tab], .cyclePanel, "Tab", "key.cyclePanel"),
        map([.character("b")], .toggleBreaks, "b", "key.toggleBreaks"),
        map([.character("c")], .classesFrom, "c", "key.classesFrom"),
        map([.character("B")], .manualBreaks, "B", "key.manualBreaks"),
        map([.character("n")], .toggleLabels, "n", "key.toggleLabels"),
        map([.character("g")], .goTo, "g", "key.goTo", hint: "hint.goTo"),
        map([.character("L")], .cycleLevel, "L", "key.cycleLevel"),
        map([.escape], .back, "Esc", "key.back"),
        map([.control("l")], .redraw, "Ctrl-L", "key.redraw"),

        other(.levers, "↑↓ j k", "key.levers.choose", hint: "hint.levers.choose"),
        other(.levers, "←→ h l", "key.levers.step", hint: "hint.levers.step"),
        other(.levers, "PgUp PgDn [ ]", "key.levers.bigStep", hint: "hint.levers.bigStep"),
        other(.levers, "Enter", "key.levers.type", hint: "hint.levers.type"),
        other(.levers, "r R", "key.levers.reset", hint: "hint.levers.reset"),
        other(.levers, "m", "key.levers.more", hint: "hint.levers.more"),
        other(.levers, "Esc p", "key.levers.back", hint: "hint.levers.back"),

        other(.table, "↑↓←→", "key.table.move", hint: "hint.table.move"),
        other(.table, "[ ]", "key.table.sort", hint: "hint.table.sort"),
        other(.table, "f |", "key.table.filter", hint: "hint.table.filter"),
        other(.table, "/", "key.table.search", hint: "hint.table.search"),
        other(.table, "i", "key.table.statistics", hint: "hint.table.statistics"),
        other(.table, "F", "key.table.frequency", hint: "hint.table.frequency"),
        other(.table, "- +", "key.table.hide", hint: "hint.table.hide"),
        other(.table, "c", "key.table.catalogue", hint: "hint.table.catalogue"),
        other(.table, "x", "key.table.export", hint: "hint.table.export"),
        other(.table, "Enter", "key.table.map", hint: "hint.table.map"),
        other(.table, "Esc T", "key.table.close", hint: "hint.table.close"),

        other(.scenarios, "Enter", "key.scenarios.open"),
        other(.scenarios, "r", "key.scenarios.rename"),
        other(.scenarios, "D", "key.scenarios.duplicate"),
        other(.scenarios, "d", "key.scenarios.delete"),
        other(.scenarios, "c", "key.scenarios.compare"),
        other(.scenarios, "t", "key.scenarios.timeline"),

        other(.prompt, "←→ Home End", "key.prompt.move"),
        other(.prompt, "Ctrl-U Ctrl-W", "key.prompt.erase"),
        other(.prompt, "Enter Esc", "key.prompt.apply"),
    ]

    public static func command(for key: Key) -> Command? {
        bindings.first { $0.context == .map && $0.keys.contains(key) }?.command
    }

    /// The footer's hints for a context, most useful first (help and quit always there on the map).
    static func hints(_ context: KeyContext, _ t: Localizer) -> [String] {
        bindings.filter { $0.context == context }.compactMap(\.hint).map { t($0) }
    }
}

/// The help: every binding of the keymap, by context, in columns that fit the screen,
/// then pages.
struct HelpView: Widget {
    let state: ExplorerState
    let page: Int

    /// A line of the help: a heading, or a key and what it does.
    enum Line: Equatable {
        case heading(String)
        case key(String, String)
    }

    static func lines(_ t: Localizer) -> [Line] {
        var lines: [Line] = []
        for context in KeyContext.allCases {
            lines.append(.heading(t("help.context." + context.rawValue)))
            for binding in Keymap.bindings where binding.context == context {
                lines.append(.key(binding.label, t(binding.help)))
            }
        }
        return lines
    }

    /// A row of a help column: a heading, a binding's keys and the first line of what it
    /// does, or a further line of it (descriptions wrap, never cut).
    enum Row: Equatable {
        case heading(String)
        case key(String, String)
        case more(String)
    }

    /// The width of the keys column: the widest keys, at most 16 cells.
    static func keysWidth(_ screen: Screen) -> Int {
        min(16, (Keymap.bindings.map { DisplayWidth.of(screen.keys($0.label)) }.max() ?? 8) + 2)
    }

    /// The box, the number of columns, their width and the rows per column for a screen:
    /// columns of at least 46 cells (a key and a sentence of about 30), at most three.
    /// Of the column counts that fit, the fewest that need no more pages than the most
    /// would: wide columns wrap less, and no column is left empty.
    static func layout(_ screen: Screen) -> (rect: Rect, columns: Int, columnWidth: Int, rows: Int) {
        let width = screen.width - 2
        let height = screen.height - 2
        let rows = max(1, height - 3)
        let most = max(1, min(3, (width - 2) / 46))
        let least = pages(screen, columns: most).count
        let fewest = (1..<most).first { pages(screen, columns: $0).count <= least } ?? most
        return (Rect(x: 1, y: 1, width: width, height: height), fewest, (width - 2) / fewest, rows)
    }

    static func pages(_ screen: Screen) -> [[[Row]]] { pages(screen, columns: layout(screen).columns) }

    /// The rows cut into pages of `columns` columns: a binding's lines stay together and a
    /// heading never ends a column.
    static func pages(_ screen: Screen, columns: Int) -> [[[Row]]] {
        let rows = max(1, screen.height - 5)
        let columnWidth = (screen.width - 4) / columns
        let keys = keysWidth(screen)
        var pages: [[[Row]]] = []
        var page: [[Row]] = []
        var column: [Row] = []
        func nextColumn() {
            page.append(column)
            column = []
            if page.count == columns {
                pages.append(page)
                page = []
            }
        }
        for line in lines(screen.localizer) {
            let entry: [Row]
            switch line {
            case .heading(let text): entry = [.heading(text)]
            case .key(let label, let help):
                let wrapped = screen.wrap(screen.keys(help), max(8, columnWidth - keys - 2))
                entry = [.key(label, wrapped.first ?? "")] + wrapped.dropFirst().map { .more($0) }
            }
            let isHeading = entry.first.map { if case .heading = $0 { return true } else { return false } } ?? false
            if !column.isEmpty && (column.count + entry.count > rows || (isHeading && column.count + 2 > rows)) {
                nextColumn()
            }
            column += entry
        }
        if !column.isEmpty { page.append(column) }
        if !page.isEmpty { pages.append(page) }
        return pages
    }

    func draw(into buffer: inout Buffer, _ rect: Rect) {
        let screen = state.screen
        let t = state.localizer
        let (box, columns, columnWidth, _) = Self.layout(screen)
        let pages = Self.pages(screen, columns: columns)
        let keys = Self.keysWidth(screen)
        let current = min(page, pages.count - 1)
        let title =
            pages.count > 1
            ? t("help.title_page", ["page": String(current + 1), "pages": String(pages.count)]) : t("help.title")
        screen.box(&buffer, box, title: title)
        for (c, rows) in pages[current].enumerated() {
            let x = box.x + 2 + c * columnWidth
            for (row, line) in rows.enumerated() {
                let y = box.y + 1 + row
                switch line {
                case .heading(let text):
                    buffer.write(screen.fit(text, columnWidth - 2), x: x, y: y, style: screen.style(.text, .bold))
                case .key(let label, let help):
                    buffer.write(screen.fit(screen.keys(label), keys - 1), x: x, y: y, style: screen.style(.accent))
                    buffer.write(help, x: x + keys, y: y, style: screen.style(.text), limit: columnWidth - keys - 1)
                case .more(let help):
                    buffer.write(help, x: x + keys, y: y, style: screen.style(.text), limit: columnWidth - keys - 1)
                }
            }
        }
        let close = t(pages.count > 1 && current + 1 < pages.count ? "help.close_pages" : "help.close")
        buffer.write(screen.fit(close, box.width - 4), x: box.x + 2, y: box.maxY - 2, style: screen.style(.muted))
    }
}
