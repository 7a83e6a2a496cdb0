import JumeauModel
/// Class breaks for a choropleth.
public struct Classification: Equatable, Sendable {
    public enum Method: String, CaseIterable, Sendable { case quantiles, equalIntervals = "equal", manual }

    public var method: Method
    /// Upper bounds of the classes but the last (count − 1 breaks); values ≤ breaks[i]
    /// belong to class i.
    public var breaks: [Double]
    public var minimum: Double
    public var maximum: Double
    /// The first class has no lower bound and the last no upper one: breaks that stay put
    /// while the data move (typed by the user, or taken from another run).
    public var openEnded = false
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
            case .manual:
                break
            }
        }
        // Equal breaks would make empty classes: keep distinct ones only.
        var distinct: [Double] = []
        for b in breaks where distinct.last != b && b < maximum { distinct.append(b) }
        self.breaks = distinct
    }

    /// Classes at breaks chosen by the user (sorted, duplicates dropped); the first
    /// class starts at the data's minimum, the last ends at its maximum.
    public init(values: [Double], manualBreaks: [Double]) {
        let finite = values.filter { $0.isFinite }
        method = .manual
        minimum = finite.min() ?? 0
        maximum = finite.max() ?? 0
        var distinct: [Double] = []
        for b in manualBreaks.filter({ $0.isFinite }).sorted() where distinct.last != b { distinct.append(b) }
        breaks = distinct
        minimum = min(minimum, distinct.first ?? minimum)
        maximum = max(maximum, distinct.last ?? maximum)
        openEnded = true
    }

    /// Breaks typed by a person: numbers separated by commas, semicolons or spaces
    /// (a decimal comma is not accepted here: "1,5" is two breaks). Nil when any
    /// part is not a number.
    public static func parseBreaks(_ text: String) -> [Double]? {
        let parts = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " })
        guard !parts.isEmpty else { return nil }
        var numbers: [Double] = []
        for part in parts {
            guard let number = PlainNumber.parse(part.replacingOccurrences(of: "_", with: "")) else { return nil }
            numbers.append(number)
        }
        return numbers
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

/// How the explorer and `jumeau render` choose class breaks.
public enum ClassBreaks: Equatable, Sendable {
    case quantiles, equalIntervals
    case manual([Double])

    public func classify(_ values: [Double], classes: Int) -> Classification {
        switch self {
        case .quantiles: return Classification(values: values, classes: classes, method: .quantiles)
        case .equalIntervals: return Classification(values: values, classes: classes, method: .equalIntervals)
        case .manual(let breaks): return Classification(values: values, manualBreaks: breaks)
        }
    }

    /// "quantiles", "equal", or break values ("1000,5000,20000"); nil otherwise.
    public init?(parsing text: String) {
        switch text.lowercased() {
        case "quantiles", "quantile": self = .quantiles
        case "equal", "equal-intervals": self = .equalIntervals
        default:
            guard let numbers = Classification.parseBreaks(text), (1...9).contains(numbers.count) else { return nil }
            self = .manual(numbers)
        }
    }
}
