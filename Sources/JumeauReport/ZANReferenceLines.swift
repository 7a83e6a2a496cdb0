import JumeauModel
import JumeauRender
import JumeauSimulation

/// The lines a ZAN chart is read against: the 2021–2050 envelope and the law's trajectory.
/// One place for the report's SVG charts and the explorer's timeline, so both draw the same.
public enum ZANReferenceLines {
    /// The reference lines of an indicator's chart over `years` (none for indicators the
    /// ZAN law says nothing about).
    /// - `zan_budget_used_pct`: the envelope at 100 % and the share of it the law's
    ///   trajectory has used each year;
    /// - `naf_consumption_ha`: what the law's trajectory allows each year;
    /// - `naf_consumed_since_2021_ha`: the envelope in hectares and the trajectory's
    ///   cumulative allowance.
    public static func lines(for indicator: Indicator, years: [Int], trajectory: ZANTrajectory?,
                             t: Localizer) -> [LineChart.ReferenceLine] {
        func envelope(_ value: Double) -> LineChart.ReferenceLine {
            LineChart.ReferenceLine(label: t("chart.zan_envelope"), values: .level(value), role: .bad, stroke: .solid,
                                    glyph: "=")
        }
        func law(_ value: (Int) -> Double?) -> LineChart.ReferenceLine {
            LineChart.ReferenceLine(label: t("chart.law_trajectory"), values: .series(years.map { value($0) ?? .nan }),
                                    role: .warning, stroke: .dashed, glyph: "~")
        }
        switch indicator {
        case .zanBudgetUsed:
            // The envelope is 100 % whatever it holds: it needs no trajectory.
            return [envelope(100)] + (trajectory.map { tr in [law { tr.envelopeShare(through: $0) }] } ?? [])
        case .nafConsumption:
            return trajectory.map { tr in [law { tr.yearly(in: $0) }] } ?? []
        case .nafConsumedSince2021:
            return trajectory.map { tr in [envelope(tr.envelope), law { tr.cumulative(through: $0) }] } ?? []
        default:
            return []
        }
    }
}

extension ReportContent {
    /// What the charts' reference lines are, under the charts that have some.
    func chartNote(_ t: Localizer) -> String? {
        let years = baseline.years
        guard chartIndicators.contains(where: {
            !ZANReferenceLines.lines(for: $0, years: years, trajectory: lawTrajectory, t: t).isEmpty
        }) else { return nil }
        guard let law = lawTrajectory else { return t("report.chart_envelope_note") }
        return [t("report.chart_envelope_note"),
                t("report.chart_law_note", ["cut": t.percent(law.cut * 100), "end": String(law.milestone - 1)]),
                t("report.chart_law_source")].joined(separator: " ")
    }
}
