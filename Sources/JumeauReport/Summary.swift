import JumeauModel
import JumeauSimulation

/// The report's opening summary: for each scenario, three to six plain sentences computed
/// from its results, so a participant who reads nothing else knows what the levers did.
extension ReportContent {
    /// The sentences about one scenario, in the reader's language: the ZAN envelope (until
    /// when it holds), the land consumed against the law's trajectory (when it is known),
    /// the housing need in the last year, energy self-sufficiency (when there is demand),
    /// the dwellings the sea reaches (on a coast), the climate met (forest at risk, water used).
    func summary(_ s: Scenario, _ t: Localizer) -> [String] {
        let r = s.result
        let years = r.years
        guard let last = years.last else { return [] }
        var sentences: [String] = []
        let who = s.settings.isBaseline ? t("report.summary.trends") : t("report.summary.levers", ["scenario": s.name])

        // The envelope: the last year the cumulative consumption stays within it.
        let used = Array(r.territory(.zanBudgetUsed))
        if let share = used.last, share.isFinite {
            var values = ["who": who, "last": String(last), "share": t.percent(share)]
            // Exceeded once the share reads above 100 % (100.4 % is written "100 %": not a breach to report).
            if let over = used.firstIndex(where: { $0 >= 100.5 }) {
                values["year"] = String(years[max(0, over - 1)])
                sentences.append(t(over == 0 ? "report.summary.zan_over" : "report.summary.zan_until", values))
            } else {
                sentences.append(t("report.summary.zan_within", values))
            }
        }

        // Land consumed since 2021 against what the law's trajectory allows by the same year.
        if let law = lawTrajectory, let allowed = law.cumulative(through: last),
            let consumed = r.territory(.nafConsumedSince2021, year: last), consumed.isFinite
        {
            let difference = consumed - allowed
            let values = ["difference": hectares(abs(difference), t), "allowed": hectares(allowed, t)]
            let key =
                abs(difference) <= max(0.5, allowed * 0.02)
                ? "report.summary.law_equal"
                : difference > 0 ? "report.summary.law_more" : "report.summary.law_less"
            sentences.append(
                t(
                    "report.summary.law",
                    [
                        "last": String(last), "consumed": hectares(consumed, t),
                        "comparison": t(key, values),
                    ]))
        }

        // Housing: the need left unmet in the last year, carried from year to year.
        if let unmet = r.territory(.unmetHousingNeed, year: last), unmet.isFinite {
            let count = Self.rounded(unmet)
            sentences.append(
                count < 1
                    ? t("report.summary.housing_met", ["last": String(last)])
                    : t(
                        count == 1 ? "report.summary.housing_unmet_one" : "report.summary.housing_unmet",
                        ["last": String(last), "count": t.number(count, decimals: 0)]))
        }

        // Energy: only where there is electricity demand to cover.
        if let use = r.territory(.energyConsumption, year: last), use > 0,
            let share = r.territory(.energySelfSufficiency, year: last), share.isFinite
        {
            let values = ["last": String(last), "share": t.percent(share)]
            // Against Baseline only for a scenario with levers, and only when Baseline has a value.
            if !s.settings.isBaseline, let base = baseline.territory(.energySelfSufficiency, year: last), base.isFinite
            {
                sentences.append(
                    t("report.summary.energy", values.merging(["baseline": t.percent(base)]) { a, _ in a }))
            } else {
                sentences.append(t("report.summary.energy_baseline", values))
            }
        }

        // The coast: only where the sea reaches dwellings.
        // Rounded first, so that the two parts add up to the total the sentence gives.
        let lost = (r.territory(.coastalDwellingsLost, year: last) ?? 0).rounded()
        let relocated = (r.territory(.coastalRelocations, year: last) ?? 0).rounded()
        if lost.isFinite, relocated.isFinite, lost + relocated >= 1 {
            func whole(_ value: Double) -> String { t.number(value, decimals: 0) }
            let values = [
                "last": String(last), "count": whole(lost + relocated), "lost": whole(lost),
                "relocated": whole(relocated),
            ]
            sentences.append(t(relocated >= 1 ? "report.summary.coast_relocated" : "report.summary.coast_lost", values))
        }
        // Climate: the warming met, the forest at risk and the water used, where there are any.
        if let risk = r.territory(.forestAtRisk, year: last), let stress = r.territory(.waterStress, year: last),
            risk.isFinite, stress.isFinite, risk >= 1 || stress > 0
        {
            let setting = s.settings.schedule(LeverID.warming, catalog: catalog).value(in: last)
            var warming = Climate.warming(last, by2050: setting, referenceYear: referenceYear)
            // Territories with a warming of their own: the mean their inhabitants meet.
            if s.settings.territories.values.contains(where: { $0[LeverID.warming] != nil }),
                let days = r.territory(.heatwaveDays, year: last), days > 0
            {
                warming = Climate.warming(heatwaveDays: days, ModelParameters())
            }
            // No forest at risk (a city without forest, or every stand converted): the water alone.
            sentences.append(
                t(
                    Self.rounded(risk) >= 1 ? "report.summary.climate" : "report.summary.climate_water",
                    [
                        "last": String(last), "warming": t.number(warming, decimals: 1),
                        "risk": t.number(Self.rounded(risk), decimals: 0), "stress": t.percent(stress),
                    ]))
        }
        return sentences
    }

    /// Hectares for a sentence: whole from 10 ha, one decimal below.
    private func hectares(_ value: Double, _ t: Localizer) -> String {
        t.number(value, decimals: abs(value) >= 10 ? 0 : 1)
    }

    /// A count for plain language: whole below 1,000, two significant digits from there
    /// (4,321 → 4,300): the model is not precise to the dwelling.
    static func rounded(_ value: Double) -> Double {
        guard value.isFinite, abs(value) >= 1_000 else { return value.rounded() }
        var scale = 1.0
        while abs(value) / scale >= 100 { scale *= 10 }
        return (value / scale).rounded() * scale
    }
}
