import Foundation
import JumeauExport
import JumeauModel
import JumeauQuery
import JumeauRender
import JumeauSimulation

/// The layer table: zones × attributes and indicators for the year and levers shown.
public struct TableState: Equatable, Sendable {
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
    public var search: String?
}

public struct TableSort: Equatable, Sendable {
    public var column: String
    public var descending: Bool
}

/// One column of the table.
struct TableColumn {
    enum Values { case text([String]), number([Double]) }
    var id: String
    var label: String
    var unit: String
    var values: Values

    func filterValue(_ zone: Int) -> Filter.Value {
        switch values {
        case .text(let t): return .text(t[zone])
        case .number(let n): return .number(n[zone])
        }
    }
}

extension Explorer {
    /// Every column, the name first (frozen on screen): code, the headline indicators for
    /// the year (once simulated), then the twin's attributes.
    static func tableColumns(_ s: ExplorerState, _ data: ExplorerData) -> [TableColumn] {
        let t = s.localizer
        var columns = [TableColumn(id: "name", label: t("table.name"), unit: "", values: .text(data.names))]
        if data.codes.count == data.names.count {
            columns.append(TableColumn(id: "code", label: t("table.code"), unit: "", values: .text(data.codes)))
        }
        for indicator in data.headline {
            guard let values = s.result?.zones(indicator, year: s.year) else { continue }
            columns.append(TableColumn(id: indicator.id, label: indicator.definition.shortLabel(t), unit: indicator.definition.unit,
                                       values: .number(values)))
        }
        for variable in data.variables where !variable.varies {
            guard let values = data.attributeValues[variable.id] else { continue }
            columns.append(TableColumn(id: variable.id, label: variable.label, unit: variable.unit, values: .number(values)))
        }
        return columns
    }

    static func visibleColumns(_ s: ExplorerState, _ data: ExplorerData) -> [TableColumn] {
        visibleColumns(s, tableColumns(s, data))
    }

    /// The columns not hidden (the name always), from all of them.
    static func visibleColumns(_ s: ExplorerState, _ all: [TableColumn]) -> [TableColumn] {
        let hidden = s.table?.hidden ?? []
        return all.filter { $0.id == "name" || !hidden.contains($0.id) }
    }

    /// The zones shown, filtered then sorted (missing values last, ties in the twin's order).
    static func tableRows(_ s: ExplorerState, _ data: ExplorerData, columns: [TableColumn]? = nil) -> [Int] {
        guard let table = s.table else { return [] }
        let all = columns ?? tableColumns(s, data)
        var rows = Array(data.names.indices)
        if let filter = table.filter {
            let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            rows = rows.filter { zone in filter.matches { byID[$0]?.filterValue(zone) ?? .number(.nan) } }
        }
        if let sort = table.sort, let column = all.first(where: { $0.id == sort.column }) {
            switch column.values {
            case .number(let values):
                rows.sort { a, b in
                    let x = values[a], y = values[b]
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

    /// Opens the table on the selected zone's row.
    static func openTable(_ s: inout ExplorerState, _ data: ExplorerData) {
        var table = s.table ?? TableState()
        table.overlay = .none
        s.table = table
        let all = tableColumns(s, data)
        let rows = tableRows(s, data, columns: all)
        if let zone = s.selected ?? zoneUnderCursor(s), let row = rows.firstIndex(of: zone) {
            s.table!.row = row
        }
        scrollTable(&s, data, all, rows)
    }

    /// Keys of the table view; nil when the key is not the table's (the map's keymap runs).
    static func tableKey(_ key: Key, _ s: inout ExplorerState, _ data: ExplorerData) -> [Effect]? {
        guard var table = s.table else { return nil }
        // Columns and rows once per key: the indicator columns copy every zone's values.
        let all = tableColumns(s, data)
        let columns = visibleColumns(s, all)
        let rows = tableRows(s, data, columns: all)
        let page = max(1, tableBodyRect(s).height)
        if let query = table.search {
            switch key {
            case .escape, .enter: table.search = nil
            case .backspace: table.search = String(query.dropLast())
            case .down, .tab:
                if let next = nextMatch(query, after: table.row, rows, data) { table.row = next }
            case .character(let c): table.search = query + String(c)
                if let next = nextMatch(query + String(c), after: table.row - 1, rows, data) { table.row = next }
            default: break
            }
            s.table = table
            selectRow(&s, rows)
            scrollTable(&s, data, all, rows)
            return []
        }
        if case .catalogue(let top) = table.overlay {
            switch key {
            case .down, .character("j"): table.overlay = .catalogue(top: top + 1)
            case .up, .character("k"): table.overlay = .catalogue(top: max(0, top - 1))
            case .pageDown: table.overlay = .catalogue(top: top + page)
            case .pageUp: table.overlay = .catalogue(top: max(0, top - page))
            default: table.overlay = .none
            }
            s.table = table
            return []
        }
        if table.overlay != .none {
            // Any key closes statistics and frequencies; i and F switch between them.
            switch key {
            case .character("i"): table.overlay = table.overlay == .statistics ? .none : .statistics
            case .character("F"): table.overlay = table.overlay == .frequency ? .none : .frequency
            default: table.overlay = .none
            }
            s.table = table
            return []
        }
        let current = columns.indices.contains(table.column) ? columns[table.column] : nil
        switch key {
        case .escape, .character("q"), .character("T"):
            s.table = nil
            return []
        case .down, .character("j"): table.row += 1
        case .up, .character("k"): table.row -= 1
        case .pageDown: table.row += page
        case .pageUp: table.row -= page
        case .home, .character("g"): table.row = 0
        case .end, .character("G"): table.row = rows.count - 1
        case .right, .character("l"): table.column += 1
        case .left, .character("h"): table.column -= 1
        case .character("["), .character("]"):
            guard let current else { break }
            let descending = key == .character("]")
            if let sort = table.sort, sort.column == current.id, sort.descending == descending { table.sort = nil }
            else { table.sort = TableSort(column: current.id, descending: descending) }
        case .character("f"), .character("|"):
            s.mode = .prompt(.tableFilter, text: table.filterText)
        case .character("/"): table.search = ""
        case .character("i"): table.overlay = .statistics
        case .character("F"): table.overlay = .frequency
        case .character("c"): table.overlay = .catalogue(top: 0)
        case .character("-"):
            guard let current, current.id != "name" else { s.message = s.localizer("table.name_stays"); break }
            table.hidden.insert(current.id)
        case .character("+"):
            if table.hidden.isEmpty { s.message = s.localizer("table.none_hidden") }
            table.hidden = []
        case .character("x"):
            s.mode = .prompt(.tableExport, text: defaultExportName(s, data))
        case .enter:
            // Back to the map, on the zone of the row.
            let zone = rows.indices.contains(table.row) ? rows[table.row] : nil
            s.table = nil
            if let zone { flyTo(zone, &s, data) }
            return []
        default:
            return nil
        }
        let sortChanged = table.sort != s.table?.sort
        let visible = visibleColumns(s.with(table: table), all).count
        table.row = max(0, min(table.row, rows.count - 1))
        table.column = max(0, min(table.column, visible - 1))
        s.table = table
        let shown = sortChanged ? tableRows(s, data, columns: all) : rows
        selectRow(&s, shown)
        scrollTable(&s, data, all, shown)
        return []
    }

    static func nextMatch(_ query: String, after row: Int, _ rows: [Int], _ data: ExplorerData) -> Int? {
        let needle = Filter.fold(query)
        guard !needle.isEmpty, !rows.isEmpty else { return nil }
        for step in 1...rows.count {
            let candidate = (row + step + rows.count) % rows.count
            if Filter.fold(data.names[rows[candidate]]).contains(needle) { return candidate }
        }
        return nil
    }

    /// The row under the cursor is the map's selection too.
    static func selectRow(_ s: inout ExplorerState, _ rows: [Int]) {
        guard let table = s.table, rows.indices.contains(table.row) else { return }
        s.selected = rows[table.row]
    }

    /// Applies a typed filter; a malformed one keeps the previous filter and says why.
    static func applyFilter(_ text: String, _ s: inout ExplorerState, _ data: ExplorerData) {
        guard var table = s.table else { return }
        let all = tableColumns(s, data)
        if text.isEmpty {
            table.filter = nil
            table.filterText = ""
        } else {
            do {
                table.filter = try Filter(parsing: text, columns: all.map(\.id))
                table.filterText = text
            } catch let error as FilterError {
                s.message = error.message(s.localizer)
                return
            } catch {
                s.message = Message.of(error).text(s.localizer)
                return
            }
        }
        // Keep the selected zone under the cursor when it passes the filter.
        s.table = table
        let rows = tableRows(s, data, columns: all)
        s.table!.row = s.selected.flatMap { rows.firstIndex(of: $0) } ?? 0
        selectRow(&s, rows)
        scrollTable(&s, data, all, rows)
    }

    /// Keeps the cursor's row and column on screen.
    static func scrollTable(_ s: inout ExplorerState, _ data: ExplorerData, _ all: [TableColumn], _ rows: [Int]) {
        guard var table = s.table else { return }
        let body = tableBodyRect(s)
        let height = max(1, body.height)
        if table.row < table.top { table.top = table.row }
        if table.row >= table.top + height { table.top = table.row - height + 1 }
        table.top = max(0, table.top)
        // Columns: the name is frozen; the others scroll so the cursor's is shown whole.
        let columns = visibleColumns(s, all)
        let page = Array(rows.dropFirst(table.top).prefix(height))
        let widths = columns.map { columnWidth($0, page, s.localizer) }
        let room = body.width - widths[0] - 1
        if table.column > 0 {
            if table.column < table.left { table.left = table.column }
            while table.left < table.column && widths[table.left...table.column].reduce(0, { $0 + $1 + 1 }) > room { table.left += 1 }
        }
        table.left = max(1, min(table.left, max(1, columns.count - 1)))
        s.table = table
    }

    /// The width a column needs for its header and the rows on screen (at most 16).
    static func columnWidth(_ column: TableColumn, _ rows: [Int], _ t: Localizer) -> Int {
        var width = min(16, max(DisplayWidth.of(column.label), DisplayWidth.of(t.shortUnit(column.unit))))
        if column.id == "name" { width = 12 }
        for zone in rows {
            let text = cellText(column, zone, t)
            width = max(width, min(column.id == "name" ? 28 : 16, DisplayWidth.of(text)))
        }
        return max(4, width)
    }

    static func cellText(_ column: TableColumn, _ zone: Int, _ t: Localizer) -> String {
        switch column.values {
        case .text(let values): return Sanitize.text(values[zone])
        case .number(let values): return values[zone].isFinite ? t.number(values[zone]) : "–"
        }
    }

    /// Where the rows go: under the title, the two header lines; above the status line and the footer.
    static func tableBodyRect(_ s: ExplorerState) -> Rect {
        Rect(x: 0, y: 4, width: s.width, height: max(1, s.height - 6))
    }

    static func defaultExportName(_ s: ExplorerState, _ data: ExplorerData) -> String {
        "\(fileStem(data))-\(s.year).csv"
    }

    /// The territory's name as a file name: "CC de l'Île de Ré" → "cc-de-l-ile-de-re".
    static func fileStem(_ data: ExplorerData) -> String {
        AttributeDefinition.sanitizedID(data.title).replacingOccurrences(of: "_", with: "-")
    }

    /// The table as shown (columns not hidden, rows filtered and sorted), as CSV: ids as
    /// the header, numbers in full precision.
    public static func tableCSV(_ s: ExplorerState, _ data: ExplorerData) -> (text: String, rows: Int) {
        let all = tableColumns(s, data)
        let columns = visibleColumns(s, all)
        let rows = tableRows(s, data, columns: all)
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

extension ExplorerState {
    func with(table: TableState) -> ExplorerState {
        var copy = self
        copy.table = table
        return copy
    }
}
