/// Class breaks for a choropleth.
public struct Classification: Equatable, Sendable {
    public enum Method: String, CaseIterable, Sendable { case quantiles, equalIntervals = "equal" }

    public var method: Method
    /// Upper bounds of the classes but the last (count − 1 breaks); values ≤ breaks[i]
    /// belong to class i.
    public var breaks: [Double]
    public var minimum: Double
    public var maximum: Double
    public var classCount: Int { breaks.count + 1 }

    /// Breaks for the finite values given; NaN values are "no data".
    public init(values: [Double], classes: Int, method: Method = .quantiles) {
        let finite = values.filter { $0.isFinite }.sorted()
        self.method = method
        minimum = finite.first ?? 0
        maximum = finite.last ?? 0
        let k = max(1, classes)
        var breaks: [Double] = []
        if finite.count > 1 && maximum > minimum {
            switch method {
            case .quantiles:
                for i in 1..<k {
                    let position = Double(i) / Double(k) * Double(finite.count - 1)
                    breaks.append(finite[Int(position.rounded())])
                }
            case .equalIntervals:
                for i in 1..<k { breaks.append(minimum + (maximum - minimum) * Double(i) / Double(k)) }
            }
        }
        // Equal breaks would make empty classes: keep distinct ones only.
        var distinct: [Double] = []
        for b in breaks where distinct.last != b && b < maximum { distinct.append(b) }
        self.breaks = distinct
    }

    /// The class of a value (0-based), nil for no data.
    public func classOf(_ value: Double) -> Int? {
        guard value.isFinite else { return nil }
        var low = 0, high = breaks.count
        while low < high {
            let mid = (low + high) / 2
            if value <= breaks[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// Lower and upper bound of class i.
    public func bounds(_ i: Int) -> (Double, Double) {
        (i == 0 ? minimum : breaks[i - 1], i < breaks.count ? breaks[i] : maximum)
    }
}
