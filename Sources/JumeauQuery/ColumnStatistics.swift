/// The summary of a numeric column, missing values (NaN) left out.
public struct ColumnStatistics: Equatable, Sendable {
    public var count: Int
    public var missing: Int
    public var sum: Double
    public var mean: Double
    public var median: Double
    public var minimum: Double
    public var maximum: Double

    public init?(_ values: [Double]) {
        let finite = values.filter(\.isFinite).sorted()
        guard !finite.isEmpty else { return nil }
        count = finite.count
        missing = values.count - finite.count
        // Kahan-free but ordered: sums small to large for less rounding.
        sum = finite.reduce(0, +)
        mean = sum / Double(count)
        let middle = count / 2
        median = count % 2 == 1 ? finite[middle] : (finite[middle - 1] + finite[middle]) / 2
        minimum = finite[0]
        maximum = finite[count - 1]
    }
}

/// How a column's values spread: bins of equal width for numbers, counts per value for text.
public struct Frequency: Equatable, Sendable {
    public struct Bin: Equatable, Sendable {
        public var label: String
        public var low: Double?
        public var high: Double?
        public var count: Int
    }
    public var bins: [Bin]
    public var total: Int { bins.reduce(0) { $0 + $1.count } }

    /// Equal-width bins between the minimum and the maximum (the last one closed).
    public static func histogram(_ values: [Double], bins wanted: Int, label: (Double, Double) -> String) -> Frequency {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return Frequency(bins: []) }
        guard high > low else { return Frequency(bins: [Bin(label: label(low, high), low: low, high: high, count: finite.count)]) }
        let n = max(1, wanted)
        let width = (high - low) / Double(n)
        var counts = Array(repeating: 0, count: n)
        for v in finite { counts[min(n - 1, max(0, Int(saturating: (v - low) / width)))] += 1 }
        return Frequency(bins: (0..<n).map { i in
            let a = low + Double(i) * width, b = i == n - 1 ? high : low + Double(i + 1) * width
            return Bin(label: label(a, b), low: a, high: b, count: counts[i])
        })
    }

    /// Distinct values, most frequent first (then alphabetical).
    public static func counts(_ values: [String]) -> Frequency {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return Frequency(bins: counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { Bin(label: $0.key, low: nil, high: nil, count: $0.value) })
    }
}
