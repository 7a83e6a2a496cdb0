/// Attribute values of every zone, one column per attribute, NaN for "no value".
/// At national scale (35,000 zones × 25 attributes) this is a few megabytes, where a
/// dictionary per zone costs tens.
struct ValueTable {
    private(set) var ids: [String] = []
    private var slots: [String: Int] = [:]
    private var columns: [[Double]] = []
    /// Which values the estimator filled, by column.
    private var estimated: [[Bool]] = []
    private(set) var rowCount = 0

    mutating func appendRow() {
        rowCount += 1
        for c in columns.indices {
            columns[c].append(.nan)
            estimated[c].append(false)
        }
    }

    /// The column index of an attribute, created if needed (for hash-free access in loops).
    mutating func slot(for id: String) -> Int { slot(id) }

    subscript(slot: Int, row: Int) -> Double? {
        let value = columns[slot][row]
        return value.isNaN ? nil : value
    }

    mutating func set(_ slot: Int, row: Int, _ value: Double, estimated isEstimated: Bool) {
        columns[slot][row] = value
        estimated[slot][row] = isEstimated
    }

    private mutating func slot(_ id: String) -> Int {
        if let slot = slots[id] { return slot }
        slots[id] = columns.count
        ids.append(id)
        columns.append([Double](repeating: .nan, count: rowCount))
        estimated.append([Bool](repeating: false, count: rowCount))
        return columns.count - 1
    }

    func contains(_ id: String) -> Bool { slots[id] != nil }

    subscript(id: String, row: Int) -> Double? {
        get {
            guard let slot = slots[id] else { return nil }
            let value = columns[slot][row]
            return value.isNaN ? nil : value
        }
    }

    mutating func set(_ id: String, row: Int, _ value: Double, estimated isEstimated: Bool = false) {
        let slot = slot(id)
        columns[slot][row] = value
        estimated[slot][row] = isEstimated
    }

    /// A whole column, NaN for missing values; nil when no zone has the attribute.
    func column(_ id: String) -> ValueColumn? {
        slots[id].map { ValueColumn(values: columns[$0]) }
    }

    /// The row's values by id (for the estimator, one zone at a time).
    func row(_ row: Int) -> [String: Double] {
        var values: [String: Double] = [:]
        for (slot, id) in ids.enumerated() where !columns[slot][row].isNaN { values[id] = columns[slot][row] }
        return values
    }

    /// Rows whose value of `id` was estimated.
    func estimatedRows(_ id: String) -> [Int] {
        guard let slot = slots[id] else { return [] }
        return estimated[slot].indices.filter { estimated[slot][$0] }
    }
}

/// One attribute's values for every zone.
struct ValueColumn {
    let values: [Double]
    subscript(row: Int) -> Double? { values[row].isNaN ? nil : values[row] }
}
