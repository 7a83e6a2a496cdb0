import Foundation
import JumeauModel

/// The embedded simulation: pure, deterministic, no I/O. Build one per twin (it
/// calibrates the trend on the base state once), then `run` any lever setting.
public struct Simulator: Sendable {
    public let base: BaseState
    public let parameters: ModelParameters
    public let catalog: LeverCatalog
    /// The territory's trend density: the `density` lever's Baseline.
    public let territoryTrendDensity: Double
    /// Every zone's starting state and constants, [column][zone], prepared once so a run
    /// starts each tile of zones with a few block copies.
    let zoneTable: [Double]
    /// Each zone's région, département and EPCI as numbers, for grouping zones by the
    /// territories that set levers without hashing 35,000 codes at every run.
    let territories: TerritoryNumbers
    /// Each zone's share of the trend density's calibration (outward dwellings, housing
    /// land), so that a territory's own trend is the one its twin alone would have.
    let trendOutward: [Double]
    /// Each zone's Baseline population growth, a fraction a year.
    let zoneGrowth: [Double]
    /// Each zone's renewables at the recent installation pace.
    let renewableTrends: [RenewableTrend]
    let trendLand: [Double]

    /// The columns of `zoneTable`, in the order of the run's tile columns that they fill.
    enum ZoneColumn: Int, CaseIterable {
        case pop, households, dwellings, art, agri, nat, forest, water, consumed, cumSince2021
        case roof, groundEnaf, wind
        case baseArt, baseSize, inverseBaseSize, heatPerHectare, coastline, erosion, naf10
        // Each technology's 2050 target is `start + below × rise + above × rest` (see `RenewableTrend`).
        case roofStart, roofRise, roofRest, artStart, artRise, artRest, enafStart, enafRise, enafRest
        case windStart, windRise, windRest, pvYield, inverseDensity
        case secondShare, vacancyShare, jobsPerCapita, activity, infra, growth
        // Climate: the renewable water resource at the reference year's climate (hm³/yr).
        case waterResource
    }

    public init(base: BaseState, parameters: ModelParameters = ModelParameters()) {
        self.base = base
        self.parameters = parameters
        let n = base.count
        // Calibration: in the first simulated year at Baseline, each zone's new housing
        // on consumed land takes exactly its observed 2011–2020 housing consumption.
        let baselineLevers = LeverCatalog(densityTrend: 15, vacancyTrend: 8)
        // Each zone's own population trend where the twin knows it, else the national projection.
        let nationalGrowth = baselineLevers.lever(LeverID.populationGrowth)!.baseline / 100
        let zoneGrowth = base.populationTrend.map { $0.isFinite ? $0 / 100 : nationalGrowth }
        self.zoneGrowth = zoneGrowth
        let sizeFactor = 1 + baselineLevers.lever(LeverID.householdSizeTrend)!.baseline / 100
        let infill = baselineLevers.lever(LeverID.infillShare)!.baseline / 100
        var outwardDwellings = [Double](repeating: 0, count: n)
        var housingLand = [Double](repeating: 0, count: n)
        for z in 0..<n {
            let dwellings = max(base.dwellings[z], 1e-9)
            let size = max(parameters.minimumHouseholdSize, Self.householdSize(base, z) * sizeFactor)
            let households = base.population[z] * (1 + zoneGrowth[z]) / size
            let keep = Self.nonMainShare(base, z, vacancyScale: 1)
            let target = households / (1 - keep)
            outwardDwellings[z] = max(0, target - dwellings) * (1 - infill)
            housingLand[z] = base.naf2011To2020[z] / 10 * base.housingShare[z]
        }
        let totalExtension = outwardDwellings.reduce(0, +), totalLand = housingLand.reduce(0, +)
        let trend = totalExtension > 0 && totalLand > 0 ? totalExtension / totalLand : 15
        let renewableTrends = (0..<n).map { RenewableTrend(base, $0, parameters: parameters) }
        self.renewableTrends = renewableTrends
        let catalog = LeverCatalog(
            densityTrend: trend, vacancyTrend: Self.vacancyPercent(base),
            growthTrend: Self.growthPercent(base, zoneGrowth, in: 0..<n),
            renewablesTrend: RenewableTrend.sharePercent(renewableTrends, in: 0..<n))
        let leverTrend = catalog.lever(LeverID.density)!.baseline
        territoryTrendDensity = leverTrend
        territories = TerritoryNumbers(base)
        trendOutward = outwardDwellings
        trendLand = housingLand
        // Each zone's trend density of new housing on consumed land, dwellings/ha.
        let trendDensity = (0..<n).map { z in
            outwardDwellings[z] > 0 && housingLand[z] > 0 ? min(500, max(1, outwardDwellings[z] / housingLand[z])) : leverTrend
        }
        self.catalog = catalog
        // The observed pace already holds ground-mounted PV (Cerema's files count solar
        // parks among activities): the activity trend is net of what Baseline builds.
        let yearsToTarget = Double(max(1, parameters.endYear - base.referenceYear))
        var activity = [Double](repeating: 0, count: n), infrastructure = [Double](repeating: 0, count: n)
        for z in 0..<n {
            let nonHousing = base.naf2011To2020[z] / 10 * (1 - base.housingShare[z])
            let enaf = renewableTrends[z].groundEnaf
            let baselinePVLand = enaf.rise / yearsToTarget * parameters.groundPVHectaresPerMWp
            let grossActivity = nonHousing * parameters.activityShareOfNonHousing
            activity[z] = max(0, grossActivity - baselinePVLand)
            infrastructure[z] = max(0, nonHousing * (1 - parameters.activityShareOfNonHousing)
                                        - max(0, baselinePVLand - grossActivity))
        }

        let ref = base.referenceYear
        var table = [Double](repeating: 0, count: ZoneColumn.allCases.count * n)
        for z in 0..<n {
            func set(_ column: ZoneColumn, _ value: Double) { table[column.rawValue * n + z] = value }
            set(.pop, base.population[z]); set(.households, base.households[z]); set(.dwellings, base.dwellings[z])
            set(.art, base.artificialized[z]); set(.agri, base.agricultural[z]); set(.nat, base.natural[z])
            set(.forest, base.forest[z]); set(.water, base.water[z])
            set(.consumed, ref > parameters.zanStartYear
                ? base.nafSince2021[z] / Double(ref - parameters.zanStartYear) : base.naf2011To2020[z] / 10)
            set(.cumSince2021, base.nafSince2021[z])
            let pv = base.installedPV[z], roof = min(pv, base.rooftopPotential[z])
            set(.roof, roof); set(.groundEnaf, pv - roof); set(.wind, base.installedWind[z])
            set(.baseArt, base.artificialized[z])
            let size = Self.householdSize(base, z)
            set(.baseSize, size); set(.inverseBaseSize, 1 / size)
            set(.heatPerHectare, base.area[z] > 0
                ? parameters.heatIslandAtFullSealingC * parameters.sealedShareOfArtificialised / base.area[z] : 0)
            set(.coastline, base.coastline[z]); set(.erosion, base.erosion[z]); set(.naf10, base.naf2011To2020[z])
            let trend = renewableTrends[z]
            set(.roofStart, trend.roof.start); set(.roofRise, trend.roof.rise); set(.roofRest, trend.roof.rest)
            set(.artStart, trend.groundArt.start); set(.artRise, trend.groundArt.rise)
            set(.artRest, trend.groundArt.rest)
            set(.enafStart, trend.groundEnaf.start); set(.enafRise, trend.groundEnaf.rise)
            set(.enafRest, trend.groundEnaf.rest)
            set(.windStart, trend.wind.start); set(.windRise, trend.wind.rise); set(.windRest, trend.wind.rest)
            set(.pvYield, base.pvYield[z]); set(.inverseDensity, 1 / trendDensity[z])
            let stock = max(base.dwellings[z], 1e-9)
            set(.secondShare, base.secondHomes[z] / stock); set(.vacancyShare, base.vacantDwellings[z] / stock)
            set(.jobsPerCapita, base.population[z] > 0 ? base.jobs[z] / base.population[z] : 0)
            set(.activity, activity[z]); set(.infra, infrastructure[z]); set(.growth, zoneGrowth[z])
            set(.waterResource, base.area[z] * parameters.renewableWaterPerHectareM3 * 1e-6)
        }
        zoneTable = table
    }

    static func householdSize(_ base: BaseState, _ z: Int) -> Double {
        base.households[z] > 0 ? base.population[z] / base.households[z] : 2.16
    }

    /// Vacant and second homes as a share of the stock, with vacancy scaled by a lever.
    static func nonMainShare(_ base: BaseState, _ z: Int, vacancyScale: Double) -> Double {
        let dwellings = max(base.dwellings[z], 1e-9)
        return min(0.9, base.secondHomes[z] / dwellings + base.vacantDwellings[z] / dwellings * vacancyScale)
    }

    /// The population trend of some zones together, %/yr: their growth weighted by population.
    static func growthPercent(_ base: BaseState, _ growth: [Double], in zones: some Sequence<Int>) -> Double {
        var people = 0.0, gained = 0.0
        for z in zones {
            people += base.population[z]
            gained += base.population[z] * growth[z]
        }
        return people > 0 ? gained / people * 100 : 0.12
    }

    static func vacancyPercent(_ base: BaseState) -> Double {
        let dwellings = base.dwellings.reduce(0, +)
        return dwellings > 0 ? base.vacantDwellings.reduce(0, +) / dwellings * 100 : 8.2
    }

    /// Lever values for every simulated year, looked up once before the loop.
    struct YearLevers {
        var growth = 0.0, sizeTrend = 0.0, density = 0.0, infill = 0.0, vacancy = 0.0
        var zan = 0.0, milestone = 2031, artificialOnly = false, sobriety = 0.0
        var renaturation = 0.0, seaLevel = 0.0, managedRetreat = 0.0, pooled = false
        /// Climate: `warming` (°C in 2050), `water_sobriety` and `forest_adaptation` as fractions.
        var warming2050 = 2.7, waterCut = 0.0, adaptation = 0.0
        /// `renewables` as set, % (compared with its Baseline exactly, without a round trip through /100).
        var renewablesPercent = 0.0
    }

    /// Every lever's schedule, looked up once per run.
    struct LeverSchedules {
        var growth, sizeTrend, density, infill, vacancy, zan, milestone, renewables: LeverSchedule
        var artificialOnly, sobriety, renaturation, seaLevel, managedRetreat, pooling: LeverSchedule
        var warming, waterSobriety, forestAdaptation: LeverSchedule
        init(_ settings: LeverSettings, catalog: LeverCatalog) {
            func of(_ id: String) -> LeverSchedule { settings.schedule(id, catalog: catalog) }
            growth = of(LeverID.populationGrowth); sizeTrend = of(LeverID.householdSizeTrend)
            density = of(LeverID.density); infill = of(LeverID.infillShare); vacancy = of(LeverID.vacancyTarget)
            zan = of(LeverID.zan); milestone = of(LeverID.zanMilestone); renewables = of(LeverID.renewables)
            artificialOnly = of(LeverID.groundPVArtificialOnly); sobriety = of(LeverID.sobriety)
            renaturation = of(LeverID.renaturation); seaLevel = of(LeverID.seaLevelRise)
            managedRetreat = of(LeverID.managedRetreat)
            pooling = of(LeverID.zanPooling)
            warming = of(LeverID.warming); waterSobriety = of(LeverID.waterSobriety)
            forestAdaptation = of(LeverID.forestAdaptation)
        }
    }

    func yearLevers(_ s: LeverSchedules, year: Int) -> YearLevers {
        var l = YearLevers()
        l.growth = s.growth.value(in: year) / 100
        l.sizeTrend = s.sizeTrend.value(in: year) / 100
        l.density = s.density.value(in: year)
        l.infill = s.infill.value(in: year) / 100
        l.vacancy = s.vacancy.value(in: year)
        l.zan = s.zan.value(in: year) / 100
        l.milestone = Int(s.milestone.value(in: year))
        l.renewablesPercent = s.renewables.value(in: year)
        l.artificialOnly = s.artificialOnly.value(in: year) >= 0.5
        l.sobriety = s.sobriety.value(in: year) / 100
        l.renaturation = s.renaturation.value(in: year) / 100
        l.seaLevel = s.seaLevel.value(in: year)
        l.managedRetreat = s.managedRetreat.value(in: year) / 100
        l.pooled = s.pooling.value(in: year) >= 0.5
        l.warming2050 = s.warming.value(in: year)
        l.waterCut = s.waterSobriety.value(in: year) / 100
        l.adaptation = s.forestAdaptation.value(in: year) / 100
        return l
    }

    /// Per-year constants, computed once before the zone loop.
    struct YearConstants {
        var levers: YearLevers
        var simulating: Bool
        var perYearToTarget, sobriety, extraRetreat, inverseDensityScale, vacancyScale, sizeFactor, inverseSizeFactor: Double
        var trajectoryPace, budgetFactor, envelopeFactor, perYearLeftInPeriod: Double
        /// The first period's years over those left at the reference year: the remaining budget
        /// times it is the first period's budget spread as evenly (∞ when no year was left).
        var lineStartFactor: Double
        /// What `population_growth` adds to every zone's own trend (0 at its Baseline).
        var growthOffset: Double
        /// How far `renewables` goes toward each zone's trend (1 from its Baseline), then beyond it
        /// toward the whole potential (0 up to the Baseline, 1 at 100 %).
        var renewablesBelow, renewablesAbove: Double
        var constrained, beforeMilestone: Bool
        /// Climate of the year (`Climate`): the heat island as felt over the summer (a factor of its
        /// mean), the water resource left (share of the reference year's), the share of water use
        /// kept after sobriety, the share of the forest at high dieback risk (sensitive stands not
        /// yet converted, times their risk), heatwave days.
        var heatFelt = 1.0, resourceFactor = 1.0, waterKept = 1.0, forestAtRiskShare = 0.0, heatwaveDays = 0.0
    }

    /// - Parameter baselines: the Baselines `density` and `vacancy_target` are relative to
    ///   (the territory's own when one sets them; the twin's by default).
    func yearConstants(
        _ settings: LeverSettings, years: Int, baselines: RelativeBaselines? = nil
    ) -> [YearConstants] {
        let p = parameters
        let ref = base.referenceYear
        let densityBaseline = baselines?.density ?? catalog.lever(LeverID.density)!.baseline
        let vacancyBaseline = baselines?.vacancy ?? catalog.lever(LeverID.vacancyTarget)!.baseline
        let growthBaseline = baselines?.growth ?? catalog.lever(LeverID.populationGrowth)!.baseline
        let renewablesBaseline = baselines?.renewables ?? catalog.lever(LeverID.renewables)!.baseline
        var sizeFactor = 1.0
        let schedules = LeverSchedules(settings, catalog: catalog)
        // The climate already observed: the same whatever the `warming` lever asks of 2050.
        let warmingAtReference = Climate.tracc(ref, p)
        var converted = 0.0
        return (0..<years).map { y in
            let year = ref + y
            let l = yearLevers(schedules, year: year)
            if y > 0 { sizeFactor *= 1 + l.sizeTrend }
            // ZAN: first period from 2021 to the milestone, then a straight line to zero in 2050.
            let period1 = Double(max(1, l.milestone - p.zanStartYear))
            let lawShare = l.zan > 0 ? l.zan : 0.5
            let afterMilestone = Double(p.endYear - l.milestone)
            let seaLevelRate = l.seaLevel / Double(p.endYear - p.seaLevelBaselineYear)
            let warming = Climate.warming(year, by2050: l.warming2050, referenceYear: ref, p)
            var constants = YearConstants(
                levers: l, simulating: y > 0,
                // Reciprocals: the zone loop multiplies where it would divide.
                // Years left to build renewables by 2050, this one included.
                perYearToTarget: 1 / Double(max(1, p.endYear - year + 1)),
                sobriety: l.sobriety * min(1, Double(year - ref) / Double(max(1, p.endYear - ref))),
                extraRetreat: p.bruunFactor * max(0, seaLevelRate - p.observedSeaLevelRate),
                inverseDensityScale: densityBaseline / l.density, vacancyScale: l.vacancy / vacancyBaseline,
                sizeFactor: sizeFactor, inverseSizeFactor: 1 / sizeFactor,
                // The first period's yearly pace, falling on a straight line to zero in 2050.
                trajectoryPace: (year >= l.milestone && afterMilestone > 0 ? Double(p.endYear - year) / afterMilestone : 0) / period1,
                budgetFactor: (1 - lawShare) * period1 / 10,
                envelopeFactor: 1 + (afterMilestone + 1) / (2 * period1),
                perYearLeftInPeriod: 1 / Double(max(1, l.milestone - year)),
                // The first simulated year's even pace spreads what is left over m − t₀ − 1 years.
                lineStartFactor: l.milestone > ref + 1 ? period1 / Double(l.milestone - ref - 1) : .infinity,
                growthOffset: l.growth - growthBaseline / 100,
                renewablesBelow: renewablesBaseline > 0 ? min(1, l.renewablesPercent / renewablesBaseline) : 1,
                renewablesAbove: renewablesBaseline < 100
                    ? max(0, (l.renewablesPercent - renewablesBaseline) / (100 - renewablesBaseline)) : 0,
                constrained: l.zan > 0, beforeMilestone: year < l.milestone)
            constants.resourceFactor = Climate.resourceFactor(warming: warming, atReference: warmingAtReference, p)
            constants.waterKept = 1 - l.waterCut * Climate.waterCutProgress(year, referenceYear: ref)
            // Conversion takes the sensitive stands first, the same share of every zone's forest.
            if y > 0 { converted += l.adaptation }
            let sensitive = p.droughtSensitiveForestShare - converted
            constants.forestAtRiskShare = sensitive > 1e-12 ? sensitive * Climate.diebackRisk(warming: warming, p) : 0
            constants.heatwaveDays = Climate.heatwaveDays(warming: warming, p)
            constants.heatFelt = Climate.heatIslandFelt(heatwaveDays: constants.heatwaveDays, p)
            return constants
        }
    }

    /// The zones that run with each setting, as runs of consecutive zones: every zone with
    /// `settings` when no territory sets levers; otherwise one group per combination of
    /// territories setting them, in the order of their first zone (sums stay deterministic).
    /// A group that may pool envelopes keeps its intercommunalities' zones together: `pools`
    /// gives each range's intercommunality (its zones outside any form a group of their own).
    typealias LeverGroup = (
        settings: LeverSettings, ranges: [Range<Int>], pooled: Bool, codes: [String], pools: [Int32]
    )

    func leverGroups(_ settings: LeverSettings) -> [LeverGroup] {
        var result: [LeverGroup] = []
        for group in territoryGroups(settings) {
            guard Self.mayPool(group.settings) else {
                result.append((group.settings, group.ranges, false, group.codes, []))
                continue
            }
            var rangesOf: [Int32: [Range<Int>]] = [:]
            var order: [Int32] = []
            var loose: [Range<Int>] = []
            func add(_ zone: Int, to ranges: inout [Range<Int>]) {
                if let last = ranges.last, last.upperBound == zone {
                    ranges[ranges.count - 1] = last.lowerBound..<(zone + 1)
                } else {
                    ranges.append(zone..<(zone + 1))
                }
            }
            for range in group.ranges {
                for zone in range {
                    let epci = territories.ofZone[2][zone]
                    if epci < 0 {
                        add(zone, to: &loose)
                    } else {
                        if rangesOf[epci] == nil { order.append(epci) }
                        add(zone, to: &rangesOf[epci, default: []])
                    }
                }
            }
            let pooled = order.flatMap { epci in rangesOf[epci, default: []].map { ($0, epci) } }
            if !pooled.isEmpty {
                result.append((group.settings, pooled.map(\.0), true, group.codes, pooled.map(\.1)))
            }
            if !loose.isEmpty { result.append((group.settings, loose, false, group.codes, [])) }
        }
        return result
    }

    /// The Baselines a group's `density` and `vacancy_target` are relative to: those of the
    /// territory that sets each (its own trend, as its twin alone would have it), so that
    /// `epci:X:density=40` gives X's communes what `density=40` gives X's own twin; nil
    /// when the scenario sets them (the twin's).
    typealias RelativeBaselines = (density: Double, vacancy: Double, growth: Double, renewables: Double)

    func relativeBaselines(_ settings: LeverSettings, codes: [String]) -> RelativeBaselines? {
        guard !settings.territories.isEmpty, codes.count == 3 else { return nil }
        func source(_ id: String) -> TerritoryRef? {
            settings.source(of: id, region: codes[0], department: codes[1], epci: codes[2])
        }
        let density = source(LeverID.density), vacancy = source(LeverID.vacancyTarget)
        let growth = source(LeverID.populationGrowth), renewables = source(LeverID.renewables)
        guard density != nil || vacancy != nil || growth != nil || renewables != nil else { return nil }
        func catalog(of territory: TerritoryRef?) -> LeverCatalog {
            let levels = [TerritoryLevel.region, .department, .epci]
            guard let territory, let level = levels.firstIndex(of: territory.level),
                let number = territories.codes[territory.level]?.firstIndex(of: territory.code)
            else { return self.catalog }
            var outward = 0.0, land = 0.0, dwellings = 0.0, vacant = 0.0
            let zones = (0..<base.count).filter { territories.ofZone[level][$0] == Int32(number) }
            for zone in zones {
                outward += trendOutward[zone]
                land += trendLand[zone]
                dwellings += base.dwellings[zone]
                vacant += base.vacantDwellings[zone]
            }
            return LeverCatalog(
                densityTrend: outward > 0 && land > 0 ? outward / land : 15,
                vacancyTrend: dwellings > 0 ? vacant / dwellings * 100 : 8.2,
                growthTrend: Self.growthPercent(base, zoneGrowth, in: zones),
                renewablesTrend: RenewableTrend.sharePercent(renewableTrends, in: zones))
        }
        return (
            catalog(of: density).lever(LeverID.density)?.baseline ?? 15,
            catalog(of: vacancy).lever(LeverID.vacancyTarget)?.baseline ?? 8.2,
            catalog(of: growth).lever(LeverID.populationGrowth)?.baseline ?? 0.12,
            catalog(of: renewables).lever(LeverID.renewables)?.baseline ?? 25
        )
    }

    /// Whether a setting pools intercommunalities' envelopes in any year.
    static func mayPool(_ settings: LeverSettings) -> Bool {
        guard let pooling = settings.schedules[LeverID.zanPooling] else { return false }
        return ([pooling.value] + pooling.changes.map(\.value)).contains { $0 >= 0.5 }
    }

    /// The zones that run with each setting, by the territories that set levers.
    func territoryGroups(
        _ settings: LeverSettings
    ) -> [(settings: LeverSettings, ranges: [Range<Int>], codes: [String])] {
        guard !settings.territories.isEmpty else { return [(settings, [0..<base.count], ["", "", ""])] }
        // Only the territories that set levers tell zones apart: the others count as none (-1).
        let numbers = territories
        let setting = TerritoryLevel.allCases.dropLast().map { level -> [Bool] in
            let codes = numbers.codes[level] ?? []
            return codes.map { settings.territories[TerritoryRef(level, $0)] != nil }
        }
        var index: [SIMD3<Int32>: Int] = [:]
        var groups: [(settings: LeverSettings, ranges: [Range<Int>], codes: [String])] = []
        var previous = (key: SIMD3<Int32>(repeating: -2), group: -1)
        for zone in 0..<base.count {
            var key = SIMD3<Int32>(repeating: -1)
            for level in 0..<3 {
                let number = numbers.ofZone[level][zone]
                if number >= 0 && setting[level][Int(number)] { key[level] = number }
            }
            if key == previous.key, let last = groups[previous.group].ranges.last {
                groups[previous.group].ranges[groups[previous.group].ranges.count - 1] = last.lowerBound..<(zone + 1)
            } else if let group = index[key] {
                groups[group].ranges.append(zone..<(zone + 1))
                previous = (key, group)
            } else {
                index[key] = groups.count
                previous = (key, groups.count)
                func code(_ level: Int) -> String {
                    key[level] < 0 ? "" : numbers.codes[TerritoryLevel.allCases[level]]?[Int(key[level])] ?? ""
                }
                groups.append(
                    (
                        settings.effective(region: code(0), department: code(1), epci: code(2)), [zone..<(zone + 1)],
                        [code(0), code(1), code(2)]
                    ))
            }
        }
        return groups
    }

    /// How many groups of zones run with their own levers (1 without territories').
    public func leverGroupCount(_ settings: LeverSettings) -> Int { leverGroups(settings).count }

    /// Runs the model from the reference year to `endYear` (default 2050).
    ///
    /// Zones do not interact within a year (budgets are per commune, territory values are
    /// sums), so the loop runs zone by zone, all years each: a zone's state stays in
    /// registers, and the territory sums still add zones in the same order every year.
    ///
    /// - Parameter recording: indicators kept per zone for every year (all by default);
    ///   territory indicators are always kept.
    public func run(_ settings: LeverSettings = LeverSettings(), to endYear: Int? = nil,
                    recording: [Indicator] = Indicator.allCases) -> SimulationResult {
        run(settings, to: endYear, recording: recording, threads: nil)
    }

    /// `threads`: at most that many (tests compare runs on one and on several); nil, the cores'.
    func run(_ settings: LeverSettings, to endYear: Int?, recording: [Indicator], threads: Int?) -> SimulationResult {
        let p = parameters
        let ref = base.referenceYear
        let last = max(ref, min(endYear ?? p.endYear, p.endYear))
        let yearCount = last - ref + 1
        let n = base.count
        let indicatorCount = Indicator.allCases.count
        // Zones running with the same levers (all of them, unless territories set their own).
        let groups = leverGroups(settings).map {
            (
                ranges: $0.ranges, pooled: $0.pooled, pools: $0.pools,
                constants: yearConstants(
                    $0.settings, years: yearCount, baselines: relativeBaselines(settings, codes: $0.codes))
            )
        }
        // Zone ratios are only worth computing when kept: territory ratios come from sums.
        let zoneRatios = recording.contains { [.zanBudgetUsed, .energySelfSufficiency, .waterStress].contains($0) }
        let additive = Indicator.allCases.filter(\.isAdditive).map(\.rawValue)
        // Heatwave days are the same in every zone of a group: written out only when kept.
        let recordsHeatwaves = recording.contains(.heatwaveDays)
        let inverseHectaresPerMWp = 1 / p.groundPVHectaresPerMWp
        let inverseMinimumSize = 1 / p.minimumHouseholdSize
        let heatBandStart = SIMD8<Double>(repeating: p.heatExposureThresholdC - p.heatExposureBandC / 2)
        let inverseHeatBand = SIMD8<Double>(repeating: 1 / max(1e-9, p.heatExposureBandC))

        // [year][indicator] sums, contiguous for the zone loop (ratios are finished and
        // the layout turned to [indicator][year] after it), and the recorded zone values
        // as [indicator][zone][year].
        var sums = [Double](repeating: 0, count: indicatorCount * yearCount)
        var envelopes = [Double](repeating: 0, count: yearCount)
        var heatWeighted = [Double](repeating: 0, count: yearCount)
        var heatwaveWeighted = [Double](repeating: 0, count: yearCount)
        var deficitWeighted = [Double](repeating: 0, count: yearCount)
        var zoneValues = [Double](unsafeUninitializedCapacity: recording.count * yearCount * n) { buffer, count in
            count = buffer.count
        }

        // Zones do not interact within a year, so they are simulated in tiles of 64: a
        // tile's state (one column per variable) stays in the L1 cache for all the years,
        // and within a year the zones of a tile are independent work the processor
        // overlaps. Sums still add the zones of each year in zone order.
        let tile = 64
        // A pooled intercommunality is never split between tiles: its communes share one budget a year.
        var largestPool = 0
        for group in groups where group.pooled {
            var size: [Int32: Int] = [:]
            for (range, pool) in zip(group.ranges, group.pools) { size[pool, default: 0] += range.count }
            largestPool = max(largestPool, size.values.max() ?? 0)
        }
        let capacity = max(tile, (largestPool + 7) / 8 * 8)
        // The tile's columns: the zone table's first, in its order, then run-only state.
        // Every group's tiles, in the order their sums add up: whole tiles of a run of consecutive
        // zones (a département's codes follow one another) are read with block copies; what is
        // left of each run shares tiles, its zones gathered one by one. A pooled group is one tile.
        struct Tile {
            var group: Int, start: Int, count: Int
            var gathered: ArraySlice<Int>? = nil
            /// A pooled tile's intercommunality for each of its zones.
            var pools: ArraySlice<Int32>? = nil
        }
        var planned: [Tile] = []
        for (number, group) in groups.enumerated() {
            guard !group.pooled else {
                // Whole intercommunalities, gathered, up to a tile's zones (a larger one alone).
                var zones: [Int] = [], pools: [Int32] = []
                for (range, pool) in zip(group.ranges, group.pools) {
                    zones += range
                    pools += repeatElement(pool, count: range.count)
                }
                var first = 0
                while first < zones.count {
                    var end = first
                    while end < zones.count {
                        var next = end + 1
                        while next < zones.count && pools[next] == pools[end] { next += 1 }
                        if end > first && next - first > tile { break }
                        end = next
                    }
                    planned.append(
                        Tile(group: number, start: first, count: end - first, gathered: zones[first..<end],
                             pools: pools[first..<end]))
                    first = end
                }
                continue
            }
            var leftover: [Int] = []
            for range in group.ranges {
                let whole = range.lowerBound + (range.count / tile) * tile
                for start in stride(from: range.lowerBound, to: whole, by: tile) {
                    planned.append(Tile(group: number, start: start, count: tile))
                }
                leftover += whole..<range.upperBound
            }
            for first in stride(from: 0, to: leftover.count, by: tile) {
                let count = min(tile, leftover.count - first)
                planned.append(
                    Tile(group: number, start: first, count: count, gathered: leftover[first..<(first + count)]))
            }
        }
        let tiles = planned
        // Each tile's sums per year (the indicators, then the ZAN envelope, the heat island weighted by
        // population, heatwave days and years in deficit weighted by population), added in tile order
        // once every tile has run: the same additions in the same order as one thread would make, so
        // a run gives the same bits on any number of cores.
        let partialStride = indicatorCount + 4
        let partialCount = tiles.count * yearCount * partialStride
        let partialSums = SharedDoubles(.allocate(capacity: max(1, partialCount)))
        partialSums.pointer.initialize(repeating: 0, count: partialCount)
        defer { partialSums.pointer.deallocate() }
        let partials = partialSums.pointer

        /// Runs tiles `range` with a block of columns of its own (one call per thread).
        @Sendable func runTiles(_ range: Range<Int>, values: SharedDoubles?) {
            let partials = partialSums.pointer, values = values?.pointer
            enum RunColumn: Int, CaseIterable {
                case unmet, built, renaturated, groundArt, retreat, landLost, lost, relocated
                // Derived values of the year, kept as columns for the sums and the recording.
                case use, output, heat, heatExposed, budgetUsed, selfSufficiency
                case waterUse, resourceLeft, waterStress, deficitYears, forestAtRisk, forestSink, heatwaves
                // A pooled tile's first pass, read back by its second.
                case pvWanted, housingTarget, infilled, outwards, otherLand, renaturing, wanted, poolRate
                // ENAF consumed from 2021 to the reference year (the starting state, kept).
                case cumAtStart
            }
            let tableColumns = ZoneColumn.allCases.count
            let blockColumns = tableColumns + RunColumn.allCases.count
            let block = UnsafeMutablePointer<Double>.allocate(capacity: blockColumns * capacity)
            defer { block.deallocate() }
            func col(_ c: ZoneColumn) -> UnsafeMutablePointer<Double> { block + c.rawValue * capacity }
            func col(_ c: RunColumn) -> UnsafeMutablePointer<Double> { block + (tableColumns + c.rawValue) * capacity }
            let pop = col(.pop), hh = col(.households), dw = col(.dwellings), unmet = col(.unmet), built = col(.built)
            let art = col(.art), agri = col(.agri), nat = col(.nat), forest = col(.forest), water = col(.water)
            let consumed = col(.consumed), cum = col(.cumSince2021), renat = col(.renaturated)
            let roof = col(.roof), gArt = col(.groundArt), gEnaf = col(.groundEnaf), wind = col(.wind)
            let retreat = col(.retreat), landLost = col(.landLost), lost = col(.lost), relocated = col(.relocated)
            let baseArt = col(.baseArt), baseSize = col(.baseSize), inverseBaseSize = col(.inverseBaseSize)
            let heatPerHectare = col(.heatPerHectare), coastline = col(.coastline), erosion = col(.erosion)
            let naf10 = col(.naf10)
            let roofStart = col(.roofStart), roofRise = col(.roofRise), roofRest = col(.roofRest)
            let artStart = col(.artStart), artRise = col(.artRise), artRest = col(.artRest)
            let enafStart = col(.enafStart), enafRise = col(.enafRise), enafRest = col(.enafRest)
            let windStart = col(.windStart), windRise = col(.windRise), windRest = col(.windRest)
            let pvYield = col(.pvYield)
            /// A technology's capacity goal for 2050 under this year's `renewables` (see `RenewableTrend`).
            @inline(__always) func goal(
                _ start: UnsafeMutablePointer<Double>, _ rise: UnsafeMutablePointer<Double>,
                _ rest: UnsafeMutablePointer<Double>, _ k: Int, _ c: YearConstants
            ) -> Lane {
                load(start, k) + load(rise, k) * c.renewablesBelow + load(rest, k) * c.renewablesAbove
            }
            let inverseDensity = col(.inverseDensity), secondShare = col(.secondShare)
            let vacancyShare = col(.vacancyShare), jobsPerCapita = col(.jobsPerCapita)
            let activity = col(.activity), infra = col(.infra), growth = col(.growth)
            let waterResource = col(.waterResource), resourceLeft = col(.resourceLeft)
            let waterUse = col(.waterUse), waterStress = col(.waterStress), deficitYears = col(.deficitYears)
            let forestAtRisk = col(.forestAtRisk), forestSink = col(.forestSink), heatwaves = col(.heatwaves)
            let use = col(.use), output = col(.output), heat = col(.heat), heatExposed = col(.heatExposed)
            let budgetUsed = col(.budgetUsed), selfSufficiency = col(.selfSufficiency)
            let pvWanted = col(.pvWanted), housingTarget = col(.housingTarget), infilled = col(.infilled)
            let outwards = col(.outwards), otherLand = col(.otherLand), renaturing = col(.renaturing)
            let wanted = col(.wanted), poolRate = col(.poolRate), cumAtStart = col(.cumAtStart)
            // A pooled tile's zones numbered by intercommunality (0, 1, …), and each one's sums.
            var localPool = [Int](repeating: 0, count: capacity)
            var poolTotals = [Double](repeating: 0, count: 5 * capacity)
            var poolRates = [Double](repeating: 0, count: capacity)
            // Second names for the columns the vector loop writes back (its locals shadow the first).
            let pop_ = pop, hh_ = hh, dw_ = dw, unmet_ = unmet, built_ = built, art_ = art, agri_ = agri, nat_ = nat
            let forest_ = forest, consumed_ = consumed, cum_ = cum, renat_ = renat, roof_ = roof, gArt_ = gArt
            let gEnaf_ = gEnaf, wind_ = wind, use_ = use, output_ = output, heat_ = heat, heatExposed_ = heatExposed
            let budgetUsed_ = budgetUsed, selfSufficiency_ = selfSufficiency
            let waterUse_ = waterUse, waterStress_ = waterStress, deficitYears_ = deficitYears
            let resourceLeft_ = resourceLeft
            let forestAtRisk_ = forestAtRisk, forestSink_ = forestSink, heatwaves_ = heatwaves
            // Scalars, not lanes: sixteen vector registers are already spoken for in the zone loop.
            let drinkingPerPerson = p.drinkingWaterConsumedPerPersonM3, industryPerJob = p.industryWaterPerJobM3
            let irrigationPerHectare = p.irrigationPerAgriculturalHectareM3
            let deficitShare = p.waterDeficitStressPct / 100
            typealias Lane = SIMD8<Double>
            let zero = Lane()
            let laneIndex = Lane(0, 1, 2, 3, 4, 5, 6, 7)
            // Swift's generic pointwiseMin/Max are not inlined; these compile to vector min/max.
            @inline(__always) func vmax(_ a: Lane, _ b: Lane) -> Lane { a.replacing(with: b, where: b .> a) }
            @inline(__always) func vmin(_ a: Lane, _ b: Lane) -> Lane { a.replacing(with: b, where: b .< a) }
            @inline(__always) func load(_ column: UnsafeMutablePointer<Double>, _ k: Int) -> Lane {
                UnsafeRawPointer(column + k).loadUnaligned(as: Lane.self)
            }
            @inline(__always) func store(_ value: Lane, _ column: UnsafeMutablePointer<Double>, _ k: Int) {
                UnsafeMutableRawPointer(column + k).storeBytes(of: value, as: Lane.self)
            }
            // The tile column holding each indicator's zone values.
            var columnOf = [UnsafeMutablePointer<Double>](repeating: pop, count: indicatorCount)
            let columns: [(Indicator, UnsafeMutablePointer<Double>)] = [
                (.population, pop), (.households, hh), (.dwellings, dw), (.newDwellings, built),
                (.unmetHousingNeed, unmet), (.nafConsumption, consumed), (.nafConsumedSince2021, cum),
                (.zanBudgetUsed, budgetUsed), (.artificialized, art),
                (.agricultural, agri), (.natural, nat), (.forest, forest), (.water, water), (.renaturated, renat),
                (.renewableProduction, output), (.energyConsumption, use), (.energySelfSufficiency, selfSufficiency),
                (.coastalLandLost, landLost), (.coastalDwellingsLost, lost), (.coastalRelocations, relocated),
                (.heatIsland, heat), (.heatExposedPopulation, heatExposed),
                (.waterDemand, waterUse), (.waterResource, resourceLeft), (.waterStress, waterStress),
                (.waterDeficitYears, deficitYears),
                (.forestAtRisk, forestAtRisk), (.forestSink, forestSink), (.heatwaveDays, heatwaves),
            ]
            for (indicator, column) in columns { columnOf[indicator.rawValue] = column }
            let recordedColumns = recording.map { columnOf[$0.rawValue] }

            for number in range {
                let start = tiles[number].start, count = tiles[number].count, gathered = tiles[number].gathered
                var poolCount = 0
                if let pools = tiles[number].pools {
                    var previous = Int32(-1)
                    for (k, pool) in pools.enumerated() {
                        if pool != previous { poolCount += 1 }
                        localPool[k] = poolCount - 1
                        previous = pool
                    }
                }
                let pooled = poolCount > 0
                let constants = groups[tiles[number].group].constants
                // Lanes past `count` in the last group of eight read zeros, never another tile's zones.
                let lanes = (count + 7) / 8 * 8
                if count < lanes {
                    for column in 0..<blockColumns {
                        (block + column * capacity + count).update(repeating: 0, count: lanes - count)
                    }
                }
                // Starting state and constants: block copies from the zone table (or gathers).
                zoneTable.withUnsafeBufferPointer { table in
                    for column in 0..<tableColumns {
                        if let gathered {
                            for (k, zone) in gathered.enumerated() {
                                block[column * capacity + k] = table[column * n + zone]
                            }
                        } else {
                            (block + column * capacity)
                                .update(from: table.baseAddress! + column * n + start, count: count)
                        }
                    }
                }
                for column in tableColumns..<blockColumns {
                    (block + column * capacity).update(repeating: 0, count: lanes)
                }
                cumAtStart.update(from: cum, count: lanes)

                var tileHasCoast = false
                for k in 0..<count where coastline[k] > 0 && erosion[k] > 0 { tileHasCoast = true }

                for y in 0..<yearCount {
                    let c = constants[y]
                    let l = c.levers
                    let accumulator = partials + (number &* yearCount &+ y) &* partialStride

                    // Coast (scalar: few zones have one): erosion plus the Bruun response to
                    // faster sea-level rise. It touches land and dwellings only, so running it
                    // before the demography of the same year changes nothing.
                    if c.simulating && tileHasCoast {
                        for k in 0..<count where coastline[k] > 0 && erosion[k] > 0 {
                            let metres = erosion[k] + c.extraRetreat
                            let land = min(coastline[k] * metres * 0.1, agri[k] + nat[k] + forest[k] + art[k])
                            let before = retreat[k]
                            retreat[k] += metres
                            let pastBuffer = max(0, retreat[k] - p.shoreBufferMetres) - max(0, before - p.shoreBufferMetres)
                            let beyond = metres > 0 ? land * pastBuffer / metres : 0
                            // The beach and dune front goes first, from natural land.
                            var front = land - beyond
                            let fromNatural = min(front, nat[k])
                            nat[k] -= fromNatural
                            front -= fromNatural
                            let inland = beyond + front
                            let landTotal = art[k] + agri[k] + nat[k] + forest[k]
                            if inland > 0 && landTotal > 0 {
                                let share = min(1, inland / landTotal)
                                let artLost = art[k] * share
                                let dwellingsPerHectare = art[k] > 0 ? dw[k] / art[k] : 0
                                art[k] -= artLost; agri[k] -= agri[k] * share; nat[k] -= nat[k] * share
                                forest[k] -= forest[k] * share
                                let reached = min(dw[k], artLost * dwellingsPerHectare)
                                dw[k] -= reached
                                relocated[k] += reached * l.managedRetreat
                                lost[k] += reached * (1 - l.managedRetreat)
                            }
                            water[k] += land
                            landLost[k] += land
                        }
                    }

                    // Everything else, eight zones at a time: each lane is one zone, branches
                    // are lane selects, so eight independent zones fill the pipeline.
                    var envelopeLanes = Lane(), heatLanes = Lane(), heatwaveLanes = Lane()
                    var deficitLanes = Lane()
                    // A pooled intercommunality under ZAN shares one allowance: a first pass stores
                    // what each commune would consume, the pools add it up with their budgets, the
                    // second pass shares each pool's allowance in proportion to what each would consume.
                    let pooling = pooled && c.simulating && c.constrained && l.pooled
                    for pass in 0..<(pooling ? 2 : 1) {
                    let measuring = pooling && pass == 0
                    let resuming = pooling && pass == 1
                    if resuming {
                        poolTotals.withUnsafeMutableBufferPointer { totals in
                            for index in 0..<(5 * poolCount) { totals[index] = 0 }
                            for k in 0..<count {
                                let pool = 5 * localPool[k]
                                totals[pool] += wanted[k]
                                totals[pool + 1] += max(p.communeGuaranteeHa, naf10[k] * c.budgetFactor)
                                totals[pool + 2] += cum[k]
                                totals[pool + 3] += renaturing[k]
                                totals[pool + 4] += cumAtStart[k]
                            }
                            for pool in 0..<poolCount {
                                let want = totals[5 * pool], budget = totals[5 * pool + 1]
                                let allowance = c.beforeMilestone
                                    ? max(0, budget - totals[5 * pool + 2]) * c.perYearLeftInPeriod
                                    : (c.lineStartFactor.isInfinite
                                        ? budget
                                        : min(budget, max(0, budget - totals[5 * pool + 4]) * c.lineStartFactor))
                                        * c.trajectoryPace + totals[5 * pool + 3]
                                poolRates[pool] = want > 0 ? allowance / want : 0
                            }
                        }
                        for k in 0..<count { poolRate[k] = poolRates[localPool[k]] }
                    }
                    for k in stride(from: 0, to: count, by: 8) {
                        let valid = laneIndex .< Lane(repeating: Double(count - k))
                        let budget1 = vmax(Lane(repeating: p.communeGuaranteeHa), load(naf10, k) * c.budgetFactor)
                        let envelope = budget1 * c.envelopeFactor
                        var pop = load(pop, k), hh = load(hh, k), dw = load(dw, k), unmet = load(unmet, k), built = load(built, k)
                        var art = load(art, k), agri = load(agri, k), nat = load(nat, k), forest = load(forest, k)
                        var consumed = load(consumed, k), cum = load(cum, k), renat = load(renat, k)
                        var roof = load(roof, k), gArt = load(gArt, k), gEnaf = load(gEnaf, k), wind = load(wind, k)

                        if c.simulating {
                            // What the allowance is shared by: computed, or read back in a pooled tile's
                            // second pass (the first stored it with the year's demography and renewables).
                            let enafNew, target, infill, outward, others, renaturation: Lane
                            if resuming {
                                enafNew = load(pvWanted, k); target = load(housingTarget, k); infill = load(infilled, k)
                                outward = load(outwards, k); others = load(otherLand, k)
                                renaturation = load(renaturing, k)
                            } else {
                                // Demography.
                                pop *= 1 + load(growth, k) + c.growthOffset
                                let sizeAboveFloor =
                                    load(baseSize, k) * c.sizeFactor .> Lane(repeating: p.minimumHouseholdSize)
                                hh = (pop * inverseMinimumSize).replacing(
                                    with: pop * load(inverseBaseSize, k) * c.inverseSizeFactor, where: sizeAboveFloor)

                                // Renewables: a straight build-out to each technology's 2050 target.
                                let toTarget = c.perYearToTarget
                                let roofNew = vmax(zero, goal(roofStart, roofRise, roofRest, k, c) - roof) * toTarget
                                let artNew = vmax(zero, goal(artStart, artRise, artRest, k, c) - gArt) * toTarget
                                enafNew = l.artificialOnly
                                    ? zero : vmax(zero, goal(enafStart, enafRise, enafRest, k, c) - gEnaf) * toTarget
                                let windNew = vmax(zero, goal(windStart, windRise, windRest, k, c) - wind) * toTarget
                                roof += roofNew; gArt += artNew; wind += windNew

                                // Housing: the stock that houses every household at the target vacancy.
                                let keep = vmin(
                                    Lane(repeating: 0.9), load(secondShare, k) + load(vacancyShare, k) * c.vacancyScale)
                                target = hh / (1 - keep)
                                let gap = vmax(zero, target - dw)
                                infill = gap * l.infill
                                outward = gap - infill
                                let housingLand = outward * load(inverseDensity, k) * c.inverseDensityScale

                                // Land: the ZAN allowance for the year, ground PV first, the rest rationed.
                                // Renaturation is a share of the base year's artificialised land, so the
                                // credit it earns under net accounting never depends on the path taken.
                                renaturation = vmin(art, load(baseArt, k) * l.renaturation)
                                others = housingLand + load(activity, k) + load(infra, k)
                                if measuring {
                                    store(enafNew * p.groundPVHectaresPerMWp + others, wanted, k)
                                    store(pop, pop_, k); store(hh, hh_, k)
                                    store(roof, roof_, k); store(gArt, gArt_, k); store(wind, wind_, k)
                                    store(enafNew, pvWanted, k); store(target, housingTarget, k)
                                    store(infill, infilled, k)
                                    store(outward, outwards, k); store(others, otherLand, k)
                                    store(renaturation, renaturing, k)
                                    continue
                                }
                            }
                            var allowance = Lane(repeating: .infinity)
                            if pooling {
                                allowance = load(wanted, k) * load(poolRate, k)
                            } else if c.constrained {
                                allowance = c.beforeMilestone
                                    ? vmax(zero, budget1 - cum) * c.perYearLeftInPeriod
                                    // From the milestone, the law's straight line to zero, started no higher
                                    // than the first period's yearly allowance (no jump); net consumption:
                                    // renaturation earns allowance back.
                                    : (c.lineStartFactor.isInfinite
                                        ? budget1
                                        : vmin(budget1, vmax(zero, budget1 - load(cumAtStart, k)) * c.lineStartFactor))
                                        * c.trajectoryPace + renaturation
                            }
                            // Ground PV counts as ENAF consumption: it takes the allowance first.
                            var pvLand = vmin(enafNew * p.groundPVHectaresPerMWp, allowance)
                            let room = vmax(zero, allowance - pvLand)
                            var share = Lane(repeating: 1)
                            // Divisions are the model's dearest operations: only when a lane needs one.
                            let rationed = others .> room
                            if any(rationed) {
                                share.replace(with: (room / others).replacing(with: 0, where: .!(others .> zero)), where: rationed)
                            }
                            // Nothing beyond the natural, agricultural and forest land left.
                            let enaf = agri + nat + forest
                            let demand = pvLand + others * share
                            let short = demand .> enaf
                            if any(short) {
                                let cut = (enaf / demand).replacing(with: 0, where: .!(demand .> zero))
                                pvLand.replace(with: pvLand * cut, where: short)
                                share.replace(with: share * cut, where: short)
                            }
                            let landBuilt = others * share
                            let taken = (landBuilt / enaf).replacing(with: 0, where: .!((enaf .> zero) .& (landBuilt .> zero)))
                            agri -= agri * taken; nat -= nat * taken; forest -= forest * taken
                            art += landBuilt.replacing(with: 0, where: .!(taken .> zero))
                            built = infill + outward * share
                            dw += built
                            unmet = vmax(zero, target - dw)
                            consumed = pvLand + landBuilt
                            cum += consumed
                            art -= renaturation
                            nat += renaturation
                            renat += renaturation
                            gEnaf += pvLand * inverseHectaresPerMWp
                        }

                        // Energy and heat.
                        let use = (hh * p.electricityPerHouseholdMWh + pop * load(jobsPerCapita, k) * p.electricityPerJobMWh)
                            * ((1 - c.sobriety) * 0.001)
                        let output = ((roof + gArt + gEnaf) * load(pvYield, k) + wind * p.windFullLoadHours) * 0.001
                        let warming = art * load(heatPerHectare, k)
                        store(pop, pop_, k); store(hh, hh_, k); store(dw, dw_, k); store(unmet, unmet_, k); store(built, built_, k)
                        store(art, art_, k); store(agri, agri_, k); store(nat, nat_, k); store(forest, forest_, k)
                        store(consumed, consumed_, k); store(cum, cum_, k); store(renat, renat_, k)
                        store(roof, roof_, k); store(gArt, gArt_, k); store(gEnaf, gEnaf_, k); store(wind, wind_, k)
                        store(use, use_, k); store(output, output_, k); store(warming, heat_, k)
                        // Exposed: a share of the population rising linearly across the intensity band of
                        // the heat island as felt over the summer (heatwave days count more).
                        let exposedShare = vmin(
                            Lane(repeating: 1), vmax(zero, (warming * c.heatFelt - heatBandStart) * inverseHeatBand))
                        store(pop * exposedShare, heatExposed_, k)

                        // Water: what drinking water, irrigation and industry consume, against the
                        // renewable resource left by the year's warming.
                        let consumedWater = (pop * (drinkingPerPerson + load(jobsPerCapita, k) * industryPerJob)
                            + agri * irrigationPerHectare) * (c.waterKept * 1e-6)
                        let resource = load(waterResource, k) * c.resourceFactor
                        store(consumedWater, waterUse_, k)
                        store(resource, resourceLeft_, k)
                        // A zone without a resource (no area) has no stress to count, nor have lanes past `count`.
                        let stressed = (resource .> zero) .& (consumedWater .>= resource * deficitShare)
                        let deficits = load(deficitYears, k) + Lane(repeating: 1).replacing(with: 0, where: .!stressed)
                        store(deficits, deficitYears_, k)
                        // Forest: the sensitive stands not yet converted are at risk as the climate warms,
                        // and a hectare at risk loses more carbon than a healthy one stores.
                        let atRisk = forest * c.forestAtRiskShare
                        store(atRisk, forestAtRisk_, k)
                        store((forest * p.forestSinkPerHectareTCO2 - atRisk * p.diebackLossPerHectareTCO2) * 0.001,
                              forestSink_, k)
                        if recordsHeatwaves { store(Lane(repeating: c.heatwaveDays), heatwaves_, k) }
                        if zoneRatios {
                            store((cum / envelope * 100).replacing(with: 0, where: .!(envelope .> zero)), budgetUsed_, k)
                            store((output / use * 100).replacing(with: 0, where: .!(use .> zero)), selfSufficiency_, k)
                            store((consumedWater / resource * 100).replacing(with: 0, where: .!(resource .> zero)),
                                  waterStress_, k)
                        }
                        envelopeLanes += envelope.replacing(with: 0, where: .!valid)
                        heatLanes += (warming * pop).replacing(with: 0, where: .!valid)
                        heatwaveLanes += (pop * c.heatwaveDays).replacing(with: 0, where: .!valid)
                        deficitLanes += (pop * deficits).replacing(with: 0, where: .!valid)
                    }
                    }
                    accumulator[indicatorCount] = envelopeLanes.sum()
                    accumulator[indicatorCount + 1] = heatLanes.sum()
                    accumulator[indicatorCount + 2] = heatwaveLanes.sum()
                    accumulator[indicatorCount + 3] = deficitLanes.sum()

                    // The tile's sums for the year, column by column, on eight lanes (a single
                    // chain of additions would cost more than the model); fixed order, so
                    // deterministic. Lanes past `count` are zero.
                    // Ratios and means are finished from other sums: theirs would be thrown away.
                    for i in additive {
                        let column = UnsafeRawPointer(columnOf[i])
                        var lanes = SIMD8<Double>()
                        for k in stride(from: 0, to: count, by: 8) {
                            lanes += column.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self)
                        }
                        accumulator[i] += lanes.sum()
                    }
                    // Recorded zone values: [indicator][year][zone], a contiguous run per tile
                    // (scattered back for a gathered one).
                    for slot in 0..<recordedColumns.count {
                        guard let values else { break }
                        let offset: Int = (slot * yearCount + y) * n
                        if let gathered {
                            let column = recordedColumns[slot]
                            for (k, zone) in gathered.enumerated() { values[offset + zone] = column[k] }
                        } else {
                            (values + offset + start).update(from: recordedColumns[slot], count: count)
                        }
                    }
                }
            }
        }

        // Large twins split their tiles between the cores, in slices of about equal zone counts;
        // a small one runs on the calling thread (starting threads would cost more than it).
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let workers = n >= 4_096 && cores > 1 ? min(tiles.count, cores * 3) : 1
        var bounds = [0]
        if workers > 1 {
            var zones = 0
            for (number, tile) in tiles.enumerated() {
                zones += tile.count
                if zones * workers >= n * bounds.count && bounds.count < workers { bounds.append(number + 1) }
            }
        }
        if bounds.last != tiles.count { bounds.append(tiles.count) }
        zoneValues.withUnsafeMutableBufferPointer { zoneValues in
            let values = zoneValues.baseAddress.map(SharedDoubles.init)  // nil when nothing is recorded
            if bounds.count == 2 {
                runTiles(0..<tiles.count, values: values)
            } else {
                let slices = bounds
                DispatchQueue.concurrentPerform(iterations: slices.count - 1) { slice in
                    runTiles(slices[slice]..<slices[slice + 1], values: values)
                }
            }
        }
        for number in 0..<tiles.count {
            for y in 0..<yearCount {
                let partial = partials + (number * yearCount + y) * partialStride
                for i in 0..<indicatorCount { sums[y * indicatorCount + i] += partial[i] }
                envelopes[y] += partial[indicatorCount]
                heatWeighted[y] += partial[indicatorCount + 1]
                heatwaveWeighted[y] += partial[indicatorCount + 2]
                deficitWeighted[y] += partial[indicatorCount + 3]
            }
        }


        // Ratios of the territory: from its sums, not averages of zone ratios.
        var territory = [Double](repeating: 0, count: indicatorCount * yearCount)
        for y in 0..<yearCount {
            func total(_ i: Indicator) -> Double { sums[y * indicatorCount + i.rawValue] }
            for i in 0..<indicatorCount { territory[i * yearCount + y] = sums[y * indicatorCount + i] }
            let cum = total(.nafConsumedSince2021), use = total(.energyConsumption), people = total(.population)
            territory[Indicator.zanBudgetUsed.rawValue * yearCount + y] = envelopes[y] > 0 ? cum / envelopes[y] * 100 : 0
            territory[Indicator.energySelfSufficiency.rawValue * yearCount + y] = use > 0 ? total(.renewableProduction) / use * 100 : 0
            territory[Indicator.heatIsland.rawValue * yearCount + y] = people > 0 ? heatWeighted[y] / people : 0
            let resource = total(.waterResource)
            let stress = resource > 0 ? total(.waterDemand) / resource * 100 : 0
            territory[Indicator.waterStress.rawValue * yearCount + y] = stress
            territory[Indicator.waterDeficitYears.rawValue * yearCount + y] =
                people > 0 ? deficitWeighted[y] / people : 0
            territory[Indicator.heatwaveDays.rawValue * yearCount + y] = people > 0 ? heatwaveWeighted[y] / people : 0
        }
        return SimulationResult(years: Array(ref...last), zoneCount: n, recorded: recording,
                                territoryValues: territory, zoneValues: zoneValues, slotOfZone: base.slotOfZone)
    }
}

/// A buffer that threads of one run write in disjoint parts (each tile its own zones and sums).
struct SharedDoubles: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    init(_ pointer: UnsafeMutablePointer<Double>) { self.pointer = pointer }
}

/// The régions, départements and EPCIs of a base state, numbered: `ofZone[l][zone]` is the
/// zone's territory of level `l` (0 région, 1 département, 2 EPCI) in `codes`, or -1.
struct TerritoryNumbers: Sendable {
    var codes: [TerritoryLevel: [String]] = [:]
    var ofZone: [[Int32]] = []

    init(_ base: BaseState) {
        let columns = [(TerritoryLevel.region, base.regions), (.department, base.departments), (.epci, base.epcis)]
        for (level, column) in columns {
            var numbers: [String: Int32] = [:]
            var codes: [String] = []
            var last = (code: "", number: Int32(-1))
            ofZone.append(column.map { code in
                // Zones come in code order: a département's are in a row, hashed once.
                if code.isEmpty { return -1 }
                if code == last.code { return last.number }
                let number = numbers[code] ?? {
                    codes.append(code)
                    numbers[code] = Int32(codes.count - 1)
                    return Int32(codes.count - 1)
                }()
                last = (code, number)
                return number
            })
            self.codes[level] = codes
        }
    }
}
