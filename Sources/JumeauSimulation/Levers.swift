import JumeauModel
/// Which way a lever is "more ambitious" for the ecological transition.
public enum AmbitionDirection: String, Sendable, Codable {
    case increasing, decreasing
}

/// A reference value shown on a slider (the law, a national figure).
public struct LeverMark: Sendable, Equatable {
    public var value: Double
    public var labelFR: String
    public var labelEN: String
}

/// A policy lever: a slider in physical units.
public struct LeverDefinition: Sendable, Equatable {
    public var id: String
    public var labelFR: String
    public var labelEN: String
    public var unit: String
    public var minimum: Double
    public var maximum: Double
    public var step: Double
    /// The trend value, called "Baseline".
    public var baseline: Double
    public var ambitious: AmbitionDirection
    public var marks: [LeverMark]
    /// Levers that take only a few values (a milestone year, on/off) list them.
    public var choices: [Double]?

    /// Decimals that show the lever's step (0.25 → 2).
    public var decimals: Int { Self.decimals(of: step) }

    /// Decimals that show a value exactly (0.5 → 1, 12 → 0), at most four.
    public static func decimals(of value: Double) -> Int {
        var places = 0, scaled = value
        while places < 4 && abs(scaled - scaled.rounded()) > 1e-9 { scaled *= 10; places += 1 }
        return places
    }

    public func contains(_ value: Double) -> Bool {
        guard value.isFinite, value >= minimum - 1e-9, value <= maximum + 1e-9 else { return false }
        if let choices { return choices.contains(value) }
        return true
    }
}

/// The levers a twin offers. Most defaults are national figures; `density` and
/// `vacancy_target` start from the twin's own trend (docs/model.md).
public enum LeverID {
    public static let zan = "zan"
    public static let density = "density"
    public static let renewables = "renewables"
    public static let populationGrowth = "population_growth"
    public static let householdSizeTrend = "household_size_trend"
    public static let infillShare = "infill_share"
    public static let vacancyTarget = "vacancy_target"
    public static let zanMilestone = "zan_milestone"
    public static let renaturation = "renaturation"
    public static let groundPVArtificialOnly = "ground_pv_artificial_only"
    public static let sobriety = "sobriety"
    public static let seaLevelRise = "sea_level_rise"
    public static let managedRetreat = "managed_retreat"
    /// Each intercommunality's communes share one ZAN envelope (an intercommunal plan, PLUi).
    public static let zanPooling = "zan_pooling"
    /// Mainland France's warming in 2050 over pre-industrial: the climate every other lever meets.
    public static let warming = "warming"
    public static let waterSobriety = "water_sobriety"
    public static let forestAdaptation = "forest_adaptation"
}

public struct LeverCatalog: Sendable {
    public let levers: [LeverDefinition]

    public func lever(_ id: String) -> LeverDefinition? { levers.first { $0.id == id } }

    /// - Parameters:
    ///   - densityTrend: the twin's trend density of new housing on consumed land.
    ///   - vacancyTrend: the twin's vacancy share, in percent.
    ///   - growthTrend: the twin's population trend, %/yr (INSEE's national projection where
    ///     the twin has no two vintages of legal populations).
    ///   - renewablesTrend: the share of the twin's renewable potential its recent installation
    ///     pace reaches by 2050, % (docs/model.md, "Energy").
    public init(densityTrend: Double, vacancyTrend: Double, growthTrend: Double = 0.12, renewablesTrend: Double = 25) {
        func round(_ value: Double, _ step: Double) -> Double { (value / step).rounded() * step }
        levers = [
            LeverDefinition(id: LeverID.zan, labelFR: "Réduction de la consommation d'ENAF (ZAN)",
                            labelEN: "Cut in natural land take (ZAN)", unit: "%", minimum: 0, maximum: 100, step: 5,
                            baseline: 0, ambitious: .increasing,
                            marks: [LeverMark(value: 50, labelFR: "loi Climat et Résilience", labelEN: "Climate and Resilience Act")],
                            choices: nil),
            LeverDefinition(id: LeverID.density, labelFR: "Densité des logements neufs en extension",
                            labelEN: "Density of new housing on consumed land", unit: "dwellings/ha", minimum: 5, maximum: 100,
                            step: 1, baseline: min(100, max(5, round(densityTrend, 1))), ambitious: .increasing,
                            marks: [LeverMark(value: 40, labelFR: "cœur urbain", labelEN: "urban core")], choices: nil),
            LeverDefinition(id: LeverID.renewables, labelFR: "Part du potentiel renouvelable réalisée en 2050",
                            labelEN: "Share of renewable potential built by 2050", unit: "%", minimum: 0, maximum: 100, step: 5,
                            baseline: min(100, max(0, round(renewablesTrend.isFinite ? renewablesTrend : 25, 1))),
                            ambitious: .increasing, marks: [], choices: nil),
            LeverDefinition(id: LeverID.populationGrowth, labelFR: "Croissance démographique", labelEN: "Population growth",
                            unit: "%/yr", minimum: -1, maximum: 2, step: 0.05,
                            // The trend to the hundredth (INSEE's 0.12 stays 0.12), off the slider's steps as it was.
                            baseline: min(2, max(-1, round(growthTrend.isFinite ? growthTrend : 0.12, 0.01))),
                            ambitious: .decreasing,
                            marks: [LeverMark(value: 0.12, labelFR: "INSEE central", labelEN: "INSEE central")], choices: nil),
            LeverDefinition(id: LeverID.householdSizeTrend, labelFR: "Évolution de la taille des ménages",
                            labelEN: "Household size trend", unit: "%/yr", minimum: -1.5, maximum: 0.5, step: 0.1,
                            baseline: -0.4, ambitious: .increasing, marks: [], choices: nil),
            LeverDefinition(id: LeverID.infillShare, labelFR: "Part des logements neufs dans l'enveloppe urbaine",
                            labelEN: "Share of new dwellings built inside the urban envelope", unit: "%", minimum: 0,
                            maximum: 90, step: 5, baseline: 40, ambitious: .increasing, marks: [], choices: nil),
            LeverDefinition(id: LeverID.vacancyTarget, labelFR: "Taux de vacance visé", labelEN: "Target vacancy rate",
                            unit: "%", minimum: 3, maximum: 15, step: 0.1,
                            baseline: min(15, max(3, round(vacancyTrend, 0.1))), ambitious: .decreasing,
                            marks: [LeverMark(value: 6, labelFR: "vacance frictionnelle", labelEN: "frictional vacancy")],
                            choices: nil),
            LeverDefinition(id: LeverID.zanMilestone, labelFR: "Premier jalon ZAN", labelEN: "First ZAN milestone",
                            unit: "year", minimum: 2031, maximum: 2034, step: 3, baseline: 2031, ambitious: .decreasing,
                            marks: [LeverMark(value: 2034, labelFR: "proposition TRACE", labelEN: "TRACE bill")],
                            choices: [2031, 2034]),
            LeverDefinition(id: LeverID.renaturation, labelFR: "Renaturation annuelle", labelEN: "Yearly renaturation",
                            unit: "% of base artificialised land/yr", minimum: 0, maximum: 0.5, step: 0.01, baseline: 0,
                            ambitious: .increasing, marks: [], choices: nil),
            LeverDefinition(id: LeverID.groundPVArtificialOnly, labelFR: "PV au sol seulement sur terrains artificialisés",
                            labelEN: "Ground PV on artificialised land only", unit: "off/on", minimum: 0, maximum: 1, step: 1,
                            baseline: 0, ambitious: .increasing, marks: [], choices: [0, 1]),
            LeverDefinition(id: LeverID.sobriety, labelFR: "Sobriété énergétique en 2050", labelEN: "Energy sobriety by 2050",
                            unit: "%", minimum: 0, maximum: 50, step: 5, baseline: 0, ambitious: .increasing, marks: [],
                            choices: nil),
            LeverDefinition(id: LeverID.seaLevelRise, labelFR: "Hausse du niveau marin en 2050", labelEN: "Sea-level rise by 2050",
                            unit: "m", minimum: 0.15, maximum: 0.5, step: 0.01, baseline: 0.22, ambitious: .decreasing,
                            marks: [LeverMark(value: 0.19, labelFR: "SSP1-1.9", labelEN: "SSP1-1.9"),
                                    LeverMark(value: 0.25, labelFR: "SSP5-8.5", labelEN: "SSP5-8.5")], choices: nil),
            LeverDefinition(id: LeverID.managedRetreat, labelFR: "Relocalisation anticipée", labelEN: "Managed retreat",
                            unit: "%", minimum: 0, maximum: 100, step: 10, baseline: 0, ambitious: .increasing, marks: [],
                            choices: nil),
            // Last, so that scenario codes written before it keep their letters.
            LeverDefinition(id: LeverID.zanPooling, labelFR: "Enveloppe ZAN mutualisée dans l'intercommunalité",
                            labelEN: "ZAN envelope pooled in each intercommunality", unit: "off/on", minimum: 0,
                            maximum: 1, step: 1, baseline: 0, ambitious: .increasing,
                            marks: [LeverMark(value: 1, labelFR: "PLUi", labelEN: "PLUi")], choices: [0, 1]),
            // Climate, after it for the same reason (docs/model.md, "Climate").
            LeverDefinition(id: LeverID.warming, labelFR: "Réchauffement de la France hexagonale en 2050",
                            labelEN: "Warming of mainland France by 2050", unit: "°C", minimum: 2, maximum: 4,
                            step: 0.1, baseline: 2.7, ambitious: .decreasing,
                            // France warms 4/3 as much as the world (TRACC); AR6's 2041–2060 best estimates.
                            marks: [LeverMark(value: 2.1, labelFR: "SSP1-1.9", labelEN: "SSP1-1.9"),
                                    LeverMark(value: 2.7, labelFR: "TRACC", labelEN: "TRACC"),
                                    LeverMark(value: 3.2, labelFR: "SSP5-8.5", labelEN: "SSP5-8.5")], choices: nil),
            LeverDefinition(id: LeverID.waterSobriety, labelFR: "Baisse des usages de l'eau en 2030",
                            labelEN: "Cut in water use by 2030", unit: "%", minimum: 0, maximum: 40, step: 5,
                            baseline: 0, ambitious: .increasing,
                            marks: [LeverMark(value: 10, labelFR: "Plan eau", labelEN: "Plan eau")], choices: nil),
            LeverDefinition(id: LeverID.forestAdaptation, labelFR: "Forêt convertie en essences résistantes",
                            labelEN: "Forest converted to drought-resistant stands", unit: "%/yr", minimum: 0,
                            maximum: 2, step: 0.05, baseline: 0.15, ambitious: .increasing,
                            marks: [LeverMark(value: 1, labelFR: "1 milliard d'arbres", labelEN: "1 billion trees")],
                            choices: nil),
        ]
    }
}

/// A lever's value over time: a starting value and dated changes.
public struct LeverSchedule: Sendable, Equatable, Codable {
    public var value: Double
    /// (year, value) pairs, in year order: from that year on, the value changes.
    public var changes: [YearValue]

    public struct YearValue: Sendable, Equatable, Codable {
        public var year: Int
        public var value: Double
        public init(year: Int, value: Double) { self.year = year; self.value = value }
    }

    public init(_ value: Double, changes: [YearValue] = []) {
        self.value = value
        self.changes = changes.sorted { $0.year < $1.year }
    }

    public func value(in year: Int) -> Double {
        var current = value
        for change in changes where change.year <= year { current = change.value }
        return current
    }
}

/// Why a lever setting is refused.
public struct LeverError: MessageError, Sendable, Equatable {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        message = Message(key, arguments)
    }
}

/// A full lever setting: every lever not set keeps its Baseline value. Régions,
/// départements and EPCIs may set their own values (`territories`): each zone runs with
/// those of its closest enclosing territory that sets a lever, else the scenario's own.
public struct LeverSettings: Sendable, Equatable, Codable {
    public private(set) var schedules: [String: LeverSchedule] = [:]
    /// The levers territories set for their zones, by territory.
    public private(set) var territories: [TerritoryRef: [String: LeverSchedule]] = [:]

    public init() {}

    /// Sets a lever, checking its id and every value against the catalogue.
    public mutating func set(_ id: String, _ schedule: LeverSchedule, catalog: LeverCatalog) throws {
        let lever = try Self.checked(id, schedule, catalog: catalog)
        // Canonical form: a lever at its Baseline is simply not set.
        if schedule.changes.isEmpty && schedule.value == lever.baseline {
            schedules[id] = nil
        } else {
            schedules[id] = schedule
        }
    }

    /// Sets a lever for one territory's zones (nil: they inherit it again). Unlike the
    /// scenario's own, a territory's value equal to Baseline is kept: it overrides a
    /// different value set around it.
    public mutating func set(
        _ id: String, _ schedule: LeverSchedule?, for territory: TerritoryRef, catalog: LeverCatalog
    ) throws {
        if let schedule { _ = try Self.checked(id, schedule, catalog: catalog) }
        territories[territory, default: [:]][id] = schedule
        if territories[territory]?.isEmpty == true { territories[territory] = nil }
    }

    /// The setting a zone of these territories runs with: the scenario's levers, then
    /// those its région, département and EPCI set, the closest last.
    public func effective(region: String, department: String, epci: String) -> LeverSettings {
        guard !territories.isEmpty else { return self }
        var merged = LeverSettings()
        merged.schedules = schedules
        for territory in [
            TerritoryRef(.region, region), TerritoryRef(.department, department), TerritoryRef(.epci, epci),
        ] where !territory.code.isEmpty {
            for (id, schedule) in territories[territory] ?? [:] { merged.schedules[id] = schedule }
        }
        return merged
    }

    /// The setting as a twin of some of the zones sees it (`jumeau extract`): the levers of
    /// territories holding every one of them become the setting's own (the closest last),
    /// territories holding some keep theirs, the others go. Each zone runs as before.
    /// - Parameters: regions, departments, epcis: the kept zones' codes, zone by zone.
    public func limited(regions: [String], departments: [String], epcis: [String]) -> LeverSettings {
        var limited = LeverSettings()
        limited.schedules = schedules
        var folded: [(level: TerritoryLevel, ids: Set<String>)] = []
        for (level, codes) in [(TerritoryLevel.region, regions), (.department, departments), (.epci, epcis)] {
            let present = Set(codes)
            for (territory, levers) in territories where territory.level == level && present.contains(territory.code) {
                if present.count == 1 && !codes.isEmpty {
                    for (id, schedule) in levers { limited.schedules[id] = schedule }
                    folded.append((level, Set(levers.keys)))
                } else {
                    limited.territories[territory] = levers
                }
            }
        }
        // A closer territory holding every zone beats a larger one holding some: the larger
        // one's value for that lever would otherwise win over the folded one.
        for (territory, levers) in limited.territories {
            let beaten = folded.filter { $0.level > territory.level }
                .reduce(into: Set<String>()) { $0.formUnion($1.ids) }
            let kept = levers.filter { !beaten.contains($0.key) }
            limited.territories[territory] = kept.isEmpty ? nil : kept
        }
        return limited
    }

    /// Where a zone's value of a lever comes from: the closest enclosing territory that
    /// sets it, nil for the scenario's own.
    public func source(of id: String, region: String, department: String, epci: String) -> TerritoryRef? {
        [TerritoryRef(.epci, epci), TerritoryRef(.department, department), TerritoryRef(.region, region)]
            .first { !$0.code.isEmpty && territories[$0]?[id] != nil }
    }

    /// The lever's definition, once its id and every value are checked against the catalogue.
    static func checked(_ id: String, _ schedule: LeverSchedule, catalog: LeverCatalog) throws -> LeverDefinition {
        guard let lever = catalog.lever(id) else {
            throw LeverError("lever.unknown", ["id": id, "levers": catalog.levers.map(\.id).joined(separator: ", ")])
        }
        var years = Set<Int>()
        if let twice = schedule.changes.first(where: { !years.insert($0.year).inserted }) {
            throw LeverError("lever.year_twice", ["id": id, "year": twice.year])
        }
        for value in [schedule.value] + schedule.changes.map(\.value) where !lever.contains(value) {
            let number = { (value: Double) in Message.Argument.number(value, decimals: LeverDefinition.decimals(of: value)) }
            if let choices = lever.choices {
                throw LeverError("lever.not_a_choice", ["id": id, "value": number(value), "unit": Message.Argument.unit(lever.unit),
                                                        "choices": choices.map { LeverSettings.format($0) }.joined(separator: " / ")])
            }
            throw LeverError("lever.out_of_range_set", ["id": id, "value": number(value), "min": number(lever.minimum),
                                                        "max": number(lever.maximum), "unit": Message.Argument.unit(lever.unit)])
        }
        return lever
    }

    public func schedule(_ id: String, catalog: LeverCatalog) -> LeverSchedule {
        schedules[id] ?? LeverSchedule(catalog.lever(id)?.baseline ?? 0)
    }

    public var isBaseline: Bool { schedules.isEmpty && territories.isEmpty }

    /// As the twin saves it (`canonicalJSON`).
    public init(from decoder: any Decoder) throws {
        let saved = try SavedLevers(from: decoder)
        schedules = saved.schedules
        territories = saved.territories
    }

    public func encode(to encoder: any Encoder) throws {
        try SavedLevers(schedules: schedules, territories: territories).encode(to: encoder)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}

/// A région, département or EPCI that sets levers of its own in a scenario (a regional
/// plan's cut of the ZAN target, an intercommunal plan's), written "reg:75", "dep:33" or
/// "epci:243300316".
public struct TerritoryRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var level: TerritoryLevel
    public var code: String

    public init(_ level: TerritoryLevel, _ code: String) {
        self.level = level
        self.code = code
    }

    /// "dep:33" and the like; nil for a commune, an unknown level or an empty code.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let level = TerritoryLevel(rawValue: String(parts[0]).lowercased()),
            level != .commune, !parts[1].isEmpty,
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return nil }
        self.init(level, String(parts[1]).uppercased())
    }

    public var description: String { "\(level.rawValue):\(code)" }

    /// Larger levels first, then codes.
    public static func < (lhs: TerritoryRef, rhs: TerritoryRef) -> Bool {
        lhs.level != rhs.level ? lhs.level < rhs.level : lhs.code.utf8.lexicographicallyPrecedes(rhs.code.utf8)
    }
}
