import JumeauModel

/// Why a twin cannot be simulated.
public struct SimulationError: MessageError, Sendable {
    public var message: Message
    public init(_ key: String, _ arguments: [String: any MessageArgument] = [:]) {
        message = Message(key, arguments)
    }
}

/// The twin's base state, one array per variable (structure of arrays), in zone order.
public struct BaseState: Sendable {
    public let referenceYear: Int
    /// The codes of the zones simulated: every zone of the twin but those without data.
    public let codes: [String]
    public var count: Int { codes.count }
    /// Zones of the twin, simulated or not.
    public let zoneCount: Int
    /// The simulated slot of each zone of the twin (-1: no data); nil when every zone has data.
    public let slotOfZone: [Int]?

    public let population, households, dwellings, vacantDwellings, secondHomes, jobs: [Double]
    public let area, artificialized, agricultural, natural, forest, water: [Double]
    public let naf2011To2020, nafSince2021, housingShare: [Double]
    public let rooftopPotential, groundPotential, groundArtificialPotential, windPotential, pvYield: [Double]
    public let installedPV, installedWind: [Double]
    public let coastline, erosion: [Double]
    /// Each zone's observed population trend, %/yr (`population_trend_pct_yr`, from two
    /// vintages of legal populations); NaN where the twin has none.
    public let populationTrend: [Double]
    /// Each simulated zone's région, département and EPCI codes ("" when unknown): the
    /// territories a scenario may set levers for.
    public let regions, departments, epcis: [String]

    /// Reads the standard attributes of the twin's zones; every one must be present
    /// (the importer guarantees it).
    public init(table: ZoneTable, referenceYear: Int) throws {
        guard table.count > 0 else { throw SimulationError("simulation.no_zones") }
        self.referenceYear = referenceYear
        // Zones imported without data are left out: their values are unknown, not zero.
        let simulated =
            table.noData.count == table.count
            ? table.codes.indices.filter { !table.noData[$0] }
            : Array(table.codes.indices)
        guard !simulated.isEmpty else { throw SimulationError("simulation.no_zones") }
        zoneCount = table.count
        if simulated.count < table.count {
            var slots = [Int](repeating: -1, count: table.count)
            for (slot, zone) in simulated.enumerated() { slots[zone] = slot }
            slotOfZone = slots
        } else {
            slotOfZone = nil
        }
        let simulatedCodes = simulated.map { table.codes[$0] }
        codes = simulatedCodes
        func levels(_ column: [String]) -> [String] {
            column.count == table.count ? simulated.map { column[$0] } : Array(repeating: "", count: simulated.count)
        }
        regions = levels(table.regions)
        departments = levels(table.departments)
        epcis = levels(table.epcis)
        let all = simulated.count == table.count
        func column(_ attribute: StandardAttribute) throws -> [Double] {
            guard let stored = table.columns[attribute.id] else {
                throw SimulationError("simulation.no_attribute", ["id": attribute.id])
            }
            let values = all ? stored : simulated.map { stored[$0] }
            var clamped = values
            for (index, value) in values.enumerated() {
                guard value.isFinite else {
                    throw SimulationError(
                        "simulation.zone_no_attribute", ["code": simulatedCodes[index], "id": attribute.id])
                }
                // The importer refuses such values: a twin holding one was edited since.
                guard attribute.accepts(value) else {
                    throw SimulationError(
                        "simulation.zone_impossible",
                        [
                            "code": simulatedCodes[index], "id": attribute.id,
                            "value": String(value),
                        ])
                }
                clamped[index] = max(0, value)
            }
            return clamped
        }
        population = try column(.population)
        households = try column(.households)
        dwellings = try column(.dwellings)
        vacantDwellings = try column(.vacantDwellings)
        secondHomes = try column(.secondHomes)
        jobs = try column(.jobs)
        area = try column(.areaHa)
        artificialized = try column(.artificializedHa)
        agricultural = try column(.agriculturalHa)
        natural = try column(.naturalHa)
        forest = try column(.forestHa)
        water = try column(.waterHa)
        naf2011To2020 = try column(.naf2011To2020Ha)
        nafSince2021 = try column(.nafSince2021Ha)
        housingShare = try column(.nafHousingSharePct).map { min(1, $0 / 100) }
        rooftopPotential = try column(.rooftopPVPotentialMWp)
        groundPotential = try column(.groundPVPotentialMWp)
        groundArtificialPotential = try column(.groundPVArtificialPotentialMWp)
        windPotential = try column(.windPotentialMW)
        pvYield = try column(.pvYieldKWhPerKWp)
        installedPV = try column(.installedPVMWp)
        installedWind = try column(.installedWindMW)
        coastline = try column(.coastlineKm)
        erosion = try column(.erosionMPerYear)
        // Optional: twins imported without two vintages (or before them) have none.
        if let stored = table.columns["population_trend_pct_yr"] {
            // A rate beyond ±20 %/yr is no trend (an edited twin): unknown rather than trusted.
            populationTrend = (all ? stored : simulated.map { stored[$0] }).map { abs($0) <= 20 ? $0 : .nan }
        } else {
            populationTrend = Array(repeating: .nan, count: simulated.count)
        }
    }

    /// A stable fingerprint of the base state, for the run hash.
    public var fingerprint: UInt64 {
        var hash = FNV1a()
        hash.add(referenceYear)
        for code in codes { hash.add(code) }
        // Levers set per territory and pooling depend on the zones' levels.
        for column in [regions, departments, epcis] where column.contains(where: { !$0.isEmpty }) {
            for code in column { hash.add(code) }
        }
        for column in [
            population, households, dwellings, vacantDwellings, secondHomes, jobs, area, artificialized,
            agricultural, natural, forest, water, naf2011To2020, nafSince2021, housingShare, rooftopPotential,
            groundPotential, groundArtificialPotential, windPotential, pvYield, installedPV, installedWind,
            coastline, erosion, populationTrend,
        ] {
            for value in column { hash.add(value) }
        }
        return hash.value
    }
}

/// FNV-1a, 64 bits: a small, stable hash (Swift's Hasher is seeded per process).
public struct FNV1a: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    public init() {}
    public mutating func add(bytes: some Sequence<UInt8>) {
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }
    }
    public mutating func add(_ string: String) {
        add(bytes: string.utf8)
        add(bytes: [0])
    }
    public mutating func add(_ number: Double) {
        withUnsafeBytes(of: number.bitPattern.littleEndian) { add(bytes: $0) }
    }
    public mutating func add(_ number: Int) { withUnsafeBytes(of: Int64(number).littleEndian) { add(bytes: $0) } }
}
