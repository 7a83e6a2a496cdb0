/// A key or other input, decoded by the backend.
public enum Key: Hashable, Sendable {
    case character(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, f1
    case control(Character)
}

public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A click at a cell (button 1), or the wheel at a cell.
    case click(x: Int, y: Int)
    case wheel(x: Int, y: Int, up: Bool)
    /// Button 1 pressed at one cell and released at another.
    case drag(fromX: Int, fromY: Int, toX: Int, toY: Int)
}

/// What the explorer needs of a terminal; the curses backend implements it, tests use
/// an in-memory one.
public protocol TerminalDisplay: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Sends the cells that differ from the last frame.
    func draw(_ buffer: Buffer)
    /// The next input, waiting at most `milliseconds` (nil when none came).
    func nextEvent(timeout milliseconds: Int) -> InputEvent?
    /// True once a signal (Ctrl-C, SIGTERM, a dropped connection) asked to stop.
    var stopRequested: Bool { get }
    /// What work finished off the UI thread calls to make `nextEvent` return at once, so
    /// its result is drawn now rather than when the wait ends (any thread may call it).
    func makeWaker() -> @Sendable () -> Void
}

extension TerminalDisplay {
    /// A display that cannot be woken: its waits simply run out.
    public func makeWaker() -> @Sendable () -> Void { {} }
}
