import CNcursesw
import Foundation
import JumeauModel
import JumeauRender

/// The explorer's wake-up pipe, closed when the last holder (terminal or waker) lets go.
final class WakePipe: Sendable {
    let read: Int32
    let write: Int32

    init?() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        for end in ends {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        (read, write) = (ends[0], ends[1])
    }

    func wake() {
        var byte: UInt8 = 1
        _ = Foundation.write(write, &byte, 1)  // a full pipe already wakes the reader: nothing lost
    }

    deinit {
        Foundation.close(read)
        Foundation.close(write)
    }
}

/// Set by the signal handlers; read by the event loop.
nonisolated(unsafe) private var stopSignal: sig_atomic_t = 0

/// The terminal through ncursesw: the only code that calls curses. Applies the changes
/// `TerminalDiff` finds between the last frame and the next; restores the terminal on close, on
/// Ctrl-C, SIGTERM, SIGHUP and SIGQUIT (the loop sees the flag and returns), and on a crash.
public final class CursesTerminal: TerminalDisplay {
    public private(set) var tier: ColorTier
    private var previous: Buffer?
    private var pairs: [[Int32]: Int32] = [:]
    private var screen: OpaquePointer?
    private var closed = false
    /// The terminal can delete and insert characters: pans move the map's cells.
    private var canShiftColumns = false
    /// Where button 1 went down, until it comes up.
    private var pressed: (Int, Int)?
    /// A pipe `makeWaker`'s closure writes to: `nextEvent` waits on it beside the keyboard.
    private let wakePipe: WakePipe?

    public struct Failure: MessageError {
        public var message: Message
        init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) { message = Message(key, arguments) }
    }

    /// - Parameters:
    ///   - tier: the colour tier wanted; lowered to what the terminal reports.
    ///   - mouse: report clicks and the wheel.
    public init(tier wanted: ColorTier, mouse: Bool) throws {
        // A UTF-8 locale that is not installed (LANG=fr_FR.UTF-8 on a bare server) would
        // leave curses in ASCII: fall back to the C library's built-in UTF-8 for characters.
        if setlocale(LC_ALL, "") == nil, Glyphs.localeIsUTF8(ProcessInfo.processInfo.environment) {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        // newterm, unlike initscr, returns nil for an unknown TERM instead of exiting.
        // Our own FILE handles on the standard descriptors (the C globals are not
        // concurrency-safe to touch from Swift 6).
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r"),
            let screen = newterm(nil, output, input)
        else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"
            throw Failure("terminal.unknown", ["term": term])
        }
        self.screen = screen
        wakePipe = WakePipe()
        canShiftColumns =
            jumeau_can_shift_columns() != 0 && ProcessInfo.processInfo.environment["JUMEAU_NO_COLUMN_SHIFT"] == nil
        set_escdelay(25)
        cbreak()
        noecho()
        keypad(jumeau_stdscr(), true)
        curs_set(0)
        var tier = wanted
        if has_colors() {
            start_color()
            use_default_colors()
            let colors = jumeau_colors()
            let supported: ColorTier = colors >= 256 ? .ansi256 : colors >= 16 ? .ansi16 : colors >= 8 ? .ansi8 : .mono
            // Curses speaks palette indices: truecolor is drawn with the 256 palette.
            tier = min(tier == .truecolor ? .ansi256 : tier, supported)
        } else {
            tier = .mono
        }
        self.tier = tier
        if mouse {
            _ = mousemask(jumeau_mouse_mask(), nil)
            mouseinterval(0)
        }
        Self.installSignalHandlers()
    }

    deinit { close() }

    /// Restores the terminal. Safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }

    public func makeWaker() -> @Sendable () -> Void {
        guard let pipe = wakePipe else { return {} }
        // The closure keeps the pipe open: a result posted after the explorer closed writes
        // to it, never to a descriptor the number has been given to since.
        return { pipe.wake() }
    }

    /// Waits up to `milliseconds` for the keyboard or a wake-up; true when keys came.
    private func waitForKeys(_ milliseconds: Int) -> Bool {
        guard let wakePipe else { return true }
        var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: wakePipe.read, events: Int16(POLLIN), revents: 0)]
        let ready = poll(&fds, 2, Int32(max(0, milliseconds)))
        // An interrupted wait (a resize, Ctrl-C) lets curses read the signal's key.
        if ready < 0 { return true }
        if ready == 0 { return false }
        if fds[1].revents != 0 {
            var drained = [UInt8](repeating: 0, count: 64)
            while read(wakePipe.read, &drained, drained.count) > 0 {}
        }
        return fds[0].revents != 0
    }

    private static func installSignalHandlers() {
        // SIGQUIT (Ctrl-\\) too: its default core dump would leave the alternate screen and a hidden cursor.
        for signalNumber in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(signalNumber) { _ in stopSignal = 1 }
        }
        // A crash must not leave the terminal in raw mode: restore it, then die as usual.
        for signalNumber in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
            signal(signalNumber) { number in
                endwin()
                signal(number, SIG_DFL)
                raise(number)
            }
        }
    }

    public var stopRequested: Bool { stopSignal != 0 }

    public var size: (width: Int, height: Int) {
        (Int(getmaxx(jumeau_stdscr())), Int(getmaxy(jumeau_stdscr())))
    }

    /// Applies what `TerminalDiff` says changed since the last frame; curses' refresh
    /// then sends it (and drops any write that leaves a cell as it was).
    public func draw(_ buffer: Buffer) {
        let window = jumeau_stdscr()
        for change in TerminalDiff.between(previous: previous, next: buffer, columnShifts: canShiftColumns) {
            switch change {
            case .clear:
                wclear(window)
            case .shiftColumns(let shift):
                // On the terminal and in both of curses' pictures of it (see jumeau_shift_columns).
                let rows = shift.rows.map { Int32($0) }
                rows.withUnsafeBufferPointer { list in
                    jumeau_shift_columns(
                        list.baseAddress, Int32(list.count), Int32(shift.left), Int32(shift.width), Int32(shift.columns)
                    )
                }
            case .write(let x, let y, let cells):
                for (offset, cell) in cells.enumerated() where !cell.isContinuation {
                    wmove(window, Int32(y), Int32(x + offset))
                    wattr_set(window, attributes(cell.style), Int16(truncatingIfNeeded: pair(cell.style)), nil)
                    waddstr(window, cell.text)
                }
            }
        }
        wrefresh(window)
        previous = buffer
    }

    private func attributes(_ style: Style) -> attr_t {
        var a = jumeau_a_normal()
        if style.attributes.contains(.bold) { a |= jumeau_a_bold() }
        if style.attributes.contains(.dim) { a |= jumeau_a_dim() }
        if style.attributes.contains(.underline) { a |= jumeau_a_underline() }
        if style.attributes.contains(.reverse) { a |= jumeau_a_reverse() }
        return a
    }

    private func index(_ color: TermColor) -> Int32 {
        guard case .rgb(let r, let g, let b) = color else { return -1 }
        switch tier {
        case .mono: return -1
        case .ansi8: return Int32(Palette.nearestStandard((r, g, b), count: 8))
        case .ansi16: return Int32(Palette.nearestStandard((r, g, b), count: 16))
        case .ansi256, .truecolor: return Int32(Palette.nearest256((r, g, b)))
        }
    }

    /// Colour pairs allocated on demand (ncurses' alloc_pair), cached.
    private func pair(_ style: Style) -> Int32 {
        guard tier != .mono else { return 0 }
        let key = [index(style.foreground), index(style.background)]
        if let known = pairs[key] { return known }
        let allocated = alloc_pair(key[0], key[1])
        let pair = allocated < 0 ? 0 : allocated
        pairs[key] = pair
        return pair
    }

    public func nextEvent(timeout milliseconds: Int) -> InputEvent? {
        let window = jumeau_stdscr()
        var character: wint_t = 0
        // Keys curses already holds first; then the wait, which a wake-up cuts short.
        wtimeout(window, 0)
        var result = wget_wch(window, &character)
        if result == ERR {
            guard waitForKeys(milliseconds) else { return nil }
            // Keys came (or a signal did): the rest of an escape sequence is within ESCDELAY.
            wtimeout(window, 30)
            result = wget_wch(window, &character)
        }
        if result == ERR { return nil }
        if result == jumeau_key_code_yes() {
            switch Int32(character) {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_BTAB: return .key(.backTab)
            case KEY_F0 + 1: return .key(.f1)
            case KEY_RESIZE:
                previous = nil
                return .resize(width: size.width, height: size.height)
            case KEY_MOUSE:
                var event = MEVENT()
                guard getmouse(&event) == OK else { return nil }
                if event.bstate & jumeau_button4_pressed() != 0 {
                    return .wheel(x: Int(event.x), y: Int(event.y), up: true)
                }
                if event.bstate & jumeau_button5_pressed() != 0 {
                    return .wheel(x: Int(event.x), y: Int(event.y), up: false)
                }
                // Button 1 acts on release: where it was pressed tells a click from a drag.
                if event.bstate & jumeau_button1_pressed() != 0 {
                    pressed = (Int(event.x), Int(event.y))
                    return nil
                }
                if event.bstate & jumeau_button1_released() != 0 {
                    let from = pressed ?? (Int(event.x), Int(event.y))
                    pressed = nil
                    if from == (Int(event.x), Int(event.y)) { return .click(x: from.0, y: from.1) }
                    return .drag(fromX: from.0, fromY: from.1, toX: Int(event.x), toY: Int(event.y))
                }
                return nil
            default: return nil
            }
        }
        switch character {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 127, 8: return .key(.backspace)
        case 12:
            previous = nil
            return .key(.control("l"))
        case 1..<32: return .key(.control(Character(Unicode.Scalar(UInt8(character) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)) else { return nil }
            return .key(.character(Character(scalar)))
        }
    }
}
