import Foundation
import JumeauModel

/// Each commune's observed population trend, from two vintages of legal populations
/// (`population_<year>` attributes): the Baseline's growth (docs/model.md, "Population").
///
/// A small commune's census figures are noisy (INSEE counts communes under 10,000
/// inhabitants once every five years, and a few households moving in changes a village's
/// rate by a percent), so its own rate is damped toward its EPCI's, or else its
/// département's: `g = w × g_commune + (1 − w) × g_parent` with `w = P / (P + 2,000)`,
/// `P` its latest population. A commune without both vintages takes its parent's rate,
/// marked estimated.
enum PopulationTrend {
    static let id = "population_trend_pct_yr"
    /// Population at which a commune's own rate and its parent's weigh the same.
    static let halfWeightPopulation = 2_000.0
    /// The fastest trend kept, %/yr either way: France's fastest-growing départements grow
    /// about 1.5 %/yr; a commune beyond 4 %/yr over six years has usually changed boundaries.
    static let limit = 4.0

    struct Result {
        var values: [Double?]
        var estimated: [Bool]
        var from: Int
        var to: Int
        var provenance: ColumnProvenance
        /// Communes whose rate was beyond ±`limit` %/yr.
        var capped: Int
    }

    /// The vintage of a `population_<year>` attribute.
    static func vintage(of id: String) -> Int? {
        guard id.hasPrefix("population_"), id.count == 15, let year = Int(id.suffix(4)), (1800...2200).contains(year)
        else { return nil }
        return year
    }

    static func compute(
        vintages: [Int], population: (String, Int) -> Double?, departments: [String], epcis: [String]
    ) -> Result? {
        guard let from = vintages.first, let to = vintages.last, to > from else { return nil }
        let span = Double(to - from)
        let count = epcis.count
        func rate(_ earlier: Double, _ later: Double) -> Double { pow(later / earlier, 1 / span) - 1 }
        var pairs: [(earlier: Double, later: Double)?] = []
        for row in 0..<count {
            if let earlier = population("population_\(from)", row), let later = population("population_\(to)", row),
                earlier > 0, later > 0
            {
                pairs.append((earlier, later))
            } else {
                pairs.append(nil)
            }
        }
        // Sums per EPCI and per département, over communes with both vintages.
        func sums(_ keys: [String]) -> [String: (earlier: Double, later: Double, count: Int)] {
            var result: [String: (earlier: Double, later: Double, count: Int)] = [:]
            for (row, key) in keys.enumerated() where !key.isEmpty {
                guard let pair = pairs[row] else { continue }
                let sum = result[key] ?? (0, 0, 0)
                result[key] = (sum.earlier + pair.earlier, sum.later + pair.later, sum.count + 1)
            }
            return result
        }
        let byEPCI = sums(epcis)
        let byDepartment = sums(departments)
        let known = pairs.compactMap { $0 }
        let whole = (
            earlier: known.reduce(0) { $0 + $1.earlier }, later: known.reduce(0) { $0 + $1.later }, count: known.count
        )
        func parent(_ row: Int) -> Double? {
            for sum in [byEPCI[epcis[row]], byDepartment[departments[row]], whole] {
                if let sum, sum.count >= 2, sum.earlier > 0 { return rate(sum.earlier, sum.later) }
            }
            return nil
        }
        var values: [Double?] = []
        var estimated: [Bool] = []
        var capped = 0
        for row in 0..<count {
            let shared = parent(row)
            if let pair = pairs[row] {
                let own = rate(pair.earlier, pair.later)
                let weight = pair.later / (pair.later + halfWeightPopulation)
                let trend = 100 * (shared.map { weight * own + (1 - weight) * $0 } ?? own)
                // Faster than any territory grows for decades: a boundary change between the
                // vintages (a merger) rather than a trend; kept within the limit, marked estimated.
                let bounded = min(limit, max(-limit, trend))
                if bounded != trend { capped += 1 }
                values.append(bounded)
                estimated.append(bounded != trend)
            } else {
                values.append(shared.map { 100 * $0 })
                estimated.append(shared != nil)
            }
        }
        let method =
            "annual rate between the legal populations \(from) and \(to), (P\(to) / P\(from))^(1/\(to - from)) − 1, "
            + "damped toward the EPCI's rate (else the département's) with the weight P / (P + 2,000); "
            + "communes without both vintages take that rate, and rates beyond ±4 %/yr (boundary changes "
            + "between the vintages) are held at 4 (both estimated)"
        let provenance = ColumnProvenance(
            labelFR: "Tendance démographique \(from)–\(to)", labelEN: "Population trend \(from)–\(to)",
            unit: "%/yr",
            source: "INSEE, populations légales \(from) and \(to)", licence: "Licence Ouverte 2.0", year: to,
            status: .observed, method: method)
        return Result(
            values: values, estimated: estimated, from: from, to: to, provenance: provenance, capped: capped)
    }
}
