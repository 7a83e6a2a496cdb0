import Foundation
import JumeauExport
import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// The layer table: zones × attributes and indicators for the year and levers shown.
public struct LayerTable: Equatable, Sendable {
    public enum Overlay: Equatable, Sendable {
        case none, statistics, frequency
        /// The catalogue of columns with their provenance, scrolled to a row.
        case catalogue(top: Int)
    }
    /// Hidden column ids.
    public var hidden: Set<String> = []
    /// Sorted by a column, descending or not; nil keeps the twin's order.
    public var sort: TableSort?
    public var filterText = ""
    public var filter: Filter?
    /// The cursor: a row of the rows shown, a column of the columns shown.
    public var row = 0
    public var column = 0
    /// The first row and the first scrolled column on screen.
    public var top = 0
    public var left = 0
    public var overlay: Overlay = .none
    /// Incremental search on the names, while typing.
    public var search: TextField?

    /// The zones shown (filtered, then sorted) and what they were computed from: computed
    /// again only when the filter, the sort, the year or the run change, never per frame.
    public private(set) var rows: [Int] = []
    private(set) var rowsKey: RowsKey?
    /// The decimals of each numeric column (by id), chosen from all its values when the
    /// rows are: one format per column, not one per frame.
    private(set) var decimals: [String: Int] = [:]

    struct RowsKey: Equatable {
        var filter: String
        /// The mapped variable: it decides which indicator columns there are.
        var variable: Int
        var sort: TableSort?
        var year: Int
        var run: Int?
        var compare: String?
    }
}

public struct TableSort: Equatable, Sendable {
    public var column: String
    public var descending: Bool
}

/// One column of the table.
struct TableColumn {
    enum Values {
        case text([String])
        case number([Double])
    }
    var id: String
    /// The header (an indicator's short label).
    var label: String
    var unit: String
    var values: Values
    /// The whole name, for the status line.
    var title: String

    init(id: String, label: String, title: String? = nil, unit: String, values: Values) {
        self.id = id
        self.label = label
        self.title = title ?? label
        self.unit = unit
        self.values = values
    }

    var isNumeric: Bool { if case .number = values { return true } else { return false } }

    func filterValue(_ zone: Int) -> Filter.Value {
        switch values {
        case .text(let t): return .text(t[zone])
        case .number(let n): return .number(n[zone])
        }
    }
}

/// What a key on the table asks of the explorer.
enum TableOutcome: Equatable {
    case handled
    case notMine
    case close
    case flyTo(Int)
    case open(Overlay)
}

extension LayerTable {
    /// Every column, the name first (frozen on screen): code, the headline indicators for
    /// the year (once simulated), then the twin's attributes.
    static func columns(_ s: ExplorerState, _ data: ExplorerData) -> [TableColumn] {
        let t = s.localizer
        var columns = [TableColumn(id: "name", label: t("table.name"), unit: "", values: .text(data.names))]
        if data.codes.count == data.names.count {
            columns.append(TableColumn(id: "code", label: t("table.code"), unit: "", values: .text(data.codes)))
        }
        // The indicator on the map first, then the headline ones, as the panel lists them.
        for indicator in WorkshopPanel.panelIndicators(s, data) {
            guard let values = s.workshop.result?.zones(indicator, year: s.map.year) else { continue }
            columns.append(
                TableColumn(
                    id: indicator.id, label: indicator.definition.shortLabel(t),
                    title: indicator.definition.label(t), unit: indicator.definition.unit,
                    values: .number(Array(values))))
        }
        // An attribute the simulation carries on (population, dwellings) is its indicator's
        // column, whose reference year is the attribute: one column, one id to sort or hide.
        for variable in data.variables where !variable.varies && !columns.contains(where: { $0.id == variable.id }) {
            guard let values = data.attributeValues[variable.id] else { continue }
            columns.append(
                TableColumn(id: variable.id, label: variable.label, unit: variable.unit, values: .number(values)))
        }
        return columns
    }

    /// The columns not hidden (the name always), from all of them.
    func visible(_ all: [TableColumn]) -> [TableColumn] {
        all.filter { $0.id == "name" || !hidden.contains($0.id) }
    }

    /// Brings the rows up to date with the filter, sort, year and run; nothing when they are.
    mutating func refresh(_ s: ExplorerState, _ data: ExplorerData, columns given: [TableColumn]? = nil) {
        let key = RowsKey(
            filter: filterText, variable: s.map.variable, sort: sort, year: s.map.year,
            run: s.workshop.resultRequest?.generation,
            compare: s.workshop.compare)
        guard key != rowsKey else { return }
        rowsKey = key
        let columns = given ?? Self.columns(s, data)
        // A column gone with the mapped indicator takes its sort with it.
        if let sorted = sort, !columns.contains(where: { $0.id == sorted.column }) { sort = nil }
        rows = Self.rows(filter: filter, sort: sort, columns, count: data.names.count)
        decimals = Dictionary(columns.map { ($0.id, Self.decimals($0)) }, uniquingKeysWith: { first, _ in first })
        row = max(0, min(row, rows.count - 1))
    }

    /// The zones passing the filter, sorted (missing values last, ties in the twin's order).
    static func rows(filter: Filter?, sort: TableSort?, _ all: [TableColumn], count: Int) -> [Int] {
        var rows = Array(0..<count)
        if let filter {
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            rows = rows.filter { zone in filter.matches { byID[$0]?.filterValue(zone) ?? .number(.nan) } }
        }
        if let sort, let column = all.first(where: { $0.id == sort.column }) {
            switch column.values {
            case .number(let values):
                rows.sort { a, b in
                    let x = values[a]
                    let y = values[b]
                    if x.isNaN || y.isNaN { return !x.isNaN && y.isNaN || (x.isNaN == y.isNaN && a < b) }
                    if x == y { return a < b }
                    return sort.descending ? x > y : x < y
                }
            case .text(let values):
                let folded = values.map { Filter.fold($0) }
                rows.sort { a, b in
                    if folded[a] == folded[b] { return a < b }
                    return sort.descending ? folded[a] > folded[b] : folded[a] < folded[b]
                }
            }
        }
        return rows
    }

    /// The decimals of a numeric column, chosen once for all its values from the largest
    /// (none from 100, one from 1, three below).
    static func decimals(_ column: TableColumn) -> Int {
        guard case .number(let values) = column.values else { return 0 }
        var whole = true
        var largest = 0.0
        for value in values where value.isFinite {
            whole = whole && value == value.rounded()
            largest = max(largest, abs(value))
        }
        return whole ? 0 : largest >= 100 ? 0 : largest >= 1 ? 1 : 3
    }

    /// Opens the table on the selected zone's row.
    static func open(_ s: ExplorerState, _ data: ExplorerData) -> LayerTable {
        var table = s.table ?? LayerTable()
        table.overlay = .none
        table.rowsKey = nil
        table.refresh(s, data)
        if let zone = s.map.selected ?? s.map.zoneUnderCursor, let row = table.rows.firstIndex(of: zone) {
            table.row = row
        }
        table.scroll(s, data)
        return table
    }

    /// Where the rows go: under the title, the two header lines; above the status line and the footer.
    static func bodyRect(_ screen: Screen) -> Rect {
        Rect(x: 0, y: 4, width: screen.width, height: max(1, screen.height - 6))
    }

    /// Keys of the table; `.notMine` when the key is the map's (its keymap runs).
    mutating func handle(_ key: Key, _ s: ExplorerState, _ data: ExplorerData, _ reply: inout Reply) -> TableOutcome {
        let page = max(1, Self.bodyRect(s.screen).height)
        if var field = search {
            switch key {
            case .down, .tab:
                if let next = nextMatch(field.string, after: row, data) { row = next }
            default:
                switch field.handle(key) {
                case .submitted, .cancelled: search = nil
                case .editing:
                    search = field
                    if let next = nextMatch(field.string, after: row - 1, data) { row = next }
                case .ignored: break
                }
            }
            return .handled
        }
        if case .catalogue(let first) = overlay {
            switch key {
            case .down, .character("j"): overlay = .catalogue(top: first + 1)
            case .up, .character("k"): overlay = .catalogue(top: max(0, first - 1))
            case .pageDown: overlay = .catalogue(top: first + page)
            case .pageUp: overlay = .catalogue(top: max(0, first - page))
            default: overlay = .none
            }
            return .handled
        }
        if overlay != .none {
            // Any key closes statistics and frequencies; i and F switch between them.
            switch key {
            case .character("i"): overlay = overlay == .statistics ? .none : .statistics
            case .character("F"): overlay = overlay == .frequency ? .none : .frequency
            default: overlay = .none
            }
            return .handled
        }
        let all = Self.columns(s, data)
        let columns = visible(all)
        let current = columns.indices.contains(column) ? columns[column] : nil
        switch key {
        case .escape, .character("q"), .character("T"): return .close
        case .down, .character("j"): row += 1
        case .up, .character("k"): row -= 1
        case .pageDown: row += page
        case .pageUp: row -= page
        case .home, .character("g"): row = 0
        case .end, .character("G"): row = rows.count - 1
        case .right, .character("l"): column += 1
        case .left, .character("h"): column -= 1
        case .character("["), .character("]"):
            guard let current else { break }
            let descending = key == .character("]")
            if let sort, sort.column == current.id, sort.descending == descending {
                self.sort = nil
            } else {
                sort = TableSort(column: current.id, descending: descending)
            }
            // The zone under the cursor stays under it.
            let zone = rows.indices.contains(row) ? rows[row] : nil
            refresh(s, data, columns: all)
            if let zone, let moved = rows.firstIndex(of: zone) { row = moved }
        case .character("f"), .character("|"): return .open(.prompt(.tableFilter, TextField(filterText)))
        case .character("/"): search = TextField()
        case .character("i"): overlay = .statistics
        case .character("F"): overlay = .frequency
        case .character("c"): overlay = .catalogue(top: 0)
        case .character("-"):
            guard let current, current.id != "name" else {
                reply.message = s.localizer("table.name_stays")
                break
            }
            hidden.insert(current.id)
        case .character("+"):
            if hidden.isEmpty { reply.message = s.localizer("table.none_hidden") }
            hidden = []
        case .character("x"):
            return .open(.prompt(.tableExport, TextField("\(Explorer.fileStem(data))-\(s.map.year).csv")))
        case .enter:
            // Back to the map, on the zone of the row.
            return rows.indices.contains(row) ? .flyTo(rows[row]) : .close
        default:
            return .notMine
        }
        row = max(0, min(row, rows.count - 1))
        column = max(0, min(column, visible(all).count - 1))
        return .handled
    }

    func nextMatch(_ query: String, after row: Int, _ data: ExplorerData) -> Int? {
        let needle = Filter.fold(query)
        guard !needle.isEmpty, !rows.isEmpty else { return nil }
        for step in 1...rows.count {
            let candidate = (row + step + rows.count) % rows.count
            if Filter.fold(data.names[rows[candidate]]).contains(needle) { return candidate }
        }
        return nil
    }

    /// The zone under the cursor (the map's selection too).
    var zoneUnderCursor: Int? { rows.indices.contains(row) ? rows[row] : nil }

    /// Applies a typed filter; a malformed one keeps the previous filter and says why.
    mutating func applyFilter(_ text: String, _ s: ExplorerState, _ data: ExplorerData, _ reply: inout Reply) {
        let all = Self.columns(s, data)
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty {
            filter = nil
            filterText = ""
        } else {
            do {
                filter = try Filter(parsing: trimmed, columns: all.map(\.id))
                filterText = trimmed
            } catch let error as FilterError {
                reply.message = error.message(s.localizer)
                return
            } catch {
                reply.message = Message.of(error).text(s.localizer)
                return
            }
        }
        refresh(s, data, columns: all)
        // Keep the selected zone under the cursor when it passes the filter.
        row = s.map.selected.flatMap { rows.firstIndex(of: $0) } ?? 0
    }

    /// Keeps the cursor's row and column on screen.
    mutating func scroll(_ s: ExplorerState, _ data: ExplorerData) {
        let body = Self.bodyRect(s.screen)
        let height = max(1, body.height)
        if row < top { top = row }
        if row >= top + height { top = row - height + 1 }
        top = max(0, top)
        // Columns: the name is frozen; the others scroll so the cursor's is shown whole.
        let columns = visible(Self.columns(s, data))
        // The columns change with the mapped indicator (a follower's, or one picked over the table).
        column = max(0, min(column, columns.count - 1))
        let shown = Array(rows.dropFirst(top).prefix(height))
        let widths = columns.map { TableView.width($0, shown, s.localizer, decimals: decimals[$0.id] ?? 0) }
        let room = body.width - widths[0] - 1
        if column > 0 {
            if column < left { left = column }
            while left < column && widths[left...column].reduce(0, { $0 + $1 + 1 }) > room { left += 1 }
        }
        left = max(1, min(left, max(1, columns.count - 1)))
    }

    /// The table as shown (columns not hidden, rows filtered and sorted), as CSV: ids as
    /// the header, numbers in full precision.
    func csv(_ s: ExplorerState, _ data: ExplorerData) -> (text: String, rows: Int) {
        let columns = visible(Self.columns(s, data))
        let body = rows.map { zone in
            columns.map { column -> String in
                switch column.values {
                case .text(let values): return values[zone]
                case .number(let values): return CSV.number(values[zone])
                }
            }
        }
        return (CSV.table(header: columns.map(\.id), rows: body), rows.count)
    }
}

extension Explorer {
    /// The territory's name as a file name: "CC de l'Île de Ré" → "cc-de-l-ile-de-re".
    static func fileStem(_ data: ExplorerData) -> String {
        AttributeDefinition.sanitizedID(data.title).replacingOccurrences(of: "_", with: "-")
    }

    /// The zones the table shows, filtered and sorted (tests and the CSV read them).
    public static func tableRows(_ s: ExplorerState, _ data: ExplorerData) -> [Int] { s.table?.rows ?? [] }

    /// The table as shown, as CSV.
    public static func tableCSV(_ s: ExplorerState, _ data: ExplorerData) -> (text: String, rows: Int) {
        s.table?.csv(s, data) ?? ("", 0)
    }
}
