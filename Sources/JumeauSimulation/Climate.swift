/// The climate a run meets, year by year: mainland France's warming and what follows from it
/// for water, forests and heat (docs/model.md, "Climate"). Pure functions of the parameters.
public enum Climate {
    /// France's reference warming trajectory (TRACC) in a year, °C over pre-industrial: straight
    /// lines between its points, the first segment's pace carried back before 2030.
    public static func tracc(_ year: Int, _ parameters: ModelParameters = ModelParameters()) -> Double {
        let points = parameters.traccPoints.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        guard let first = points.first else { return 0 }
        guard points.count > 1 else { return first.1 }
        let t = Double(year)
        for index in 1..<points.count where t <= points[index].0 || index == points.count - 1 {
            let (x0, y0) = points[index - 1], (x1, y1) = points[index]
            return x1 > x0 ? y0 + (y1 - y0) * (t - x0) / (x1 - x0) : y1
        }
        return first.1
    }

    /// Warming in `year` when the `warming` lever asks for `by2050` °C in 2050: TRACC's shape,
    /// moved from the reference year (the climate already observed) to reach `by2050` in 2050.
    public static func warming(
        _ year: Int, by2050: Double, referenceYear: Int, _ parameters: ModelParameters = ModelParameters()
    ) -> Double {
        let end = parameters.endYear
        let span = Double(end - referenceYear)
        let progress = end > referenceYear ? min(1, max(0, Double(year - referenceYear) / span)) : 1
        return tracc(year, parameters) + (by2050 - tracc(end, parameters)) * progress
    }

    /// The renewable water resource left, as a share of the reference year's, at `warming`.
    public static func resourceFactor(warming: Double, atReference: Double, _ parameters: ModelParameters) -> Double {
        max(0, 1 - parameters.waterResourceLossPerDegree * max(0, warming - atReference))
    }

    /// Share of the drought-sensitive stands at high dieback risk at `warming`.
    public static func diebackRisk(warming: Double, _ parameters: ModelParameters) -> Double {
        let span = parameters.diebackFullWarming - parameters.diebackOnsetWarming
        guard span > 0 else { return warming >= parameters.diebackFullWarming ? 1 : 0 }
        return min(1, max(0, (warming - parameters.diebackOnsetWarming) / span))
    }

    /// Heatwave days a year at `warming`.
    public static func heatwaveDays(warming: Double, _ parameters: ModelParameters) -> Double {
        max(0, parameters.heatwaveDaysAt1_7C + parameters.heatwaveDaysPerDegree * (warming - 1.7))
    }

    /// The warming that gives `days` heatwave days: a territory's population-weighted mean warming
    /// from its heatwave days (the relation is linear wherever there are any), when territories
    /// set warmings of their own.
    public static func warming(heatwaveDays days: Double, _ parameters: ModelParameters) -> Double {
        guard parameters.heatwaveDaysPerDegree > 0 else { return .nan }
        return 1.7 + (days - parameters.heatwaveDaysAt1_7C) / parameters.heatwaveDaysPerDegree
    }

    /// The heat island as felt over the summer, as a multiple of its yearly mean: each heatwave day
    /// of the summer's 92 weighs `1 + heatwaveHeatIslandBoost` times a common day.
    public static func heatIslandFelt(heatwaveDays: Double, _ parameters: ModelParameters) -> Double {
        1 + parameters.heatwaveHeatIslandBoost * min(92, max(0, heatwaveDays)) / 92
    }

    /// The share of a cut in water use reached in `year`: a straight ramp from the reference year to
    /// the full cut in 2030 (the Plan eau's horizon), held after.
    public static func waterCutProgress(_ year: Int, referenceYear: Int) -> Double {
        let horizon = 2030
        guard year > referenceYear else { return 0 }
        return horizon > referenceYear ? min(1, Double(year - referenceYear) / Double(horizon - referenceYear)) : 1
    }
}
