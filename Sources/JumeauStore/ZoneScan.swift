import Foundation
import GRDB
import GRDBSQLite
import JumeauModel

/// Zones read from the `zones` table as columns, in table order.
struct ZoneColumns: Sendable {
    var codes: [String] = []
    var names: [String] = []
    var geometries: [WKBGeometry] = []
    var outlines = ZoneRings()
    var envelopes: [Envelope] = []
    var departments: [String] = []
    var regions: [String] = []
    var epcis: [String] = []
    var noData: [Bool] = []
    /// One column per attribute asked for.
    var values: [[Double]]
    /// Overseas zones, read in their own plane.
    var localZones: [(zone: Int, epsg: Int)] = []

    /// The zones of another part of the table after these.
    mutating func append(_ other: ZoneColumns) {
        let offset = codes.count
        codes += other.codes
        names += other.names
        geometries += other.geometries
        outlines.append(contentsOf: other.outlines)
        envelopes += other.envelopes
        departments += other.departments
        regions += other.regions
        epcis += other.epcis
        noData += other.noData
        for index in values.indices { values[index] += other.values[index] }
        localZones += other.localZones.map { ($0.zone + offset, $0.epsg) }
    }
}

/// One read of the zones table (all of it, or a range of rowids).
struct ZoneScan: Sendable {
    let ids: [String]
    let hasLevels: Bool
    let form: ZoneTable.GeometryForm
    /// Overseas zones' geometry in their own plane, by code.
    let locals: [String: TwinStore.LocalGeometry]
    let store: TwinStore

    func read(_ db: Database, rowids: ClosedRange<Int64>?) throws -> ZoneColumns {
        let fixed = hasLevels ? ["code", "name", "geom", "dep", "reg", "epci", "missing"] : ["code", "name", "geom"]
        let first = fixed.count
        let list = (fixed + ids).map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        var zones = ZoneColumns(values: [[Double]](repeating: [], count: ids.count))
        if form == .outlines {
            // Room for every vertex the file could hold (its size over 16 bytes a point): the
            // buffer never regrows, and the part never written is never given memory.
            let bytes = try Int.fetchOne(
                db, sql: "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size")
            zones.outlines.reserve(points: (bytes ?? 0) / 16)
        }
        // Table order, sorted afterwards: ORDER BY code would walk the code index
        // and seek every row, three times slower than a scan.
        let statement: Statement
        if let rowids {
            statement = try db.makeStatement(sql: "SELECT \(list) FROM zones WHERE rowid BETWEEN ? AND ?")
            statement.arguments = [rowids.lowerBound, rowids.upperBound]
        } else {
            statement = try db.makeStatement(sql: "SELECT \(list) FROM zones")
        }
        let sqlite = statement.sqliteStatement
        let rows = try Row.fetchCursor(statement)
        // Columns are read by position through SQLite's C API while the cursor stands on
        // a row: GRDB's generic row API costs a national twin's first frame 150 ms more.
        func text(_ index: Int32) -> String? {
            guard sqlite3_column_type(sqlite, index) == SQLITE_TEXT, let bytes = sqlite3_column_text(sqlite, index)
            else { return nil }
            let count = Int(sqlite3_column_bytes(sqlite, index))
            return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
        }
        while let row = try rows.next() {
            let code: String
            let name: String
            if let readCode = text(0), let readName = text(1) {
                (code, name) = (readCode, readName)
            } else {
                // Not text: CheckedRow converts what GRDB can and names the damage otherwise.
                let checked = CheckedRow(row, table: Schema.zonesTable)
                (code, name) = (try checked("code"), try checked("name"))
            }
            if !locals.isEmpty, let local = locals[code] {
                // Overseas: drawn and measured in its own plane (`zones_epsgNNNN`).
                zones.localZones.append((zones.codes.count, local.epsg))
                zones.envelopes.append(local.envelope)
                if let geometry = local.geometry { zones.geometries.append(geometry) }
                if let outline = local.outline { zones.outlines.append(outline) }
            } else {
                try store.readGeometry(
                    row, zone: code, form: form, geometries: &zones.geometries, outlines: &zones.outlines,
                    envelopes: &zones.envelopes)
            }
            zones.codes.append(code)
            zones.names.append(name)
            if hasLevels {
                // Text or NULL; anything else is damage, named as CheckedRow names it.
                for (index, column) in [(3, "dep"), (4, "reg"), (5, "epci"), (6, "missing")]
                where ![SQLITE_TEXT, SQLITE_NULL].contains(sqlite3_column_type(sqlite, Int32(index))) {
                    let _: String? = try CheckedRow(row, table: Schema.zonesTable)(column)
                }
                zones.departments.append(text(3) ?? CommuneCode.department(of: code) ?? "")
                zones.regions.append(text(4) ?? "")
                zones.epcis.append(text(5) ?? "")
                zones.noData.append(!(text(6) ?? "").isEmpty)
            }
            for index in ids.indices {
                let column = Int32(first + index)
                switch sqlite3_column_type(sqlite, column) {
                case SQLITE_FLOAT: zones.values[index].append(sqlite3_column_double(sqlite, column))
                case SQLITE_INTEGER: zones.values[index].append(Double(sqlite3_column_int64(sqlite, column)))
                case SQLITE_NULL: zones.values[index].append(.nan)
                default:
                    throw Damage(
                        table: Schema.zonesTable, column: ids[index],
                        found: Damage.describe(row[first + index] as DatabaseValue), row: "zone \(code)")
                }
            }
        }
        return zones
    }
}

/// The two halves of a read done at once, each set by its own thread.
final class HalfResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<ZoneColumns, any Error>] = [:]

    func set(_ half: Int, _ body: () throws -> ZoneColumns) {
        let result = Result { try body() }
        lock.lock()
        results[half] = result
        lock.unlock()
    }

    func get(_ half: Int) throws -> ZoneColumns {
        lock.lock()
        defer { lock.unlock() }
        guard let result = results[half] else { throw StoreError("store.cannot_read_zones", [:]) }
        return try result.get()
    }
}
