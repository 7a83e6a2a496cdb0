import Foundation
import GRDB
import JumeauModel

/// A value or a table that is not what Jumeau wrote: raised while reading, turned into
/// a `StoreError` naming the twin by `TwinStore.read`.
struct Damage: Error {
    var table: String
    var column: String
    /// What was found, as SQLite holds it ("text 'lots'", "NULL").
    var found: String
    /// The row's key ("zone 17300", "row 3"), when known.
    var row: String?

    static func describe(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return "integer \(number)"
        case .double(let number): return "real \(number)"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "text '\(shown)'"
        case .blob(let data): return "a blob of \(data.count) bytes"
        }
    }
}

/// A row of one of Jumeau's own tables, read column by column with the damage named
/// (GRDB's non-throwing subscripts trap on a value of the wrong type).
struct CheckedRow {
    let row: Row
    let table: String

    init(_ row: Row, table: String) {
        self.row = row
        self.table = table
    }

    private var key: String? {
        guard let id = row["id"] as DatabaseValue?, case .int64(let number) = id.storage else { return nil }
        return "row \(number)"
    }

    /// A value that must be there.
    func callAsFunction<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try convert((row[column] as DatabaseValue?) ?? .null, column: column)
    }

    /// The value at a position of the row (an aggregate), named for the message.
    func callAsFunction<Value: DatabaseValueConvertible>(at index: Int, named column: String) throws -> Value {
        try convert(row[index] as DatabaseValue, column: column)
    }

    /// A value that may be NULL.
    func optional<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        let value = (row[column] as DatabaseValue?) ?? .null
        return value.isNull ? nil : try convert(value, column: column)
    }

    /// The value at a position of the row, or nil when NULL.
    func optional<Value: DatabaseValueConvertible>(at index: Int, named column: String) throws -> Value? {
        let value = row[index] as DatabaseValue
        return value.isNull ? nil : try convert(value, column: column)
    }

    private func convert<Value: DatabaseValueConvertible>(_ value: DatabaseValue, column: String) throws -> Value {
        guard let converted = Value.fromDatabaseValue(value) else {
            throw Damage(table: table, column: column, found: Damage.describe(value), row: key)
        }
        return converted
    }
}

extension Schema {
    /// Checks that the tables of every applied migration are there with the columns
    /// Jumeau reads, that every catalogued attribute has its column, and that the
    /// territory row exists: a twin edited by hand or by another tool is refused in one
    /// line instead of failing later, half-way through a command.
    static func check(_ db: Database, applied: [String], path: String) throws {
        for migration in migrations where applied.contains(migration.identifier) {
            for (table, columns) in migration.tables.sorted(by: { $0.key < $1.key }) {
                try checkColumns(db, table: table, columns: columns, path: path)
            }
        }
        var attributes: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT attribute FROM jumeau_attributes") {
            let checked = CheckedRow(row, table: "jumeau_attributes")
            do { attributes.append(try checked("attribute")) } catch let damage as Damage {
                throw StoreError.damaged(path, damage)
            }
        }
        try checkColumns(db, table: zonesTable, columns: attributes, path: path)
        if applied.contains("v6-levels") {
            try checkColumns(db, table: zonesTable, columns: addedZoneColumns, path: path)
        }
        guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jumeau_territory WHERE id = 1") == 1 else {
            throw StoreError("store.no_metadata", ["path": path])
        }
    }

    private static func checkColumns(_ db: Database, table: String, columns: [String], path: String) throws {
        guard try db.tableExists(table) else { throw StoreError("store.damaged_table", ["path": path, "table": table]) }
        let present = Set(try db.columns(in: table).map { $0.name.lowercased() })
        if let missing = columns.first(where: { !present.contains($0.lowercased()) }) {
            throw StoreError("store.damaged_column", ["path": path, "table": table, "column": missing])
        }
    }
}

extension StoreError {
    static func damaged(_ path: String, _ damage: Damage) -> StoreError {
        StoreError("store.damaged_value", ["path": path, "table": damage.table, "column": damage.column,
                                            "found": damage.found, "row": damage.row.map { " (\($0))" } ?? ""])
    }
}

extension TwinStore {
    /// A read with every failure phrased for the user: damage found in the twin, or
    /// SQLite's own error.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch let damage as Damage {
            throw StoreError.damaged(path, damage)
        } catch let error as StoreError {
            throw error
        } catch let error as DatabaseError {
            throw StoreError("store.cannot_read", ["path": path, "cause": Self.describe(error)])
        } catch let error as RowDecodingError {
            throw StoreError("store.damaged", ["path": path, "cause": Message.verbatim(String("\(error)".prefix(160)))])
        }
    }
}
