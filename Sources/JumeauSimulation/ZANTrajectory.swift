/// What the ZAN law lets a territory consume of natural, agricultural and forest land
/// (ENAF), year by year from 2021 to 2050: the line the charts and the report's summary
/// hold the scenarios against.
///
/// The same accounting as the model's cap (docs/model.md, "Land and the ZAN budget"):
/// - first period, 2021 to the milestone (P = milestone − 2021 years): each commune's
///   budget `B = max(1 ha, naf_2011_2020_ha × (1 − cut) × P / 10)`, spent at an even pace
///   `B / P` a year (loi Climat et Résilience art. 194; 1 ha guarantee of the loi du
///   20 juillet 2023);
/// - from the milestone `m`: `B / P × (2050 − t) / (2050 − m)`, a straight line to net
///   zero in 2050 (art. 191).
/// The envelope 2021–2050 is their sum, `B × (1 + (2050 − m + 1) / (2 P))`: the
/// denominator of `zan_budget_used_pct`.
public struct ZANTrajectory: Sendable, Equatable {
    /// The law's cut for 2021–2031 against 2011–2021 (loi Climat et Résilience, art. 194).
    public static let lawCut = 0.5
    /// The law's first milestone (art. 194); the Senate's TRACE bill proposes 2034.
    public static let lawMilestone = 2031

    /// 2021 to 2050.
    public let years: [Int]
    /// ENAF the trajectory allows each year, ha/yr (summed over the communes).
    public let yearly: [Double]
    /// ENAF it allows from 2021 to the end of each year, ha.
    public let cumulative: [Double]
    /// The first period's budget, ha.
    public let firstPeriodBudget: Double
    /// The whole 2021–2050 envelope, ha.
    public var envelope: Double { cumulative.last ?? 0 }
    public let cut: Double
    public let milestone: Int

    /// - Parameters:
    ///   - reference: every commune's ENAF consumption over 2011–2020, ha (`naf_2011_2020_ha`).
    ///   - cut: the cut of the first period, 0–1 (the law: 0.5).
    ///   - milestone: the end of the first period (the law: 2031).
    public init(
        reference: [Double], cut: Double = ZANTrajectory.lawCut, milestone: Int = ZANTrajectory.lawMilestone,
        parameters: ModelParameters = ModelParameters()
    ) {
        let start = parameters.zanStartYear
        let end = max(parameters.zanStartYear, parameters.endYear)
        let milestone = min(end, max(start + 1, milestone))
        let period = Double(milestone - start)
        let cut = min(1, max(0, cut.isFinite ? cut : Self.lawCut))
        // Per commune, as the model counts it: the guarantee lifts the small ones.
        let budget = reference.reduce(0) { sum, naf in
            sum + max(parameters.communeGuaranteeHa, (naf.isFinite ? max(0, naf) : 0) * (1 - cut) * period / 10)
        }
        let pace = budget / period
        let afterMilestone = Double(end - milestone)
        years = Array(start...end)
        yearly = years.map { year in
            year < milestone ? pace : (afterMilestone > 0 ? pace * Double(end - year) / afterMilestone : 0)
        }
        var total = 0.0
        cumulative = yearly.map {
            total += $0
            return total
        }
        firstPeriodBudget = budget
        self.cut = cut
        self.milestone = milestone
    }

    /// The yearly allowance in a year, nil outside 2021–2050.
    public func yearly(in year: Int) -> Double? {
        let i = year - (years.first ?? 0)
        return i >= 0 && i < yearly.count ? yearly[i] : nil
    }

    /// The allowance from 2021 to the end of a year, nil outside 2021–2050.
    public func cumulative(through year: Int) -> Double? {
        let i = year - (years.first ?? 0)
        return i >= 0 && i < cumulative.count ? cumulative[i] : nil
    }

    /// The share of the envelope the trajectory has used by the end of a year, %.
    public func envelopeShare(through year: Int) -> Double? {
        guard envelope > 0 else { return nil }
        return cumulative(through: year).map { $0 / envelope * 100 }
    }
}

extension Simulator {
    /// The law's trajectory for this twin (or another cut and milestone).
    public func zanTrajectory(
        cut: Double = ZANTrajectory.lawCut, milestone: Int = ZANTrajectory.lawMilestone
    ) -> ZANTrajectory {
        ZANTrajectory(reference: base.naf2011To2020, cut: cut, milestone: milestone, parameters: parameters)
    }
}
