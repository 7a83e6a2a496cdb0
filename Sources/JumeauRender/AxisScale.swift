import Foundation
import JumeauModel

/// A chart's value axis at round numbers: ticks every 1, 2 or 5 × 10ⁿ, the axis running
/// from one tick to another around the data. "0 / 50 / 100" reads at a glance where
/// "45.9 / 61.2 / 78.1" has to be deciphered. Used by the terminal's line chart and the
/// report's SVG charts, so both show the same axis.
public struct AxisScale: Equatable, Sendable {
    /// The axis runs from `low` to `high`, both ticks.
    public let low: Double
    public let high: Double
    public let step: Double
    /// Every tick from `low` to `high`, `step` apart.
    public let ticks: [Double]
    /// Decimals that show the step (0.5 → 1, 20 → 0).
    public let decimals: Int

    /// - Parameters:
    ///   - values: the data and anything else the axis must show (reference lines); non-finite values are ignored.
    ///   - maxTicks: at most this many ticks (at least 2).
    public init(covering values: [Double], maxTicks: Int = 5) {
        let finite = values.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        let nonNegative = finite.allSatisfy { $0 >= 0 }, nonPositive = finite.allSatisfy { $0 <= 0 }
        // A flat series still gets an axis: ±10 % around it (±1 around zero).
        if high - low <= max(abs(low), abs(high)) * 1e-12 {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad; high += pad
        }
        // Quantities that cannot go negative keep the axis at zero or above.
        if nonNegative { low = max(0, low) } else if nonPositive { high = min(0, high) }
        // Zero on the axis when the data comes closer to it than its own spread: the eye then
        // reads proportions right (20 % against 40 %) instead of the gap alone.
        let spread = high - low
        if low > 0 && low < spread { low = 0 }
        if high < 0 && -high < spread { high = 0 }

        let count = max(2, maxTicks)
        let span = high - low
        guard span.isFinite, span > 0 else {
            self.low = low; self.high = high; step = 0; ticks = [low, high]; decimals = 0
            return
        }
        // The smallest 1-2-5 step that needs no more than `count` ticks.
        let exponent = (log10(span / Double(count - 1))).rounded(.down)
        var chosen = (first: low, last: high, step: span, exponent: exponent)
        for (factor, shift) in [(1.0, 0.0), (2, 0), (5, 0), (1, 1), (2, 1), (5, 1)] {
            let e = exponent + shift
            let step = factor * pow(10, e)
            // A hair of tolerance: 4.9999999 steps is 5 steps.
            let first = (low / step + 1e-9).rounded(.down), last = (high / step - 1e-9).rounded(.up)
            chosen = (first, last, step, e)
            if last - first + 1 <= Double(count) { break }
        }
        let factor = chosen.step / pow(10, chosen.exponent)
        // k × factor / 10ⁿ rather than k × step: 3 × 0.1 is 0.30000000000000004, 3 / 10 is 0.3.
        func tick(_ k: Double) -> Double {
            let value = chosen.exponent < 0 ? k * factor / pow(10, -chosen.exponent) : k * chosen.step
            return value == 0 ? 0 : value
        }
        let steps = Int(min(Double(count + 1), max(1, chosen.last - chosen.first)))
        ticks = (0...steps).map { tick(chosen.first + Double($0)) }
        self.low = ticks[0]
        self.high = ticks[ticks.count - 1]
        step = chosen.step
        decimals = Self.decimals(of: chosen.step)
    }

    /// Decimals that show a 1-2-5 step: 0.5 → 1, 0.05 → 2, 20 → 0.
    static func decimals(of step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        return max(0, -Int((log10(step) + 1e-9).rounded(.down)))
    }

    /// A tick's label in a language: grouped digits (1,000 / 1 000), the step's decimals
    /// (0.5 / 0,5), millions as "1.5M" / "1,5 M" so labels stay within seven columns.
    public func label(_ value: Double, _ t: Localizer) -> String {
        // Zero is zero in every unit: "0", not "0.0" or "0M".
        if value == 0 { return "0" }
        if max(abs(low), abs(high)) >= 1_000_000 {
            return t.number(value / 1_000_000, decimals: Self.decimals(of: step / 1_000_000))
                + (t.language == .fr ? "\u{00A0}M" : "M")
        }
        return t.number(value, decimals: decimals)
    }
}
