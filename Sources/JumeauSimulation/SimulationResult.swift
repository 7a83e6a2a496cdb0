/// What a run produces: territory indicators for every year, and per-zone
/// indicators for every year for the indicators that were recorded.
public struct SimulationResult: Sendable {
    public let years: [Int]
    public let zoneCount: Int
    /// Indicators recorded per zone.
    public let recorded: [Indicator]
    /// [indicator][year], flat.
    let territoryValues: [Double]
    /// [recorded indicator][year][zone], flat: a year's map is contiguous.
    let zoneValues: [Double]
    private let recordedSlot: [Int]
    /// Zones simulated (the stride of `zoneValues`): those with data.
    let simulatedCount: Int
    /// The simulated slot of each zone of the twin, -1 for a zone without data; nil when
    /// every zone was simulated.
    let slotOfZone: [Int]?

    init(years: [Int], zoneCount: Int, recorded: [Indicator], territoryValues: [Double], zoneValues: [Double],
         slotOfZone: [Int]? = nil) {
        self.years = years
        self.simulatedCount = zoneCount
        self.slotOfZone = slotOfZone
        self.zoneCount = slotOfZone?.count ?? zoneCount
        self.recorded = recorded
        self.territoryValues = territoryValues
        self.zoneValues = zoneValues
        var slots = [Int](repeating: -1, count: Indicator.allCases.count)
        for (slot, indicator) in recorded.enumerated() { slots[indicator.rawValue] = slot }
        recordedSlot = slots
    }

    public var firstYear: Int { years[0] }
    public var lastYear: Int { years[years.count - 1] }

    public func yearIndex(_ year: Int) -> Int? {
        let index = year - firstYear
        return index >= 0 && index < years.count ? index : nil
    }

    /// The territory's value of an indicator each year.
    public func territory(_ indicator: Indicator) -> ArraySlice<Double> {
        let start = indicator.rawValue * years.count
        return territoryValues[start..<(start + years.count)]
    }

    public func territory(_ indicator: Indicator, year: Int) -> Double? {
        yearIndex(year).map { territoryValues[indicator.rawValue * years.count + $0] }
    }

    /// Every zone's value of an indicator in a year, in zone order (nil when not
    /// recorded or out of range); NaN for a zone without data.
    public func zones(_ indicator: Indicator, year: Int) -> [Double]? {
        let slot = recordedSlot[indicator.rawValue]
        guard slot >= 0, let y = yearIndex(year) else { return nil }
        let start = (slot * years.count + y) * simulatedCount
        guard let slotOfZone else { return Array(zoneValues[start..<(start + simulatedCount)]) }
        return slotOfZone.map { $0 < 0 ? .nan : zoneValues[start + $0] }
    }

    /// One zone's values of an indicator, every year (for its sparkline); nil for a zone without data.
    public func zone(_ zone: Int, _ indicator: Indicator) -> [Double]? {
        let slot = recordedSlot[indicator.rawValue]
        guard slot >= 0, zone >= 0, zone < zoneCount else { return nil }
        let simulated = slotOfZone.map { $0[zone] } ?? zone
        guard simulated >= 0 else { return nil }
        return (0..<years.count).map { zoneValues[(slot * years.count + $0) * simulatedCount + simulated] }
    }
}
