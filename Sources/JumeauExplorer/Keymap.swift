import JumeauRender

/// What a key does. One table drives the keys, the help overlay and the footer hints.
public enum Command: Hashable, Sendable {
    case panLeft, panRight, panUp, panDown, zoomIn, zoomOut, fit
    case nextVariable, previousVariable, nextYear, previousYear
    case cyclePanel, inspect, search, back, help, quit, redraw, toggleBreaks, manualBreaks, toggleLabels
    case levers, undo, redo, save, open, timeline, play
}

public struct Binding: Sendable {
    public var keys: [Key]
    public var command: Command
    /// Keys as the help shows them.
    public var label: String
    public var help: String
    /// Shown in the footer when there is room.
    public var hint: String?
}

public enum Keymap {
    public static let bindings: [Binding] = [
        Binding(keys: [.left, .character("h")], command: .panLeft, label: "← h", help: "pan left", hint: nil),
        Binding(keys: [.right, .character("l")], command: .panRight, label: "→ l", help: "pan right", hint: nil),
        Binding(keys: [.up, .character("k")], command: .panUp, label: "↑ k", help: "pan up", hint: nil),
        Binding(keys: [.down, .character("j")], command: .panDown, label: "↓ j", help: "pan down", hint: "arrows:pan"),
        Binding(keys: [.character("+"), .character("="), .character("a")], command: .zoomIn, label: "+ a", help: "zoom in", hint: "+/-:zoom"),
        Binding(keys: [.character("-"), .character("z")], command: .zoomOut, label: "- z", help: "zoom out", hint: nil),
        Binding(keys: [.character("0")], command: .fit, label: "0", help: "fit the territory", hint: "0:fit"),
        Binding(keys: [.character("v")], command: .nextVariable, label: "v", help: "next indicator or attribute", hint: "v:indicator"),
        Binding(keys: [.character("V")], command: .previousVariable, label: "V", help: "previous indicator or attribute", hint: nil),
        Binding(keys: [.character("]"), .character(">")], command: .nextYear, label: "] >", help: "next year", hint: "[ ]:year"),
        Binding(keys: [.character("["), .character("<")], command: .previousYear, label: "[ <", help: "previous year", hint: nil),
        Binding(keys: [.character("p")], command: .levers, label: "p", help: "policy levers: ↑↓ choose, ←→ step, PgUp/PgDn or [ ] big step, Enter type, r/R reset, m more", hint: "p:levers"),
        Binding(keys: [.character("u")], command: .undo, label: "u", help: "undo the last lever change", hint: "u:undo"),
        Binding(keys: [.control("r")], command: .redo, label: "Ctrl-R", help: "redo", hint: nil),
        Binding(keys: [.character("s")], command: .save, label: "s", help: "save the levers as a scenario", hint: "s:save"),
        Binding(keys: [.character("o")], command: .open, label: "o", help: "scenarios: open, rename, duplicate, delete, show on the timeline", hint: "o:open"),
        Binding(keys: [.character("t")], command: .timeline, label: "t", help: "timeline of the indicator, 2024-2050", hint: "t:timeline"),
        Binding(keys: [.character(" ")], command: .play, label: "Space", help: "play the years", hint: nil),
        Binding(keys: [.character("b")], command: .toggleBreaks, label: "b", help: "class breaks: quantiles / equal intervals", hint: nil),
        Binding(keys: [.character("B")], command: .manualBreaks, label: "B", help: "type class breaks", hint: nil),
        Binding(keys: [.character("n")], command: .toggleLabels, label: "n", help: "zone names on the map: on / off", hint: nil),
        Binding(keys: [.tab], command: .cyclePanel, label: "Tab", help: "switch panel: legend / inspector", hint: nil),
        Binding(keys: [.enter], command: .inspect, label: "Enter", help: "inspect the zone under the cursor", hint: "Enter:inspect"),
        Binding(keys: [.character("/")], command: .search, label: "/", help: "search a zone by name", hint: "/:search"),
        Binding(keys: [.escape], command: .back, label: "Esc", help: "back out", hint: nil),
        Binding(keys: [.character("?"), .f1], command: .help, label: "? F1", help: "this help", hint: "?:help"),
        Binding(keys: [.control("l")], command: .redraw, label: "Ctrl-L", help: "redraw the screen", hint: nil),
        Binding(keys: [.character("q")], command: .quit, label: "q", help: "quit", hint: "q:quit"),
    ]

    public static func command(for key: Key) -> Command? {
        bindings.first { $0.keys.contains(key) }?.command
    }
}
