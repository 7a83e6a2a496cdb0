import JumeauModel
import JumeauRender
import JumeauSimulation

/// Where the zones lie beyond their outlines: on which map (the mainland or an overseas
/// département, each in its own projection) and in which région, département and EPCI.
public struct Geography: Sendable {
    /// The frame of each zone: 0 for the mainland, else `OverseasTerritory` index + 1.
    public var frameOfZone: [Int]
    /// Each frame's extent, in its own projection.
    public var frameExtents: [Int: Envelope]
    /// The groups of each level the twin knows (levels with a single unit are left out).
    public var levels: [TerritoryLevel: LevelGroups]
    /// The typical width of a zone (median of the square roots of their envelopes' areas).
    public var typicalZoneSize: Double

    /// The overseas territory of a frame (nil for the mainland).
    public static func territory(ofFrame frame: Int) -> OverseasTerritory? {
        frame >= 1 && frame <= OverseasTerritory.allCases.count ? OverseasTerritory.allCases[frame - 1] : nil
    }

    /// Official names, the same in French and English maps of France.
    public static func name(ofFrame frame: Int) -> String {
        switch territory(ofFrame: frame) {
        case .guadeloupe: "Guadeloupe"
        case .martinique: "Martinique"
        case .guyane: "Guyane"
        case .reunion: "La Réunion"
        case .mayotte: "Mayotte"
        case nil: "France"
        }
    }

    public init(
        envelopes: [Envelope], srsIDs: [Int], departments: [String],
        levelCodes: [TerritoryLevel: [String]], units: [LevelUnit]
    ) {
        let count = envelopes.count
        frameOfZone = (0..<count).map { zone in
            guard zone < srsIDs.count, srsIDs[zone] != CRS.lambert93 else { return 0 }
            let department = zone < departments.count ? departments[zone] : ""
            guard let territory = OverseasTerritory(rawValue: department),
                let index = OverseasTerritory.allCases.firstIndex(of: territory)
            else { return 0 }
            return index + 1
        }
        var extents: [Int: Envelope] = [:]
        for (zone, frame) in frameOfZone.enumerated() { extents[frame, default: .empty].include(envelopes[zone]) }
        frameExtents = extents
        typicalZoneSize = Self.median(envelopes.map { ($0.width * $0.height).squareRoot() })
        var names: [TerritoryLevel: [String: String]] = [:]
        for unit in units { names[unit.level, default: [:]][unit.code] = unit.name }
        var levels: [TerritoryLevel: LevelGroups] = [:]
        for (level, codes) in levelCodes where level != .commune && codes.count == count {
            let groups = LevelGroups(
                level: level, codeOfZone: codes, names: names[level] ?? [:],
                envelopes: envelopes, frames: frameOfZone)
            if groups.codes.count > 1 { levels[level] = groups }
        }
        self.levels = levels
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.filter { $0.isFinite && $0 > 0 }.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// More than one frame: the national view shows the overseas départements as insets.
    public var hasOverseas: Bool { frameExtents.keys.contains { $0 != 0 } && frameExtents[0] != nil }

    /// The level drawn at a scale: the finest whose units are at least four map pixels wide,
    /// so that colours, not outlines, fill the map.
    public func automaticLevel(metresPerPixel: Double) -> TerritoryLevel {
        let wide = 4 * metresPerPixel
        if typicalZoneSize >= wide || levels.isEmpty { return .commune }
        for level in [TerritoryLevel.epci, .department, .region] {
            if let groups = levels[level], groups.typicalSize >= wide { return level }
        }
        return levels[.region] != nil ? .region : levels.keys.min() ?? .commune
    }
}

/// The units of one level (the départements, say) and the zones each holds.
public struct LevelGroups: Sendable {
    public var level: TerritoryLevel
    /// Each zone's unit, −1 when it has none (a commune outside any EPCI).
    public var groupOfZone: [Int32]
    public var codes: [String]
    public var names: [String]
    public var members: [[Int]]
    /// Each unit's extent and frame (that of its first zone).
    public var envelopes: [Envelope]
    public var frames: [Int]
    /// The median width of the units.
    public var typicalSize: Double

    init(
        level: TerritoryLevel, codeOfZone: [String], names byCode: [String: String],
        envelopes zoneEnvelopes: [Envelope],
        frames zoneFrames: [Int]
    ) {
        self.level = level
        var index: [String: Int] = [:]
        var codes: [String] = []
        var members: [[Int]] = []
        var groupOfZone = [Int32](repeating: -1, count: codeOfZone.count)
        var last = (code: "", group: -1)
        for (zone, code) in codeOfZone.enumerated() where !code.isEmpty {
            let group: Int
            // Zones come in code order, so a département's are in a row: no hashing for them.
            if code == last.code {
                group = last.group
            } else if let known = index[code] {
                group = known
            } else {
                group = codes.count
                index[code] = group
                codes.append(code)
                members.append([])
            }
            members[group].append(zone)
            groupOfZone[zone] = Int32(group)
            last = (code, group)
        }
        self.groupOfZone = groupOfZone
        self.codes = codes
        self.members = members
        self.names = codes.map { byCode[$0] ?? $0 }
        envelopes = members.map { zones in
            var extent = Envelope.empty
            for zone in zones { extent.include(zoneEnvelopes[zone]) }
            return extent
        }
        frames = members.map { zoneFrames[$0[0]] }
        typicalSize = Geography.median(envelopes.map { ($0.width * $0.height).squareRoot() })
    }
}

/// How zone values make one value for a région, a département or an EPCI: the rules of
/// territory totals (sums of counts and areas, ratios from sums, population-weighted means).
public enum LevelAggregation {
    /// What an indicator's aggregate needs recorded per zone besides itself.
    public static func inputs(_ indicator: Indicator) -> [Indicator] {
        switch indicator {
        case .zanBudgetUsed: [.nafConsumedSince2021]
        case .energySelfSufficiency: [.renewableProduction, .energyConsumption]
        case .waterStress: [.waterDemand, .waterResource]
        default: Indicator.populationWeighted.contains(indicator) ? [.population] : []
        }
    }

    /// The value of each unit of `groups` for an indicator, from the zones' values in a run.
    public static func indicator(
        _ indicator: Indicator, groups: LevelGroups, zones: (Indicator) -> [Double]?
    )
        -> [Double]
    {
        guard let values = zones(indicator) else { return Array(repeating: .nan, count: groups.codes.count) }
        switch indicator {
        case .zanBudgetUsed:
            // The envelope of each zone is what it consumed over the share of it used.
            guard let consumed = zones(.nafConsumedSince2021) else { return sums(values, groups) }
            let envelopes = zip(consumed, values).map { c, pct in pct > 0 ? c / (pct / 100) : .nan }
            return ratio(sums(consumed, groups, where: envelopes), sums(envelopes, groups), scale: 100)
        case .energySelfSufficiency:
            guard let production = zones(.renewableProduction), let use = zones(.energyConsumption) else {
                return weightedMeans(values, weights: nil, groups)
            }
            return ratio(sums(production, groups), sums(use, groups), scale: 100)
        case .waterStress:
            guard let consumed = zones(.waterDemand), let resources = zones(.waterResource) else {
                return weightedMeans(values, weights: nil, groups)
            }
            return ratio(sums(consumed, groups), sums(resources, groups), scale: 100)
        default:
            return Indicator.populationWeighted.contains(indicator)
                ? weightedMeans(values, weights: zones(.population), groups) : sums(values, groups)
        }
    }

    /// The value of each unit for an attribute of the twin.
    public static func attribute(
        _ values: [Double], id: String, unit: String, population: [Double]?,
        groups: LevelGroups
    ) -> [Double] {
        switch AttributeAggregation.of(id: id, unit: unit) {
        case .sum: sums(values, groups)
        case .mean: weightedMeans(values, weights: population, groups)
        }
    }

    /// Sums over each unit's zones that have a value (NaN when none has); with `where`, only
    /// zones where that other column has a value count.
    static func sums(_ values: [Double], _ groups: LevelGroups, where other: [Double]? = nil) -> [Double] {
        groups.members.map { zones in
            var total = 0.0
            var any = false
            for zone in zones
            where zone < values.count && values[zone].isFinite
                && (other.map { zone < $0.count && $0[zone].isFinite } ?? true)
            {
                total += values[zone]
                any = true
            }
            return any ? total : .nan
        }
    }

    static func ratio(_ numerators: [Double], _ denominators: [Double], scale: Double) -> [Double] {
        zip(numerators, denominators).map { n, d in d > 0 && n.isFinite ? n / d * scale : .nan }
    }

    /// Means weighted by population (unweighted where a unit has none).
    static func weightedMeans(_ values: [Double], weights: [Double]?, _ groups: LevelGroups) -> [Double] {
        groups.members.map { zones in
            var total = 0.0
            var weight = 0.0
            var plain = 0.0
            var count = 0.0
            for zone in zones where zone < values.count && values[zone].isFinite {
                let w = weights.map { zone < $0.count && $0[zone].isFinite ? $0[zone] : 0 } ?? 0
                total += values[zone] * w
                weight += w
                plain += values[zone]
                count += 1
            }
            return weight > 0 ? total / weight : count > 0 ? plain / count : .nan
        }
    }
}
