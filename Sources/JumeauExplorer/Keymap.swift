import JumeauRender

/// What a key does. One table drives the keys, the help overlay and the footer hints.
public enum Command: Hashable, Sendable {
    case panLeft, panRight, panUp, panDown, zoomIn, zoomOut, fit
    case nextVariable, previousVariable, nextYear, previousYear
    case cyclePanel, inspect, search, back, help, quit, redraw, toggleBreaks, manualBreaks, toggleLabels
    case levers, undo, redo, save, open, timeline, play, table, report
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var command: Command
    /// Keys as the help shows them.
    public var label: String
    /// Catalogue keys of the help line and of the footer hint (shown when there is room).
    public var help: String
    public var hint: String?
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.left, .character("h")], command: .panLeft, label: "← h", help: "key.panLeft", hint: nil),
        Binding(keys: [.right, .character("l")], command: .panRight, label: "→ l", help: "key.panRight", hint: nil),
        Binding(keys: [.up, .character("k")], command: .panUp, label: "↑ k", help: "key.panUp", hint: nil),
        Binding(keys: [.down, .character("j")], command: .panDown, label: "↓ j", help: "key.panDown", hint: "hint.panDown"),
        Binding(keys: [.character("+"), .character("="), .character("a")], command: .zoomIn, label: "+ a", help: "key.zoomIn", hint: "hint.zoomIn"),
        Binding(keys: [.character("-"), .character("z")], command: .zoomOut, label: "- z", help: "key.zoomOut", hint: nil),
        Binding(keys: [.character("0")], command: .fit, label: "0", help: "key.fit", hint: "hint.fit"),
        Binding(keys: [.character("v")], command: .nextVariable, label: "v", help: "key.nextVariable", hint: "hint.nextVariable"),
        Binding(keys: [.character("V")], command: .previousVariable, label: "V", help: "key.previousVariable", hint: nil),
        Binding(keys: [.character("]"), .character(">")], command: .nextYear, label: "] >", help: "key.nextYear", hint: "hint.nextYear"),
        Binding(keys: [.character("["), .character("<")], command: .previousYear, label: "[ <", help: "key.previousYear", hint: nil),
        Binding(keys: [.character("p")], command: .levers, label: "p", help: "key.levers", hint: "hint.levers"),
        Binding(keys: [.character("u")], command: .undo, label: "u", help: "key.undo", hint: "hint.undo"),
        Binding(keys: [.control("r")], command: .redo, label: "Ctrl-R", help: "key.redo", hint: nil),
        Binding(keys: [.character("s")], command: .save, label: "s", help: "key.save", hint: "hint.save"),
        Binding(keys: [.character("o")], command: .open, label: "o", help: "key.open", hint: "hint.open"),
        Binding(keys: [.character("t")], command: .timeline, label: "t", help: "key.timeline", hint: "hint.timeline"),
        Binding(keys: [.character("T")], command: .table, label: "T", help: "key.table", hint: "hint.table"),
        Binding(keys: [.character("e")], command: .report, label: "e", help: "key.report", hint: nil),
        Binding(keys: [.character(" ")], command: .play, label: "Space", help: "key.play", hint: nil),
        Binding(keys: [.character("b")], command: .toggleBreaks, label: "b", help: "key.toggleBreaks", hint: nil),
        Binding(keys: [.character("B")], command: .manualBreaks, label: "B", help: "key.manualBreaks", hint: nil),
        Binding(keys: [.character("n")], command: .toggleLabels, label: "n", help: "key.toggleLabels", hint: nil),
        Binding(keys: [.tab], command: .cyclePanel, label: "Tab", help: "key.cyclePanel", hint: nil),
        Binding(keys: [.enter], command: .inspect, label: "Enter", help: "key.inspect", hint: "hint.inspect"),
        Binding(keys: [.character("/")], command: .search, label: "/", help: "key.search", hint: "hint.search"),
        Binding(keys: [.escape], command: .back, label: "Esc", help: "key.back", hint: nil),
        Binding(keys: [.character("?"), .f1], command: .help, label: "? F1", help: "key.help", hint: "hint.help"),
        Binding(keys: [.control("l")], command: .redraw, label: "Ctrl-L", help: "key.redraw", hint: nil),
        Binding(keys: [.character("q")], command: .quit, label: "q", help: "key.quit", hint: "hint.quit"),
    ]

    public static func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }
}
