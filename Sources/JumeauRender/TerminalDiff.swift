/// What a terminal showing one buffer must be sent to show the next: pure, so that the
/// whole of "what changed since the last frame" is tested here, and a backend (curses)
/// only applies the changes in order.
///
/// The model of the terminal it assumes, which `apply(_:to:)` spells out:
/// - `clear` blanks the screen (default colours);
/// - `shiftColumns` moves columns `[left, left + width)` of each listed row by `columns`
///   (positive: to the left), the way deleting then inserting characters does; the
///   columns that come in are default blanks, the rest of the row stays where it was;
/// - `write` puts a run of cells at (x, y); a continuation cell is covered by the wide
///   character before it and sent as nothing.
public enum TerminalDiff {
    /// The map moved sideways by whole columns, moved on the terminal itself.
    public struct ColumnShift: Equatable, Sendable {
        /// The rows to move (absolute), in increasing order.
        public var rows: [Int]
        public var left: Int
        public var width: Int
        /// Columns the content moves left (negative: right); 0 < |columns| < width.
        public var columns: Int
        public init(rows: [Int], left: Int, width: Int, columns: Int) {
            self.rows = rows
            self.left = left
            self.width = width
            self.columns = columns
        }
    }

    public enum Change: Equatable, Sendable {
        /// Start from a blank screen (first frame, new size, asked redraw).
        case clear
        case shiftColumns(ColumnShift)
        /// Cells `x..<x + cells.count` of row `y`, continuation cells included.
        case write(x: Int, y: Int, cells: [Cell])
    }

    /// The changes that turn a terminal showing `previous` (nil: unknown, as after a
    /// resize or Ctrl-L) into one showing `next`.
    /// - Parameter columnShifts: whether the terminal can delete and insert characters;
    ///   when it can and both buffers show the same map moved by whole columns (their
    ///   `MapAnchor`s), the map's rows are shifted first, so a pan sends the columns that
    ///   come in and what really changed rather than nearly every map cell.
    /// The bottom-right cell is never written: writing it scrolls some terminals.
    public static func between(previous: Buffer?, next: Buffer, columnShifts: Bool = true) -> [Change] {
        guard let previous, previous.width == next.width, previous.height == next.height else {
            return [.clear] + runs(next, changed: { _, _ in true })
        }
        var changes: [Change] = []
        var screen = previous
        if columnShifts, let shift = columnShift(from: previous, to: next) {
            changes.append(.shiftColumns(shift))
            screen = apply(shift, to: screen)
        }
        let shown = screen
        return changes + runs(next, changed: { x, y in shown[x, y] != next[x, y] })
    }

    /// The shift that moves `previous`'s map to where `next` shows it, if any. Rows
    /// holding a wide character right of the map's left edge stay out: terminals differ
    /// in how they delete half of one.
    public static func columnShift(from previous: Buffer, to next: Buffer) -> ColumnShift? {
        guard let now = next.mapAnchor, let before = previous.mapAnchor, let columns = now.shift(from: before) else {
            return nil
        }
        let rect = now.rect
        guard rect.x >= 0, rect.y >= 0, rect.maxX <= next.width, rect.maxY <= next.height,
            rect.maxX <= previous.width, rect.maxY <= previous.height
        else { return nil }
        let rows = (rect.y..<rect.maxY).filter { y in
            !(rect.x..<previous.width).contains { previous[$0, y].isContinuation }
        }
        guard !rows.isEmpty else { return nil }
        return ColumnShift(rows: rows, left: rect.x, width: rect.width, columns: columns)
    }

    /// Runs of consecutive changed cells, row by row. A continuation cell goes with the
    /// wide character before it; the bottom-right cell is left out.
    static func runs(_ next: Buffer, changed: (Int, Int) -> Bool) -> [Change] {
        var out: [Change] = []
        for y in 0..<next.height {
            var start: Int?
            var leadingChanged = false
            for x in 0...next.width {
                var include = false
                if x < next.width && !(y == next.height - 1 && x == next.width - 1) {
                    if next[x, y].isContinuation {
                        include = x > 0 && leadingChanged
                    } else {
                        leadingChanged = changed(x, y)
                        include = leadingChanged
                    }
                }
                if include, start == nil { start = x }
                if !include, let from = start {
                    out.append(.write(x: from, y: y, cells: (from..<x).map { next[$0, y] }))
                    start = nil
                }
            }
        }
        return out
    }

    /// A screen after the changes: the terminal model the backend follows, for tests.
    public static func apply(_ changes: [Change], to screen: Buffer?, width: Int, height: Int) -> Buffer {
        var out =
            screen.flatMap { $0.width == width && $0.height == height ? $0 : nil }
            ?? Buffer(width: width, height: height)
        for change in changes {
            switch change {
            case .clear: out = Buffer(width: width, height: height)
            case .shiftColumns(let shift): out = apply(shift, to: out)
            case .write(let x, let y, let cells):
                for (offset, cell) in cells.enumerated() { out[x + offset, y] = cell }
            }
        }
        out.mapAnchor = nil
        return out
    }

    static func apply(_ shift: ColumnShift, to screen: Buffer) -> Buffer {
        var out = screen
        let n = abs(shift.columns)
        for y in shift.rows where y >= 0 && y < screen.height {
            for column in 0..<shift.width {
                let x = shift.left + column
                guard x >= 0, x < screen.width else { continue }
                let from = x + shift.columns
                let inside = from >= shift.left && from < shift.left + shift.width
                out[x, y] = inside && n < shift.width && from < screen.width ? screen[from, y] : .blank
            }
        }
        return out
    }
}
