import Foundation

/// The embedded simulation: pure, deterministic, no I/O. Build one per twin (it
/// calibrates the trend on the base state once), then `run` any lever setting.
public struct Simulator: Sendable {
    public let base: BaseState
    public let parameters: ModelParameters
    public let catalog: LeverCatalog
    /// Each zone's trend density of new housing on consumed land, dwellings/ha.
    let trendDensity: [Double]
    /// The territory's trend density: the `density` lever's Baseline.
    public let territoryTrendDensity: Double
    /// Each zone's trend consumption for activities and for infrastructure, ha/yr.
    let trendActivity: [Double]
    let trendInfrastructure: [Double]

    public init(base: BaseState, parameters: ModelParameters = ModelParameters()) {
        self.base = base
        self.parameters = parameters
        let n = base.count
        // Calibration: in the first simulated year at Baseline, each zone's new housing
        // on consumed land takes exactly its observed 2011–2020 housing consumption.
        let baselineLevers = LeverCatalog(densityTrend: 15, vacancyTrend: 8)
        let growth = 1 + baselineLevers.lever(LeverID.populationGrowth)!.baseline / 100
        let sizeFactor = 1 + baselineLevers.lever(LeverID.householdSizeTrend)!.baseline / 100
        let infill = baselineLevers.lever(LeverID.infillShare)!.baseline / 100
        var outwardDwellings = [Double](repeating: 0, count: n)
        var housingLand = [Double](repeating: 0, count: n)
        for z in 0..<n {
            let dwellings = max(base.dwellings[z], 1e-9)
            let size = max(parameters.minimumHouseholdSize, Self.householdSize(base, z) * sizeFactor)
            let households = base.population[z] * growth / size
            let keep = Self.nonMainShare(base, z, vacancyScale: 1)
            let target = households / (1 - keep)
            outwardDwellings[z] = max(0, target - dwellings) * (1 - infill)
            housingLand[z] = base.naf2011To2020[z] / 10 * base.housingShare[z]
        }
        let totalExtension = outwardDwellings.reduce(0, +), totalLand = housingLand.reduce(0, +)
        let trend = totalExtension > 0 && totalLand > 0 ? totalExtension / totalLand : 15
        let catalog = LeverCatalog(densityTrend: trend, vacancyTrend: Self.vacancyPercent(base))
        let leverTrend = catalog.lever(LeverID.density)!.baseline
        territoryTrendDensity = leverTrend
        trendDensity = (0..<n).map { z in
            outwardDwellings[z] > 0 && housingLand[z] > 0 ? min(500, max(1, outwardDwellings[z] / housingLand[z])) : leverTrend
        }
        self.catalog = catalog
        // The observed pace already holds ground-mounted PV (Cerema's files count solar
        // parks among activities): the activity trend is net of what Baseline builds.
        let renewables = catalog.lever(LeverID.renewables)!.baseline / 100
        let yearsToTarget = Double(max(1, parameters.endYear - base.referenceYear))
        var activity = [Double](repeating: 0, count: n), infrastructure = [Double](repeating: 0, count: n)
        for z in 0..<n {
            let nonHousing = base.naf2011To2020[z] / 10 * (1 - base.housingShare[z])
            let groundOnNaturalLand = max(0, base.installedPV[z] - min(base.installedPV[z], base.rooftopPotential[z]))
            let baselinePVLand = max(0, renewables * base.groundPotential[z] - groundOnNaturalLand) / yearsToTarget
                * parameters.groundPVHectaresPerMWp
            let grossActivity = nonHousing * parameters.activityShareOfNonHousing
            activity[z] = max(0, grossActivity - baselinePVLand)
            infrastructure[z] = max(0, nonHousing * (1 - parameters.activityShareOfNonHousing)
                                        - max(0, baselinePVLand - grossActivity))
        }
        trendActivity = activity
        trendInfrastructure = infrastructure
    }

    static func householdSize(_ base: BaseState, _ z: Int) -> Double {
        base.households[z] > 0 ? base.population[z] / base.households[z] : 2.16
    }

    /// Vacant and second homes as a share of the stock, with vacancy scaled by a lever.
    static func nonMainShare(_ base: BaseState, _ z: Int, vacancyScale: Double) -> Double {
        let dwellings = max(base.dwellings[z], 1e-9)
        return min(0.9, base.secondHomes[z] / dwellings + base.vacantDwellings[z] / dwellings * vacancyScale)
    }

    static func vacancyPercent(_ base: BaseState) -> Double {
        let dwellings = base.dwellings.reduce(0, +)
        return dwellings > 0 ? base.vacantDwellings.reduce(0, +) / dwellings * 100 : 8.2
    }

    /// Lever values for every simulated year, looked up once before the loop.
    struct YearLevers {
        var growth = 0.0, sizeTrend = 0.0, density = 0.0, infill = 0.0, vacancy = 0.0
        var zan = 0.0, milestone = 2031, renewables = 0.0, artificialOnly = false, sobriety = 0.0
        var renaturation = 0.0, seaLevel = 0.0, managedRetreat = 0.0
    }

    func yearLevers(_ settings: LeverSettings, year: Int) -> YearLevers {
        func value(_ id: String) -> Double { settings.schedule(id, catalog: catalog).value(in: year) }
        var l = YearLevers()
        l.growth = value(LeverID.populationGrowth) / 100
        l.sizeTrend = value(LeverID.householdSizeTrend) / 100
        l.density = value(LeverID.density)
        l.infill = value(LeverID.infillShare) / 100
        l.vacancy = value(LeverID.vacancyTarget)
        l.zan = value(LeverID.zan) / 100
        l.milestone = Int(value(LeverID.zanMilestone))
        l.renewables = value(LeverID.renewables) / 100
        l.artificialOnly = value(LeverID.groundPVArtificialOnly) >= 0.5
        l.sobriety = value(LeverID.sobriety) / 100
        l.renaturation = value(LeverID.renaturation) / 100
        l.seaLevel = value(LeverID.seaLevelRise)
        l.managedRetreat = value(LeverID.managedRetreat) / 100
        return l
    }

    /// Runs the model from the reference year to `endYear` (default 2050).
    ///
    /// - Parameter recording: indicators kept per zone for every year (all by default);
    ///   territory indicators are always kept.
    public func run(_ settings: LeverSettings = LeverSettings(), to endYear: Int? = nil,
                    recording: [Indicator] = Indicator.allCases) -> SimulationResult {
        let p = parameters
        let ref = base.referenceYear
        let last = max(ref, min(endYear ?? p.endYear, p.endYear))
        let yearCount = last - ref + 1
        let n = base.count
        let indicatorCount = Indicator.allCases.count
        let levers = (0..<yearCount).map { yearLevers(settings, year: ref + $0) }
        let densityBaseline = catalog.lever(LeverID.density)!.baseline
        let vacancyBaseline = catalog.lever(LeverID.vacancyTarget)!.baseline

        // State: one column per variable, all in one allocation, laid out before the loop.
        enum V: Int, CaseIterable {
            case pop, householdSize, households, dwellings, unmet, built
            case art, agri, nat, forest, water, consumed, cumSince2021, renaturated
            case roof, groundArt, groundEnaf, wind, production, consumption
            case retreat, landLost, lost, relocated, heat
            case secondShare, vacancyShare, jobsPerCapita, activity, infra, budget1, envelope
        }
        let state = UnsafeMutablePointer<Double>.allocate(capacity: V.allCases.count * n)
        defer { state.deallocate() }
        func col(_ v: V) -> UnsafeMutablePointer<Double> { state + v.rawValue * n }
        let pop = col(.pop), size = col(.householdSize), hh = col(.households), dw = col(.dwellings)
        let unmet = col(.unmet), built = col(.built)
        let art = col(.art), agri = col(.agri), nat = col(.nat), forest = col(.forest), water = col(.water)
        let consumed = col(.consumed), cum = col(.cumSince2021), renat = col(.renaturated)
        let roof = col(.roof), gArt = col(.groundArt), gEnaf = col(.groundEnaf), wind = col(.wind)
        let production = col(.production), consumption = col(.consumption)
        let retreat = col(.retreat), landLost = col(.landLost), lost = col(.lost), relocated = col(.relocated)
        let heat = col(.heat), secondShare = col(.secondShare), vacancyShare = col(.vacancyShare)
        let jobsPerCapita = col(.jobsPerCapita), activity = col(.activity), infra = col(.infra)
        let budget1 = col(.budget1), envelope = col(.envelope)

        for z in 0..<n {
            pop[z] = base.population[z]
            size[z] = Self.householdSize(base, z)
            hh[z] = base.households[z]
            dw[z] = base.dwellings[z]
            let stock = max(base.dwellings[z], 1e-9)
            secondShare[z] = base.secondHomes[z] / stock
            vacancyShare[z] = base.vacantDwellings[z] / stock
            unmet[z] = 0
            built[z] = 0
            art[z] = base.artificialized[z]; agri[z] = base.agricultural[z]; nat[z] = base.natural[z]
            forest[z] = base.forest[z]; water[z] = base.water[z]
            cum[z] = base.nafSince2021[z]
            consumed[z] = ref > p.zanStartYear ? base.nafSince2021[z] / Double(ref - p.zanStartYear) : base.naf2011To2020[z] / 10
            renat[z] = 0
            let pv = base.installedPV[z]
            roof[z] = min(pv, base.rooftopPotential[z])
            gArt[z] = 0
            gEnaf[z] = pv - roof[z]
            wind[z] = base.installedWind[z]
            retreat[z] = 0; landLost[z] = 0; lost[z] = 0; relocated[z] = 0
            jobsPerCapita[z] = base.population[z] > 0 ? base.jobs[z] / base.population[z] : 0
            activity[z] = trendActivity[z]
            infra[z] = trendInfrastructure[z]
        }

        let recordedSlots = recording
        var territory = [Double](repeating: 0, count: indicatorCount * yearCount)
        var zoneValues = [Double](repeating: 0, count: recordedSlots.count * yearCount * n)
        var sizeFactor = 1.0

        territory.withUnsafeMutableBufferPointer { territory in
        zoneValues.withUnsafeMutableBufferPointer { zoneValues in
        trendDensity.withUnsafeBufferPointer { trendDensity in
            // Per-zone indicator values of the current year, before recording.
            var values = [Double](repeating: 0, count: indicatorCount)
            for y in 0..<yearCount {
                let year = ref + y
                let l = levers[y]
                let simulating = y > 0
                // Years left to build renewables by 2050, this one included.
                let yearsToTarget = Double(max(1, p.endYear - year + 1))
                let sobrietyNow = l.sobriety * min(1, Double(year - ref) / Double(max(1, p.endYear - ref)))
                let seaLevelRate = l.seaLevel / Double(p.endYear - p.seaLevelBaselineYear)
                let extraRetreat = p.bruunFactor * max(0, seaLevelRate - p.observedSeaLevelRate)
                let densityScale = l.density / densityBaseline
                let vacancyScale = l.vacancy / vacancyBaseline
                if simulating { sizeFactor *= 1 + l.sizeTrend }
                // ZAN: first period from 2021 to the milestone, then a straight line to zero in 2050.
                let period1 = Double(max(1, l.milestone - p.zanStartYear))
                let lawShare = l.zan > 0 ? l.zan : 0.5
                let afterMilestone = Double(p.endYear - l.milestone)
                let trajectoryFactor = year >= l.milestone && afterMilestone > 0
                    ? Double(p.endYear - year) / afterMilestone : 0
                var tPop = 0.0, tHH = 0.0, tDw = 0.0, tBuilt = 0.0, tUnmet = 0.0, tConsumed = 0.0, tCum = 0.0
                var tAgri = 0.0, tNat = 0.0, tForest = 0.0, tWater = 0.0
                var tEnvelope = 0.0, tArt = 0.0, tRenat = 0.0, tProd = 0.0, tCons = 0.0, tLand = 0.0, tLost = 0.0
                var tReloc = 0.0, tHeat = 0.0, tExposed = 0.0

                for z in 0..<n {
                    let area = base.area[z]
                    let reference = base.naf2011To2020[z]
                    budget1[z] = max(p.communeGuaranteeHa, reference * (1 - lawShare) * period1 / 10)
                    envelope[z] = budget1[z] + budget1[z] / period1 * (afterMilestone + 1) / 2

                    if simulating {
                        // Demography.
                        pop[z] *= 1 + l.growth
                        size[z] = max(p.minimumHouseholdSize, Self.householdSize(base, z) * sizeFactor)
                        hh[z] = pop[z] / size[z]

                        // Coast: erosion plus the Bruun response to faster sea-level rise.
                        built[z] = 0
                        if base.coastline[z] > 0 && base.erosion[z] > 0 {
                            let metres = base.erosion[z] + extraRetreat
                            let land = min(base.coastline[z] * metres * 0.1, agri[z] + nat[z] + forest[z] + art[z])
                            let before = retreat[z]
                            retreat[z] += metres
                            let pastBuffer = max(0, retreat[z] - p.shoreBufferMetres) - max(0, before - p.shoreBufferMetres)
                            let beyond = metres > 0 ? land * pastBuffer / metres : 0
                            // The beach and dune front goes first, from natural land.
                            var front = land - beyond
                            let fromNatural = min(front, nat[z])
                            nat[z] -= fromNatural
                            front -= fromNatural
                            let inland = beyond + front
                            let landTotal = art[z] + agri[z] + nat[z] + forest[z]
                            var artLost = 0.0
                            if inland > 0 && landTotal > 0 {
                                let k = min(1, inland / landTotal)
                                artLost = art[z] * k
                                let density = art[z] > 0 ? dw[z] / art[z] : 0
                                art[z] -= artLost; agri[z] -= agri[z] * k; nat[z] -= nat[z] * k; forest[z] -= forest[z] * k
                                let reached = min(dw[z], artLost * density)
                                dw[z] -= reached
                                relocated[z] += reached * l.managedRetreat
                                lost[z] += reached * (1 - l.managedRetreat)
                            }
                            water[z] += land
                            landLost[z] += land
                        }

                        // Renewables: a straight build-out to the lever's share of potential by 2050.
                        let roofNew = max(0, l.renewables * base.rooftopPotential[z] - roof[z]) / yearsToTarget
                        let artNew = max(0, l.renewables * base.groundArtificialPotential[z] - gArt[z]) / yearsToTarget
                        let enafNew = l.artificialOnly ? 0 : max(0, l.renewables * base.groundPotential[z] - gEnaf[z]) / yearsToTarget
                        let windNew = max(0, l.renewables * base.windPotential[z] - wind[z]) / yearsToTarget

                        // Housing: the stock that houses every household at the target vacancy.
                        let keep = min(0.9, secondShare[z] + vacancyShare[z] * vacancyScale)
                        let target = hh[z] / (1 - keep)
                        let gap = max(0, target - dw[z])
                        let infill = gap * l.infill
                        let outward = gap - infill
                        let zoneDensity = trendDensity[z] * densityScale
                        let housingLand = zoneDensity > 0 ? outward / zoneDensity : 0

                        // Land: ZAN allowance for the year, ground PV first, the rest rationed.
                        var pvLand = enafNew * p.groundPVHectaresPerMWp
                        // A share of the reference year's artificialised land: the credit it earns
                        // under net accounting never depends on the path taken.
                        let renaturation = min(art[z], base.artificialized[z] * l.renaturation)
                        var allowance = Double.infinity
                        if l.zan > 0 {
                            if year < l.milestone {
                                allowance = max(0, budget1[z] - cum[z]) / Double(l.milestone - year)
                            } else {
                                // From the milestone, net consumption: renaturation earns allowance back.
                                allowance = budget1[z] / period1 * trajectoryFactor + renaturation
                            }
                        }
                        // Ground PV counts as ENAF consumption: it takes the allowance first.
                        pvLand = min(pvLand, allowance)
                        let others = housingLand + activity[z] + infra[z]
                        let room = max(0, allowance - pvLand)
                        var share = others > room ? (others > 0 ? room / others : 0) : 1
                        // Nothing beyond the natural, agricultural and forest land left.
                        let enaf = agri[z] + nat[z] + forest[z]
                        let demand = pvLand + others * share
                        if demand > enaf {
                            let k = demand > 0 ? enaf / demand : 0
                            pvLand *= k
                            share *= k
                        }
                        let landBuilt = others * share
                        let consumption = pvLand + landBuilt
                        if enaf > 0 && landBuilt > 0 {
                            let k = landBuilt / enaf
                            agri[z] -= agri[z] * k; nat[z] -= nat[z] * k; forest[z] -= forest[z] * k
                            art[z] += landBuilt
                        }
                        let builtDwellings = infill + outward * share
                        dw[z] += builtDwellings
                        built[z] = builtDwellings
                        unmet[z] = max(0, target - dw[z])
                        consumed[z] = consumption
                        cum[z] += consumption
                        art[z] -= renaturation
                        nat[z] += renaturation
                        renat[z] += renaturation
                        roof[z] += roofNew; gArt[z] += artNew; wind[z] += windNew
                        gEnaf[z] += pvLand / p.groundPVHectaresPerMWp
                    }

                    // Energy and heat.
                    let jobs = pop[z] * jobsPerCapita[z]
                    consumption[z] = (hh[z] * p.electricityPerHouseholdMWh + jobs * p.electricityPerJobMWh) * (1 - sobrietyNow) / 1_000
                    production[z] = ((roof[z] + gArt[z] + gEnaf[z]) * base.pvYield[z] + wind[z] * p.windFullLoadHours) / 1_000
                    let sealed = area > 0 ? art[z] * p.sealedShareOfArtificialised / area : 0
                    heat[z] = p.heatIslandAtFullSealingC * sealed

                    values[Indicator.population.rawValue] = pop[z]
                    values[Indicator.households.rawValue] = hh[z]
                    values[Indicator.dwellings.rawValue] = dw[z]
                    values[Indicator.newDwellings.rawValue] = built[z]
                    values[Indicator.unmetHousingNeed.rawValue] = unmet[z]
                    values[Indicator.nafConsumption.rawValue] = consumed[z]
                    values[Indicator.nafConsumedSince2021.rawValue] = cum[z]
                    values[Indicator.zanBudgetUsed.rawValue] = envelope[z] > 0 ? cum[z] / envelope[z] * 100 : 0
                    values[Indicator.artificialized.rawValue] = art[z]
                    values[Indicator.agricultural.rawValue] = agri[z]
                    values[Indicator.natural.rawValue] = nat[z]
                    values[Indicator.forest.rawValue] = forest[z]
                    values[Indicator.water.rawValue] = water[z]
                    values[Indicator.renaturated.rawValue] = renat[z]
                    values[Indicator.renewableProduction.rawValue] = production[z]
                    values[Indicator.energyConsumption.rawValue] = consumption[z]
                    values[Indicator.energySelfSufficiency.rawValue] = consumption[z] > 0 ? production[z] / consumption[z] * 100 : 0
                    values[Indicator.coastalLandLost.rawValue] = landLost[z]
                    values[Indicator.coastalDwellingsLost.rawValue] = lost[z]
                    values[Indicator.coastalRelocations.rawValue] = relocated[z]
                    values[Indicator.heatIsland.rawValue] = heat[z]
                    values[Indicator.heatExposedPopulation.rawValue] = heat[z] >= p.heatExposureThresholdC ? pop[z] : 0
                    for (slot, indicator) in recordedSlots.enumerated() {
                        zoneValues[(slot * yearCount + y) * n + z] = values[indicator.rawValue]
                    }

                    tPop += pop[z]; tHH += hh[z]; tDw += dw[z]; tBuilt += built[z]; tUnmet += unmet[z]
                    tConsumed += consumed[z]; tCum += cum[z]; tEnvelope += envelope[z]; tArt += art[z]
                    tAgri += agri[z]; tNat += nat[z]; tForest += forest[z]; tWater += water[z]
                    tRenat += renat[z]; tProd += production[z]; tCons += consumption[z]; tLand += landLost[z]
                    tLost += lost[z]; tReloc += relocated[z]; tHeat += heat[z] * pop[z]
                    tExposed += values[Indicator.heatExposedPopulation.rawValue]
                }

                func put(_ indicator: Indicator, _ value: Double) { territory[indicator.rawValue * yearCount + y] = value }
                put(.population, tPop); put(.households, tHH); put(.dwellings, tDw); put(.newDwellings, tBuilt)
                put(.unmetHousingNeed, tUnmet); put(.nafConsumption, tConsumed); put(.nafConsumedSince2021, tCum)
                put(.zanBudgetUsed, tEnvelope > 0 ? tCum / tEnvelope * 100 : 0); put(.artificialized, tArt)
                put(.agricultural, tAgri); put(.natural, tNat); put(.forest, tForest); put(.water, tWater)
                put(.renaturated, tRenat); put(.renewableProduction, tProd); put(.energyConsumption, tCons)
                put(.energySelfSufficiency, tCons > 0 ? tProd / tCons * 100 : 0); put(.coastalLandLost, tLand)
                put(.coastalDwellingsLost, tLost); put(.coastalRelocations, tReloc)
                put(.heatIsland, tPop > 0 ? tHeat / tPop : 0); put(.heatExposedPopulation, tExposed)
            }
        }
        }
        }
        return SimulationResult(years: Array(ref...last), zoneCount: n, recorded: recording,
                                territoryValues: territory, zoneValues: zoneValues)
    }
}
