/// Numbers as people type them and as data files publish them: an optional sign, digits
/// with an optional fraction (either side of the point may be empty: ".5", "5."), and an
/// optional exponent ("50", "-0.4", "1.5e3"). Swift's
/// `Double(_:)` also reads "0x10", "0x1p5", "nan", "inf" and "infinity", which are
/// never what a user meant by a lever value or a population.
public enum PlainNumber {
    /// The value of `text` (no surrounding spaces), nil when it is not a plain decimal
    /// number or when it is not finite once read ("1e400").
    public static func parse(_ text: some StringProtocol) -> Double? {
        var scalars = text.unicodeScalars.makeIterator()
        var current = scalars.next()
        func digits() -> Int {
            var count = 0
            while let c = current, ("0"..."9").contains(c) { count += 1; current = scalars.next() }
            return count
        }
        if current == "+" || current == "-" { current = scalars.next() }
        var count = digits()
        if current == "." {
            current = scalars.next()
            count += digits()
        }
        guard count > 0 else { return nil }
        if current == "e" || current == "E" {
            current = scalars.next()
            if current == "+" || current == "-" { current = scalars.next() }
            guard digits() > 0 else { return nil }
        }
        guard current == nil, let value = Double(String(text)), value.isFinite else { return nil }
        return value
    }
}

extension Int {
    /// The nearest integer, saturating at the type's bounds and 0 for NaN: for a
    /// position or a count computed from data, where a trap would end the program.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value >= 9.2e18 {
            self = .max
        } else if value <= -9.2e18 {
            self = .min
        } else {
            self = Int(value)
        }
    }
}
